package copilot

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// The resource types of the addons copilot storage init writes for a
// workload, which a Blueprint's tables and buckets stand for. Its Aurora
// clusters are left as notes: a database is a stack of its own.
const (
	addonTable  = "AWS::DynamoDB::Table"
	addonBucket = "AWS::S3::Bucket"
)

// addonCompanions are the resources storage init writes beside the table
// or bucket: the access policy attached to the task role and the bucket's
// policy, which the Blueprint makes of its own.
var addonCompanions = []string{"AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy"}

// addonNote is the note of an addon that is no storage init table or
// bucket.
const addonNote = "not converted: an addon is a CloudFormation template of its own (a database, a queue, a table or bucket with more than storage init wrote): deploy it as a stack of its own, write what the services need of it (a table's name) in their environment, and the access to it as a task role policy in overrides (" + blueprint.DocsOverrides + ")"

// addons converts each workload addon that copilot storage init wrote,
// a DynamoDB table or an S3 bucket, into an entry of the Blueprint's
// tables or buckets, named in the workload's main container's environment
// under the variable Copilot gave it; every other addon is noted.
func (c *conversion) addons(copilot fs.FS) {
	files, _ := fs.Glob(copilot, "*/addons/*")
	for _, file := range files {
		if strings.HasPrefix(path.Base(file), "addons.parameters.") {
			continue // the parameters Copilot passes its addons
		}
		if !c.storageAddon(copilot, file) {
			c.Notes = append(c.Notes, Note{file, 1, "addons", addonNote})
		}
	}
}

// storageAddon converts an addon that holds one table or bucket, its
// companions and nothing else, and reports whether it did.
func (c *conversion) storageAddon(copilot fs.FS, file string) bool {
	data, err := fs.ReadFile(copilot, file)
	if err != nil {
		return false
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return false
	}
	root := resolve(doc.Content[0])
	var id string
	var store *yaml.Node
	for _, key := range keys(value(root, "Resources")) {
		res := value(root, "Resources", key.Value)
		typ, _ := scalar(value(res, "Type"))
		switch {
		case slices.Contains(addonCompanions, typ):
		case (typ == addonTable || typ == addonBucket) && store == nil:
			id, store = key.Value, res
		default:
			return false
		}
	}
	main := c.mainContainer(path.Dir(path.Dir(file)))
	if store == nil || main == nil {
		return false
	}
	c.Manifests = append(c.Manifests, file)
	name := c.storeName(strings.TrimSuffix(path.Base(file), path.Ext(file)))
	typ, _ := scalar(value(store, "Type"))
	var reference string
	var entry *yaml.Node
	if typ == addonTable {
		entry = c.addonTable(file, name, store)
		c.tables = append(c.tables, entry)
		reference = blueprint.TableValue(name)
	} else {
		c.buckets = append(c.buckets, oneLine(put(mapping(), "name", text(name))))
		reference = blueprint.BucketValue(name)
	}
	for _, variable := range addonVariables(root, id) {
		environment(main).Content = append(environment(main).Content, text(variable), text(reference))
	}
	kind := map[string]string{addonTable: "table", addonBucket: "bucket"}[typ]
	c.Notes = append(c.Notes, Note{file, 1, "addons", "converted to the " + kind + " " + name + ": a new, empty " + kind + " of the Blueprint's stack, kept when the stack is deleted; Copilot's " + kind + " holds the data until its service is deleted with it: copy the data over before moving the traffic (" + copyHow[typ] + "), or keep using Copilot's " + kind + " with " + c.existingNames(store, entry, path.Dir(path.Dir(file)), name)})
	return true
}

// existingNames says how a Blueprint keeps using the store Copilot made:
// existing with its name in each environment, where the addon names it
// from the application, environment and service (storage init's tables,
// TableName: ${App}-${Env}-${Name}-...), and first a retain policy on it
// in the addon, deployed with Copilot, as deleting Copilot's service
// deletes its addons. An overlay's table drops the keys and indexes the
// base's entry has (null), which an existing table takes none of.
func (c *conversion) existingNames(store, entry *yaml.Node, folder, name string) string {
	list := "tables"
	if typ, _ := scalar(value(store, "Type")); typ == addonBucket {
		list = "buckets"
	}
	how := "existing: {name: NAME} (its physical ID in the Copilot stack's resources)"
	if pattern, ok := scalar(value(store, "Properties", "TableName")); ok && len(c.overlays) > 0 {
		var dropped string
		for _, field := range []string{"partitionKey", "sortKey", "indexes"} {
			if value(entry, field) != nil {
				dropped += ", " + field + ": null"
			}
		}
		var each []string
		for _, env := range slices.Sorted(maps.Keys(c.overlays)) {
			each = append(each, env+": {"+list+": [{name: "+name+", existing: {name: "+strings.NewReplacer("${App}", c.app, "${Env}", env, "${Name}", c.folders[folder]).Replace(pattern)+"}"+dropped+"}]}")
		}
		how = "existing in each environment's overlay (" + strings.Join(each, ", ") + ")"
	}
	return how + ", once its DeletionPolicy is Retain in the addon, deployed with Copilot: deleting Copilot's service deletes its addons"
}

