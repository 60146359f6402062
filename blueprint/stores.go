package blueprint

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// An API keeps what must outlive its tasks in a data store: objects
// (uploads, exports, reports) in an S3 bucket, items (orders, sessions) in
// a DynamoDB table. A bucket or a table is the application's (buckets,
// tables); a service names one in its containers' environment,
// ${buckets.uploads.name} or ${tables.orders.name}, which is how the
// application learns its name and what gives that service's task role
// read and write on it alone. AWS Copilot's storage init made them as
// addons, each a template of its own.

// Bucket is an S3 bucket of the application: private, versioned,
// encrypted with S3's AWS managed KMS key, refusing requests without TLS,
// and kept when its stack is deleted or a change replaces it.
type Bucket struct {
	// Name names the bucket in the Blueprint: lowercase letters, digits
	// and hyphens. The bucket itself has no name of its own:
	// CloudFormation names it from the stack, unique in all of S3, so that
	// environments in one account never collide.
	Name string `yaml:"name"`
	// VersionDays is how many days S3 keeps an object's earlier version
	// once a newer one replaced it or the object was deleted (default 30):
	// the way back from an overwrite or a deletion.
	VersionDays int `yaml:"versionDays,omitempty"`
	// ExpireDays deletes each object that many days after it was written,
	// for exports or temporary uploads (default: never).
	ExpireDays int `yaml:"expireDays,omitempty"`
	// ReadOnly are the services that only read the bucket: their tasks may
	// list it and get its objects, and write nothing. The others that name
	// it read and write.
	ReadOnly []string `yaml:"readOnly,omitempty"`
	// CORS lets web pages of the listed origins call the bucket from
	// their users' browsers: an upload or a download with a presigned URL
	// the application hands out (default: none).
	CORS *BucketCORS `yaml:"cors,omitempty"`
	// Existing names a bucket the stack does not create, with its objects.
	Existing *ExistingStore `yaml:"existing,omitempty"`
}

// Table is a DynamoDB table of the application: on-demand (paid per
// request, no capacity to plan), with point-in-time recovery, encrypted
// with DynamoDB's AWS managed KMS key, and kept when its stack is deleted
// or a change replaces it unless retain says otherwise.
type Table struct {
	// Name names the table in the Blueprint: lowercase letters, digits and
	// hyphens. The table itself has no name of its own: CloudFormation
	// names it from the stack, so that environments in one account never
	// collide.
	Name string `yaml:"name"`
	// PartitionKey is the attribute every item is found by (DynamoDB's
	// HASH key), required but for an existing table. It cannot change
	// once the table exists: changing it, or the sort key, replaces the
	// table.
	PartitionKey KeyAttribute `yaml:"partitionKey,omitempty"`
	// SortKey orders the items of one partition key value (DynamoDB's
	// RANGE key): an order's items by their number, a customer's orders by
	// date.
	SortKey *KeyAttribute `yaml:"sortKey,omitempty"`
	// Indexes are the table's global secondary indexes: the items found by
	// other attributes, every attribute projected.
	Indexes []TableIndex `yaml:"indexes,omitempty"`
	// TTL names the attribute that holds each item's expiry, in seconds
	// since the epoch: DynamoDB deletes an item, at no cost, within a few
	// days after that time (default: no expiry).
	TTL string `yaml:"ttl,omitempty"`
	// Retain keeps the table, with its items, when the stack is deleted or
	// a change replaces it (default true). false deletes it with the
	// stack, for an environment whose data is disposable (a preview, a
	// test).
	Retain *bool `yaml:"retain,omitempty"`
	// ReadOnly are the services that only read the table: their tasks may
	// get, query and scan its items and indexes, and write nothing. The
	// others that name it read and write.
	ReadOnly []string `yaml:"readOnly,omitempty"`
	// Existing names a table the stack does not create, with its items.
	Existing *ExistingStore `yaml:"existing,omitempty"`
}

// ExistingStore is a bucket or table that a Blueprint's services use
// without the stack creating it: one made by hand, by AWS Copilot or by
// another stack, in the account and Region the stack is deployed to. The
// template gives the services that name it their access, on its ARN, and
// nothing else: its settings, backups and lifetime stay where it was made.
type ExistingStore struct {
	// Name is the bucket's or the table's name in AWS: what the services'
	// environment gets for ${buckets.NAME.name} or ${tables.NAME.name}.
	Name string `yaml:"name"`
}

// KeyAttribute is a key attribute of a table or index: its name and its
// type.
type KeyAttribute struct {
	// Name is the attribute's name, 1 to 255 characters.
	Name string `yaml:"name"`
	// Type is S (a string, the default), N (a number) or B (binary).
	Type string `yaml:"type,omitempty"`
}

// TableIndex is a global secondary index of a table.
type TableIndex struct {
	// Name is the index's name, which queries name: 3 to 255 letters,
	// digits, _ . and -.
	Name string `yaml:"name"`
	// PartitionKey is the attribute the index finds items by.
	PartitionKey KeyAttribute `yaml:"partitionKey"`
	// SortKey orders the index's items of one partition key value.
	SortKey *KeyAttribute `yaml:"sortKey,omitempty"`
}

// ObjectEvents are the objects created in a bucket that reach a service's
// queue: S3 sends each bucket's events to EventBridge (every bucket the
// stack creates does), where a rule of the service sends those of the
// bucket, and of the prefix, to the queue. The message is the event
// (detail.bucket.name, detail.object.key, size, etag).
type ObjectEvents struct {
	// Bucket is the name of an entry of buckets.
	Bucket string `yaml:"bucket"`
	// Prefix keeps the objects whose key starts with it, such as
	// incoming/ (default: every object).
	Prefix string `yaml:"prefix,omitempty"`
}

// maxObjectKey is the longest key S3 takes, in bytes: a prefix longer
// matches nothing.
const maxObjectKey = 1024

// Key attribute types (AWS::DynamoDB::Table AttributeDefinitions
// AttributeType).
const (
	KeyString = "S"
	KeyNumber = "N"
	KeyBinary = "B"
)

// keyTypeChoices are the types a key attribute takes.
var keyTypeChoices = []string{KeyString, KeyNumber, KeyBinary}

// dynamoDBName matches a table's or an index's name: 3 to 255 letters,
// digits, _ . and - (the TableName and IndexName patterns of the DynamoDB
// API Reference). The JSON Schema holds the same pattern.
var dynamoDBName = lazyre.New(`^[a-zA-Z0-9_.-]{` + strconv.Itoa(minDynamoDBName) + `,` + strconv.Itoa(maxDynamoDBName) + `}$`)

// isDynamoDBName reports whether DynamoDB takes name as a table's or an
// index's.
func isDynamoDBName(name string) bool { return dynamoDBName.MatchString(name) }

// bucketName matches the characters and length of a general purpose S3
// bucket's name, which the JSON Schema holds too; isBucketName adds S3's
// other rules.
var bucketName = lazyre.New(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// isBucketName reports whether S3 takes name as a general purpose
// bucket's (S3 User Guide, "General purpose bucket naming rules"): 3 to
// 63 lowercase letters, digits, dots and hyphens, a letter or digit at
// each end, no two dots together, not an IP address, and none of the
// prefixes and suffixes S3 reserves.
func isBucketName(name string) bool {
	if !bucketName.MatchString(name) || strings.Contains(name, "..") || net.ParseIP(name) != nil {
		return false
	}
	for _, prefix := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, prefix) {
			return false
		}
	}
	for _, suffix := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, suffix) {
			return false
		}
	}
	return true
}

// Bounds of the stores' fields. S3 takes lifecycle days from 1, and the
// project bounds them at a century, as the audit logs' expiry; DynamoDB
// takes attribute names of 1 to 255 characters and index names of 3 to
// 255 of [a-zA-Z0-9_.-] (DynamoDB API Reference, AttributeDefinition and
// GlobalSecondaryIndex).
const (
	maxS3Days         = 36500
	maxStoreName      = 64
	maxAttributeName  = 255
	minDynamoDBName   = 3
	maxDynamoDBName   = 255
	indexNameCharsets = "letters, digits, _ . and -"
)

// Stack values of the stores: ${buckets.NAME.name} is a bucket's name,
// ${tables.NAME.name} a table's.
const (
	bucketPrefix = "buckets."
	tablePrefix  = "tables."
	storeSuffix  = ".name"
)