// copyHow says how a table's or bucket's data is copied into the
// Blueprint's.
var copyHow = map[string]string{
	addonTable:  "DynamoDB's export to S3 and import into a new table, or a scan that writes each item",
	addonBucket: "aws s3 sync s3://COPILOT_BUCKET s3://NEW_BUCKET",
}

// addonTable is the Blueprint's table of a storage init table: its key,
// its global secondary indexes; local secondary indexes, which a
// Blueprint does not make, are noted.
func (c *conversion) addonTable(file, name string, res *yaml.Node) *yaml.Node {
	props := value(res, "Properties")
	types := map[string]string{}
	for _, a := range resolveList(value(props, "AttributeDefinitions")) {
		n, _ := scalar(value(a, "AttributeName"))
		t, _ := scalar(value(a, "AttributeType"))
		types[n] = t
	}
	keyOf := func(schema *yaml.Node) (partition, sort *yaml.Node) {
		for _, k := range resolveList(schema) {
			n, _ := scalar(value(k, "AttributeName"))
			attribute := put(mapping(), "name", text(n))
			if t := types[n]; t != "" && t != blueprint.KeyString {
				put(attribute, "type", text(t))
			}
			switch kt, _ := scalar(value(k, "KeyType")); kt {
			case "HASH":
				partition = oneLine(attribute)
			case "RANGE":
				sort = oneLine(attribute)
			}
		}
		return partition, sort
	}
	table := put(mapping(), "name", text(name))
	partition, sort := keyOf(value(props, "KeySchema"))
	if partition != nil {
		put(table, "partitionKey", partition)
	}
	if sort != nil {
		put(table, "sortKey", sort)
	}
	indexes := list()
	for _, ix := range resolveList(value(props, "GlobalSecondaryIndexes")) {
		n, _ := scalar(value(ix, "IndexName"))
		entry := put(mapping(), "name", text(n))
		p, s := keyOf(value(ix, "KeySchema"))
		if p != nil {
			put(entry, "partitionKey", p)
		}
		if s != nil {
			put(entry, "sortKey", s)
		}
		indexes.Content = append(indexes.Content, entry)
	}
	if lsi := value(props, "LocalSecondaryIndexes"); lsi != nil {
		c.Notes = append(c.Notes, Note{file, lsi.Line, "LocalSecondaryIndexes", "not converted: a Blueprint's indexes are global secondary indexes; write each as an entry of indexes with the table's partition key and the index's sort key (its reads are eventually consistent)"})
	}
	if len(indexes.Content) > 0 {
		put(table, "indexes", indexes)
	}
	return table
}

// addonVariables are the environment variables Copilot gave the
// workload's tasks for the resource id: one per output of the addon that
// is a Ref of it, named as Copilot names them (OrdersTableName is
// ORDERS_TABLE_NAME).
func addonVariables(root *yaml.Node, id string) []string {
	var names []string
	for _, key := range keys(value(root, "Outputs")) {
		v := value(root, "Outputs", key.Value, "Value")
		if ref, _ := scalar(v); v != nil && v.Tag == "!Ref" && ref == id || refOf(v) == id {
			names = append(names, snakeCase(key.Value))
		}
	}
	return names
}

// refOf is the logical ID of a long-form Ref ({Ref: ID}), or "".
func refOf(v *yaml.Node) string {
	ref, _ := scalar(value(v, "Ref"))
	return ref
}

// Copilot's word boundaries in a CamelCase name: a lowercase letter or
// digit before a capital, and an acronym's last capital before a word.
var (
	lowerUpper = lazyre.New(`([a-z0-9]+)([A-Z])`)
	upperLower = lazyre.New(`([A-Z0-9])([A-Z][a-z])`)
)

// snakeCase is an output's name as the environment variable Copilot made
// of it: OrdersTableName is ORDERS_TABLE_NAME, usersDDBTableName
// USERS_DDB_TABLE_NAME.
func snakeCase(s string) string {
	s = lowerUpper.ReplaceAllString(s, "${1}_${2}")
	s = upperLower.ReplaceAllString(s, "${1}_${2}")
	return strings.ToUpper(s)
}

// mainContainer is the main container of the Blueprint's service of a
// workload's folder, nil when none was converted.
func (c *conversion) mainContainer(dir string) *yaml.Node {
	for _, svc := range c.services {
		if name, _ := scalar(value(svc, "name")); name == c.folders[dir] {
			if containers := resolveList(value(svc, "containers")); len(containers) > 0 {
				return containers[0]
			}
		}
	}
	return nil
}

// storeName is a Blueprint name for a storage addon's file name: lowercase
// letters, digits and hyphens, unique among the tables and buckets.
func (c *conversion) storeName(base string) string {
	name := strings.Trim(invalidNameRun.ReplaceAllString(strings.ToLower(base), "-"), "-")
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		name = "store-" + name
	}
	taken := func(n string) bool { return slices.Contains(c.storeNames, n) }
	unique := name
	for i := 2; taken(unique); i++ {
		unique = name + "-" + strconv.Itoa(i)
	}
	c.storeNames = append(c.storeNames, unique)
	return unique
}

// invalidNameRun is a run of characters a Blueprint name cannot hold.
var invalidNameRun = lazyre.New(`[^a-z0-9]+`)