// BucketValue is the stack value that names a bucket, with ${ }:
// ${buckets.uploads.name}.
func BucketValue(name string) string { return "${" + bucketPrefix + name + storeSuffix + "}" }

// TableValue is the stack value that names a table, with ${ }:
// ${tables.orders.name}.
func TableValue(name string) string { return "${" + tablePrefix + name + storeSuffix + "}" }

// The two kinds of store, by what tells them apart.
var (
	bucketKind = storeKind{kind: "bucket", list: "buckets", prefix: bucketPrefix, value: BucketValue, holds: "objects",
		reserved: []string{AuditLogsBucketID, CDNLogsBucketID, PipelineLogsBucketID, ArtifactBucketID}}
	tableKind = storeKind{kind: "table", list: "tables", prefix: tablePrefix, value: TableValue, holds: "items",
		reserved: []string{"PublicRouteTable"}}
	storeKinds = []storeKind{bucketKind, tableKind}
)

// storeKind is a kind of data store as stack values and messages name it.
type storeKind struct {
	kind, list, prefix string
	value              func(name string) string
	// holds is what a store of the kind keeps: objects, items.
	holds string
	// reserved are the logical IDs, with the kind's suffix, that the
	// templates give resources of their own (the buckets of logs and
	// artifacts, the public subnets' route table): no store may take one.
	reserved []string
}

// names are the names of the Blueprint's stores of the kind.
func (k storeKind) names(b *Blueprint) []string {
	if k.list == "buckets" {
		return namesOf(b.Buckets, func(x *Bucket) string { return x.Name })
	}
	return namesOf(b.Tables, func(x *Table) string { return x.Name })
}

// storeNamed is the name of the store a stack value (without ${ })
// names, with the kind: named is the name as written, written whether it
// ends in .name; ok reports a store's shape at all (buckets.X...,
// tables.X...).
func storeNamed(value string) (k storeKind, named string, written, ok bool) {
	for _, k := range storeKinds {
		inner, found := strings.CutPrefix(value, k.prefix)
		if !found {
			continue
		}
		if named, written = strings.CutSuffix(inner, storeSuffix); !written {
			named, _, _ = strings.Cut(inner, ".")
		}
		return k, named, written, true
	}
	return storeKind{}, "", false, false
}

// Bucket is the entry of buckets named name, or nil.
func (b *Blueprint) Bucket(name string) *Bucket {
	return entryNamed(b.Buckets, name, func(x *Bucket) string { return x.Name })
}

// Table is the entry of tables named name, or nil.
func (b *Blueprint) Table(name string) *Table {
	return entryNamed(b.Tables, name, func(x *Table) string { return x.Name })
}

// bucketNamed and tableNamed are the bucket and the table a stack value
// (without ${ }) names, nil for any other value.
func (b *Blueprint) bucketNamed(value string) *Bucket {
	if k, name, written, ok := storeNamed(value); ok && written && k.list == "buckets" {
		return b.Bucket(name)
	}
	return nil
}

func (b *Blueprint) tableNamed(value string) *Table {
	if k, name, written, ok := storeNamed(value); ok && written && k.list == "tables" {
		return b.Table(name)
	}
	return nil
}

// BucketsOf are the buckets a service uses: those its containers'
// environment names, by name. Naming one is how the application learns
// its name, and what gives its task role read and write on it alone.
func (b *Blueprint) BucketsOf(s *Service) []*Bucket {
	return usedBy(s, b.bucketNamed, func(x *Bucket) string { return x.Name })
}

// TablesOf are the tables a service uses, as BucketsOf.
func (b *Blueprint) TablesOf(s *Service) []*Table {
	return usedBy(s, b.tableNamed, func(x *Table) string { return x.Name })
}

// usedBy are the stores of one kind that a service's environment names,
// each once, by name.
func usedBy[T any](s *Service, named func(string) *T, nameOf func(*T) string) []*T {
	var list []*T
	for _, value := range valuesOf(s) {
		if x := named(value); x != nil && !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	slices.SortFunc(list, func(x, y *T) int { return strings.Compare(nameOf(x), nameOf(y)) })
	return list
}

// BucketUsers are the services that use a bucket, in Blueprint order.
func (b *Blueprint) BucketUsers(x *Bucket) []*Service {
	return b.servicesWhere(func(s *Service) bool { return slices.Contains(b.BucketsOf(s), x) })
}

// TableUsers are the services that use a table, in Blueprint order.
func (b *Blueprint) TableUsers(x *Table) []*Service {
	return b.servicesWhere(func(s *Service) bool { return slices.Contains(b.TablesOf(s), x) })
}

// servicesWhere are the services for which keep is true, in Blueprint
// order.
func (b *Blueprint) servicesWhere(keep func(*Service) bool) []*Service {
	var list []*Service
	for i := range b.Services {
		if keep(&b.Services[i]) {
			list = append(list, &b.Services[i])
		}
	}
	return list
}

// Writes reports whether the service's tasks may write the bucket: it
// names the bucket and is not among its readOnly services.
func (x *Bucket) Writes(s *Service) bool { return !slices.Contains(x.ReadOnly, s.Name) }

// Writes reports whether the service's tasks may write the table, as a
// bucket's.
func (t *Table) Writes(s *Service) bool { return !slices.Contains(t.ReadOnly, s.Name) }

// Retained reports whether the table outlives its stack and its
// replacement (DefaultTableRetain unless retain says).
func (t *Table) Retained() bool { return t.Retain != nil && *t.Retain }

// KeyAttributes are the table's key attributes and its indexes', each
// once, in the order they first appear: the table's AttributeDefinitions,
// which must list every key attribute and nothing else.
func (t *Table) KeyAttributes() []KeyAttribute {
	var list []KeyAttribute
	add := func(k *KeyAttribute) {
		if k != nil && !slices.ContainsFunc(list, func(a KeyAttribute) bool { return a.Name == k.Name }) {
			list = append(list, *k)
		}
	}
	add(&t.PartitionKey)
	add(t.SortKey)
	for i := range t.Indexes {
		add(&t.Indexes[i].PartitionKey)
		add(t.Indexes[i].SortKey)
	}
	return list
}

// buckets checks the application's buckets: named, each once, with a
// logical ID of their own, lifecycle days S3 takes (or an existing
// bucket's name), and used.
func (v *validator) buckets() {
	names := newUniqueNames("bucket", "buckets")
	for i := range v.b.Buckets {
		x := &v.b.Buckets[i]
		path := indexPath("buckets", i)
		names.entry(v, path+".name", x.Name, i, maxStoreName)
		if x.Existing != nil {
			v.existingBucket(path, x)
		} else {
			v.between(path+".versionDays", x.VersionDays, 1, maxS3Days, " days")
			if x.ExpireDays != 0 {
				v.between(path+".expireDays", x.ExpireDays, 1, maxS3Days, " days")
			}
			if x.CORS != nil {
				v.bucketCORS(path+".cors", x.CORS)
			}
		}
		if x.Name != "" {
			v.storeUse(path, bucketKind, x.Name, x.BucketID(), x.ReadOnly, v.b.BucketUsers(x))
		}
	}
}

// tables checks the application's tables: named, each once, with a
// logical ID of their own, keys and indexes DynamoDB takes (or an
// existing table's name), and used.
func (v *validator) tables() {
	names := newUniqueNames("table", "tables")
	for i := range v.b.Tables {
		t := &v.b.Tables[i]
		path := indexPath("tables", i)
		names.entry(v, path+".name", t.Name, i, maxStoreName)
		if t.Existing != nil {
			v.existingTable(path, t)
		} else {
			v.tableKeys(path, t)
			v.tableIndexes(path, t)
			if t.TTL != "" {
				v.ttlAttribute(path+".ttl", t.TTL)
			}
		}
		if t.Name != "" {
			v.storeUse(path, tableKind, t.Name, t.TableID(), t.ReadOnly, v.b.TableUsers(t))
		}
	}
}

// existingBucket checks a bucket the stack does not create: its name, and
// nothing asked of the bucket itself.
func (v *validator) existingBucket(path string, x *Bucket) {
	if name := x.Existing.Name; v.required(path+".existing.name", name, "write the bucket's name in S3, e.g. name: shop-prod-uploads") && !isBucketName(name) {
		v.add(path+".existing.name", "write the name of a general purpose bucket: 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at each end", "%q is not an S3 bucket name", name)
	}
	v.notOfExisting(path, "bucket", "remove it, and set the bucket's lifecycle and CORS where the bucket was made",
		written{"versionDays", x.VersionDays != 0}, written{"expireDays", x.ExpireDays != 0}, written{"cors", x.CORS != nil})
}

// existingTable checks a table the stack does not create: its name, and
// nothing asked of the table itself; its keys and indexes are the
// table's own.
func (v *validator) existingTable(path string, t *Table) {
	if name := t.Existing.Name; v.required(path+".existing.name", name, "write the table's name in DynamoDB, e.g. name: shop-prod-orders") && !isDynamoDBName(name) {
		v.add(path+".existing.name", fmt.Sprintf("write the table's name: %d to %d %s", minDynamoDBName, maxDynamoDBName, indexNameCharsets), "%q is not a DynamoDB table name", name)
	}
	v.notOfExisting(path, "table", "remove it: an existing table has its own keys, indexes and expiry, and the stack neither keeps nor deletes it",
		written{"partitionKey", t.PartitionKey != KeyAttribute{}}, written{"sortKey", t.SortKey != nil}, written{"indexes", len(t.Indexes) > 0},
		written{"ttl", t.TTL != ""}, written{"retain", t.Retain != nil})
}

// written is a field of a mapping and whether the Blueprint wrote it.
type written struct {
	field string
	set   bool
}

// notOfExisting refuses each field written of an existing store's entry at
// path: they set what the stack would make, and it makes nothing of a
// store it did not create.
func (v *validator) notOfExisting(path, kind, fix string, fields ...written) {
	for _, f := range fields {
		if f.set {
			v.add(path+"."+f.field, fix, "the template changes nothing of a %s it did not create", kind)
		}
	}
}

// storeUse checks what a named store's name and users say: a logical ID
// none of the templates' own resources has, read-only services that use
// it, and some service that uses it.
func (v *validator) storeUse(path string, k storeKind, name, id string, readOnly []string, users []*Service) {
	if slices.Contains(k.reserved, id) {
		v.add(path+".name", "name it for what it holds, e.g. uploads or orders", "%s %q gives the template name %s, which the template gives a resource of its own", k.kind, name, id)
	}
	v.readOnly(path, k, name, readOnly, users)
	if len(users) == 0 {
		v.warn(path+".name", fmt.Sprintf("name it in the environment of the service that keeps its %s, e.g. %s: %q, which also lets that service read and write it", k.holds, strings.ToUpper(k.kind), k.value(name)),
			"no service uses %s %q: the template creates a %s nothing reads or writes", k.kind, name, k.kind)
	}
}

// readOnly checks a store's read-only services: each a service of the
// Blueprint, once, that names the store in its environment, which is what
// gives it access at all.
func (v *validator) readOnly(path string, k storeKind, name string, services []string, users []*Service) {
	seen := map[string]bool{}
	for i, svc := range services {
		p := indexPath(path+".readOnly", i)
		switch s := v.b.Service(svc); {
		case s == nil:
			v.add(p, nameFix(svc, namesOf(v.b.Services, serviceName), "name a service of the Blueprint"), "no service named %q", svc)
		case seen[svc]:
			v.add(p, "list each service once", "service %q is already listed", svc)
		case !slices.Contains(users, s) && isName(name):
			// A store whose own name is refused cannot be named: its problem
			// is reported there.
			v.add(p, fmt.Sprintf("name it in the environment of the service's container, e.g. %s: %q, or remove %s from readOnly", strings.ToUpper(k.kind), k.value(name), svc),
				"service %q does not name %s %q in its environment, which is what gives it access: there is nothing to make read-only", svc, k.kind, name)
		}
		seen[svc] = true
	}
}

// tableKeys checks a table's partition and sort keys.
func (v *validator) tableKeys(path string, t *Table) {
	v.keyAttribute(path+".partitionKey", &t.PartitionKey, "partitionKey: {name: id}")
	if t.SortKey == nil {
		return
	}
	v.keyAttribute(path+".sortKey", t.SortKey, "sortKey: {name: createdAt}")
	if t.SortKey.Name != "" && t.SortKey.Name == t.PartitionKey.Name {
		v.add(path+".sortKey.name", "name another attribute, or remove sortKey", "%q is already the partition key: a key's two attributes are two attributes", t.SortKey.Name)
	}
}

// keyAttribute checks a key attribute: named as DynamoDB takes, of a key
// type.
func (v *validator) keyAttribute(path string, k *KeyAttribute, example string) {
	if v.required(path+".name", k.Name, "name the attribute, e.g. "+example) {
		v.attributeName(path+".name", k.Name)
	}
	v.oneOf(path+".type", k.Type, keyTypeChoices...)
}

// attributeName checks an attribute's name: 1 to 255 characters, on one
// line.
func (v *validator) attributeName(path, name string) {
	switch {
	case len(name) > maxAttributeName:
		v.add(path, fmt.Sprintf("shorten it to %d characters", maxAttributeName), "the name is %d characters; DynamoDB takes at most %d", len(name), maxAttributeName)
	case strings.TrimSpace(name) != name || strings.ContainsAny(name, "\n\r"):
		v.add(path, "write the attribute's name without spaces around it, on one line", "%q is not an attribute name the application writes", name)
	}
}

// ttlAttribute checks a table's ttl, which names an attribute: a number
// (ttl: 86400, ttl: 7d) or a switch (ttl: true) is a duration or a choice
// as other tools write them, and DynamoDB would take it as the attribute's
// name and never delete an item.
func (v *validator) ttlAttribute(path, name string) {
	_, unit, isNumber := numberWithUnit(name)
	_, isSwitch := switchWords[strings.ToLower(name)]
	if isSwitch || isNumber && strings.TrimFunc(unit, unicode.IsLetter) == "" {
		v.add(path, "write the name of the attribute that holds each item's expiry time, e.g. ttl: expiresAt, and set it in each item to the time it expires, in seconds since the epoch (now + 86400 for a day)",
			"%q is not an attribute's name: ttl names the attribute DynamoDB reads each item's expiry time from, and is not a duration or a switch", name)
		return
	}
	v.attributeName(path, name)
}

// tableIndexes checks a table's global secondary indexes: named as
// DynamoDB takes, each once, their keys, each key attribute of one type
// across the table and its indexes (AttributeDefinitions lists each
// attribute once), and no more than the quota.
func (v *validator) tableIndexes(path string, t *Table) {
	seen := map[string]int{}
	for j := range t.Indexes {
		ix := &t.Indexes[j]
		p := indexPath(path+".indexes", j)
		if v.required(p+".name", ix.Name, "name the index for how it finds items, e.g. name: by-status") {
			v.indexName(p+".name", ix.Name)
			if first, dup := seen[ix.Name]; dup {
				v.add(p+".name", "give each index its own name", "index %q is already defined at %s.indexes[%d]", ix.Name, path, first)
			} else {
				seen[ix.Name] = j
			}
		}
		v.keyAttribute(p+".partitionKey", &ix.PartitionKey, "partitionKey: {name: status}")
		if ix.SortKey != nil {
			v.keyAttribute(p+".sortKey", ix.SortKey, "sortKey: {name: createdAt}")
			if ix.SortKey.Name != "" && ix.SortKey.Name == ix.PartitionKey.Name {
				v.add(p+".sortKey.name", "name another attribute, or remove sortKey", "%q is already the index's partition key", ix.SortKey.Name)
			}
		}
	}
	v.keyTypes(path, t)
	v.overQuota(path+".indexes", QuotaIndexesPerTable, len(t.Indexes), "table "+nameOr(t.Name, path))
}

// nameOr is a name for messages: the name, or the path where there is
// none.
func nameOr(name, path string) string {
	if name == "" {
		return path
	}
	return name
}

// indexName checks a global secondary index's name (GlobalSecondaryIndex
// IndexName: 3 to 255 characters of [a-zA-Z0-9_.-]).
func (v *validator) indexName(path, name string) {
	if !isDynamoDBName(name) {
		v.add(path, fmt.Sprintf("write %d to %d %s, e.g. by-status", minDynamoDBName, maxDynamoDBName, indexNameCharsets), "%q is not an index name DynamoDB takes", name)
	}
}

// keyTypes refuses a key attribute given two types in one table: the
// table defines each attribute once, with one type, for itself and its
// indexes.
func (v *validator) keyTypes(path string, t *Table) {
	type use struct{ path, typ string }
	first := map[string]use{}
	check := func(p string, k *KeyAttribute) {
		if k == nil || k.Name == "" || !slices.Contains(keyTypeChoices, k.Type) {
			return
		}
		if u, seen := first[k.Name]; seen && u.typ != k.Type {
			v.add(p+".type", fmt.Sprintf("write type: %s, as at %s, or name another attribute", u.typ, u.path), "attribute %q is of type %s at %s; a table's attribute has one type, in the table and its indexes", k.Name, u.typ, u.path)
			return
		}
		if _, seen := first[k.Name]; !seen {
			first[k.Name] = use{p, k.Type}
		}
	}
	check(path+".partitionKey", &t.PartitionKey)
	check(path+".sortKey", t.SortKey)
	for j := range t.Indexes {
		p := indexPath(path+".indexes", j)
		check(p+".partitionKey", &t.Indexes[j].PartitionKey)
		check(p+".sortKey", t.Indexes[j].SortKey)
	}
}

// objectEvents checks the buckets whose new objects a service's queue
// receives: each a bucket of the Blueprint, once with each prefix, a
// prefix S3 can match, into a standard queue, and a bucket the service's
// tasks may read.
func (v *validator) objectEvents(path string, s *Service) {
	if s.Queue.Fifo && len(s.Queue.Objects) > 0 {
		v.add(path+".objects", "receive the objects in a standard queue (remove fifo), of this service or another", "S3's events carry no message group, which a FIFO queue takes each message with")
	}
	seen := map[ObjectEvents]int{}
	for i, o := range s.Queue.Objects {
		p := indexPath(path+".objects", i)
		if first, dup := seen[o]; dup {
			v.add(p, "list each bucket and prefix once", "the queue already receives these objects at %s[%d]", path+".objects", first)
		}
		seen[o] = i
		if len(o.Prefix) > maxObjectKey || strings.ContainsAny(o.Prefix, "\n\r") {
			v.add(p+".prefix", fmt.Sprintf("write the start of the keys, on one line, at most %d bytes, such as incoming/", maxObjectKey), "no object key starts with %q", o.Prefix)
		}
		if !v.required(p+".bucket", o.Bucket, "name an entry of buckets, e.g. bucket: uploads") {
			continue
		}
		x := v.b.Bucket(o.Bucket)
		names := namesOf(v.b.Buckets, func(x *Bucket) string { return x.Name })
		switch {
		case x == nil && !anyInvalidName(names):
			v.add(p+".bucket", nameFix(o.Bucket, names, "add it to buckets: [{name: "+o.Bucket+"}]"), "bucket %q is not in buckets", o.Bucket)
		case x == nil:
		case x.Existing != nil:
			v.warn(p+".bucket", "turn on Amazon EventBridge in the bucket's Event notifications (S3 console, the bucket's Properties), or the rule receives nothing",
				"bucket %q exists already, and the stack cannot turn its EventBridge notifications on", o.Bucket)
		}
		if x != nil && !slices.Contains(v.b.BucketsOf(s), x) {
			v.warn(p+".bucket", fmt.Sprintf("name it in a container's environment, e.g. BUCKET: %q, which lets the tasks read the objects", BucketValue(x.Name)),
				"service %q receives the keys of bucket %q's new objects, and may not read them: no container's environment names the bucket", s.Name, x.Name)
		}
	}
}

// storeValue checks a stack value shaped as a store's
// (buckets.NAME.name, tables.NAME.name): in a container's environment, of
// a store of the Blueprint, with .name. It reports whether the value had
// that shape.
func (v *validator) storeValue(path, value string, s *Service) bool {
	k, named, written, ok := storeNamed(value)
	if !ok {
		return false
	}
	names := k.names(v.b)
	known := slices.Contains(names, named)
	switch {
	case s == nil:
		v.add(path, "name it in the environment of the service's containers, which it also gives their permissions", "${%s} names a %s only in a container's environment", value, k.kind)
	case known && written:
	case anyInvalidName(names):
		// A store whose own name is refused: its problem is reported there.
	case !known:
		fix := "add it to " + k.list + ": [{name: " + named + "}]"
		if meant := Closest(named, names); meant != "" {
			fix = "write " + k.value(meant)
		}
		v.add(path, fix, "${%s} names no %s of the Blueprint", value, k.kind)
	default:
		v.add(path, "write "+k.value(named)+": a "+k.kind+" is named by its name", "${%s} does not say what of %s %q it names", value, k.kind, named)
	}
	return true
}
