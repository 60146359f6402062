package blueprint

import (
	"slices"
	"strings"
	"testing"
)

// storesBase is a Blueprint with a bucket and a table, each used by the
// service web.
var storesBase = strings.Replace(base, `        healthCheck: {command: [CMD-SHELL, "true"]}
`, `        healthCheck: {command: [CMD-SHELL, "true"]}
        environment:
          UPLOADS: ${buckets.uploads.name}
          ORDERS: ${tables.orders.name}
`, 1) + `parameters:
  create:
    - {name: /greeting, value: hello}
buckets:
  - name: uploads
tables:
  - name: orders
    partitionKey: {name: customerId}
    sortKey: {name: orderId, type: S}
    indexes:
      - {name: by-status, partitionKey: {name: status}, sortKey: {name: placedAt, type: N}}
    ttl: expiresAt
`

// TestStoreRules checks each rule of the buckets and tables, and of the
// stack values that name them.
func TestStoreRules(t *testing.T) {
	checkRules(t, storesBase, []ruleCase{
		{"a bucket without a name", "  - name: uploads\n", "  - versionDays: 30\n", "buckets[0].name", "versionDays", "is required"},
		{"a bucket twice", "  - name: uploads\n", "  - name: uploads\n  - name: uploads\n", "buckets[1].name", "name: uploads\ntables", "already defined at buckets[0]"},
		{"a bucket named as the audit logs'", "  - name: uploads\n", "  - name: audit-logs\n", "buckets[0].name", "audit-logs", "gives the template name AuditLogsBucket"},
		{"earlier versions kept too long", "  - name: uploads\n", "  - name: uploads\n    versionDays: 40000\n", "buckets[0].versionDays", "40000", "out of range"},
		{"objects expiring before they are written", "  - name: uploads\n", "  - name: uploads\n    expireDays: -1\n", "buckets[0].expireDays", "-1", "out of range"},
		{"a table without a partition key", "    partitionKey: {name: customerId}\n", "", "tables[0].partitionKey.name", "  - name: orders", "is required"},
		{"a key of no DynamoDB type", "sortKey: {name: orderId, type: S}", "sortKey: {name: orderId, type: string}", "tables[0].sortKey.type", "type: string", `"string" is not allowed (did you mean "S"?)`},
		{"a key typed as a language names it", "sortKey: {name: orderId, type: S}", "sortKey: {name: orderId, type: integer}", "tables[0].sortKey.type", "type: integer", `(did you mean "N"?)`},
		{"a ttl of seconds", "ttl: expiresAt", "ttl: 86400", "tables[0].ttl", "ttl:", `"86400" is not an attribute's name: ttl names the attribute DynamoDB reads each item's expiry time from, and is not a duration or a switch (write the name of the attribute`},
		{"a ttl of days", "ttl: expiresAt", "ttl: 7d", "tables[0].ttl", "ttl:", `"7d" is not an attribute's name`},
		{"a ttl switched on", "ttl: expiresAt", "ttl: true", "tables[0].ttl", "ttl:", `"true" is not an attribute's name`},
		{"no earlier versions", "  - name: uploads\n", "  - name: uploads\n    versionDays: 0\n", "buckets[0].versionDays", "versionDays: 0", "0 would become the default, 30: a 0 here is the same as leaving the field out (every bucket is versioned, and S3 keeps an earlier version at least a day after a newer one replaces it: write versionDays: 1 for the shortest)"},
		{"a sort key that is the partition key", "sortKey: {name: orderId, type: S}", "sortKey: {name: customerId}", "tables[0].sortKey.name", "sortKey: {name: customerId}", "already the partition key"},
		{"an attribute name too long", "ttl: expiresAt", "ttl: " + strings.Repeat("x", 256), "tables[0].ttl", "ttl:", "DynamoDB takes at most 255"},
		{"an attribute name with spaces around it", "ttl: expiresAt", "ttl: ' expiresAt'", "tables[0].ttl", "ttl:", "not an attribute name"},
		{"an index name too short", "{name: by-status,", "{name: by,", "tables[0].indexes[0].name", "{name: by,", "not an index name DynamoDB takes"},
		{"an index twice", "      - {name: by-status, partitionKey: {name: status}, sortKey: {name: placedAt, type: N}}\n", "      - {name: by-status, partitionKey: {name: status}}\n      - {name: by-status, partitionKey: {name: customerId}}\n", "tables[0].indexes[1].name", "partitionKey: {name: customerId}}", "already defined at tables[0].indexes[0]"},
		{"an attribute of two types", "sortKey: {name: placedAt, type: N}", "sortKey: {name: orderId, type: N}", "tables[0].indexes[0].sortKey.type", "sortKey: {name: orderId, type: N}", `attribute "orderId" is of type S at tables[0].sortKey`},
		{"a table named as the public route table", "  - name: orders\n", "  - name: public-route\n", "tables[0].name", "public-route", "gives the template name PublicRouteTable"},
		{"a bucket misspelt", "UPLOADS: ${buckets.uploads.name}", "UPLOADS: ${buckets.upload.name}", "services[0].containers[1].environment.UPLOADS", "UPLOADS:", "write ${buckets.uploads.name}"},
		{"a bucket without its name", "UPLOADS: ${buckets.uploads.name}", "UPLOADS: ${buckets.uploads.arn}", "services[0].containers[1].environment.UPLOADS", "UPLOADS:", "a bucket is named by its name"},
		{"a table not in tables", "ORDERS: ${tables.orders.name}", "ORDERS: ${tables.carts.name}", "services[0].containers[1].environment.ORDERS", "ORDERS:", "add it to tables: [{name: carts}]"},
		{"read-only for no service", "    ttl: expiresAt\n", "    ttl: expiresAt\n    readOnly: [wbe]\n", "tables[0].readOnly[0]", "readOnly: [wbe]", `no service named "wbe" (did you mean "web"?)`},
		{"read-only for a service that does not name the table", "  - name: uploads\n", "  - name: uploads\n  - name: avatars\n    readOnly: [web]\n", "buckets[1].readOnly[0]", "readOnly: [web]", `service "web" does not name bucket "avatars" in its environment`},
		{"read-only twice", "    ttl: expiresAt\n", "    ttl: expiresAt\n    readOnly: [web, web]\n", "tables[0].readOnly[1]", "readOnly: [web, web]", `service "web" is already listed`},
		{"an existing bucket's name", "  - name: uploads\n", "  - name: uploads\n    existing: {name: Shop_Uploads}\n", "buckets[0].existing.name", "Shop_Uploads", "is not an S3 bucket name"},
		{"an existing bucket named as an IP address", "  - name: uploads\n", "  - name: uploads\n    existing: {name: 192.168.5.4}\n", "buckets[0].existing.name", "192.168.5.4", "is not an S3 bucket name"},
		{"an existing bucket with S3's reserved suffix", "  - name: uploads\n", "  - name: uploads\n    existing: {name: uploads-s3alias}\n", "buckets[0].existing.name", "uploads-s3alias", "is not an S3 bucket name"},
		{"CORS without origins", "  - name: uploads\n", "  - name: uploads\n    cors: {methods: [PUT]}\n", "buckets[0].cors.origins", "cors:", "is required (list the origins of the pages that call the bucket, e.g. origins: [https://shop.example.com])"},
		{"an origin without its scheme", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [shop.example.org]}\n", "buckets[0].cors.origins[0]", "cors:", `"shop.example.org" is not an origin (write "https://shop.example.org": an origin begins with its scheme)`},
		{"an origin with a trailing slash", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"https://shop.example.org/\"]}\n", "buckets[0].cors.origins[0]", "cors:", `"https://shop.example.org/" is not an origin (write "https://shop.example.org": an origin is the scheme, host and port, without a path)`},
		{"an origin with two wildcards", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"https://*.*.example.org\"]}\n", "buckets[0].cors.origins[0]", "cors:", "has more than one *, and S3 takes at most one in an origin"},
		{"an origin of no web page", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"s3://shop\"]}\n", "buckets[0].cors.origins[0]", "cors:", `"s3://shop" is not an origin (write the origin of the pages, as their address bar shows it, such as https://shop.example.com)`},
		{"an origin's port", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"http://localhost:70000\"]}\n", "buckets[0].cors.origins[0]", "cors:", `"http://localhost:70000" is not an origin (write the origin of the pages, as their address bar shows it, such as https://shop.example.com)`},
		{"an origin twice", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"https://shop.example.org\", \"https://shop.example.org\"]}\n", "buckets[0].cors.origins[1]", "cors:", "is already listed at buckets[0].cors.origins[0]"},
		{"origins S3 takes", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"https://*.example.org\", \"http://localhost:3000\", \"http://127.0.0.1:8080\", \"*\"], methods: [GET, POST, DELETE], maxAge: 0}\n", "", "", ""},
		{"a method in lowercase", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"*\"], methods: [put]}\n", "buckets[0].cors.methods[0]", "cors:", `"put" is not allowed (did you mean "PUT"?)`},
		{"the preflight's method", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"*\"], methods: [PUT, OPTIONS]}\n", "buckets[0].cors.methods[1]", "cors:", "OPTIONS is not a method of a CORS rule (remove it: S3 answers a browser's preflight OPTIONS request itself, for the methods listed)"},
		{"a method twice", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"*\"], methods: [PUT, PUT]}\n", "buckets[0].cors.methods[1]", "cors:", "PUT is already listed at buckets[0].cors.methods[0]"},
		{"a preflight cached past a day", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"*\"], maxAge: 86401}\n", "buckets[0].cors.maxAge", "cors:", "86401 s is out of range (use a value from 0 to 86400)"},
		{"an existing bucket's CORS", "  - name: uploads\n", "  - name: uploads\n    cors: {origins: [\"*\"]}\n    existing: {name: shop-uploads}\n", "buckets[0].cors", "cors:", "the template changes nothing of a bucket it did not create (remove it, and set the bucket's lifecycle and CORS where the bucket was made)"},
		{"CORS as S3 writes it", "  - name: uploads\n", "  - name: uploads\n    corsRules: {origins: [\"*\"]}\n", "buckets[0].corsRules", "corsRules", "corsRules is cors in a Blueprint"},
		{"a CORS field as S3 writes it", "  - name: uploads\n", "  - name: uploads\n    cors: {allowedOrigins: [\"*\"]}\n", "buckets[0].cors.allowedOrigins", "cors:", "allowedOrigins is origins in a Blueprint"},
		{"an existing bucket's lifecycle", "  - name: uploads\n", "  - name: uploads\n    versionDays: 10\n    existing: {name: shop-uploads}\n", "buckets[0].versionDays", "versionDays: 10", "changes nothing of a bucket it did not create"},
		{"an existing table", "    partitionKey: {name: customerId}\n    sortKey: {name: orderId, type: S}\n    indexes:\n      - {name: by-status, partitionKey: {name: status}, sortKey: {name: placedAt, type: N}}\n    ttl: expiresAt\n", "    existing: {name: shop-prod-orders}\n", "", "", ""},
		{"an existing table's name", "    partitionKey: {name: customerId}\n", "    existing: {name: 'shop orders'}\n", "tables[0].existing.name", "shop orders", "is not a DynamoDB table name"},
		{"an existing table's keys", "    ttl: expiresAt\n", "    ttl: expiresAt\n    existing: {name: shop-prod-orders}\n", "tables[0].partitionKey", "partitionKey", "changes nothing of a table it did not create"},
		{"objects of a bucket that is not there", "    nlb: {}\n", "    nlb: {}\n    queue: {objects: [{bucket: upload}]}\n", "services[0].queue.objects[0].bucket", "queue:", `did you mean "uploads"?`},
		{"objects of one bucket and prefix twice", "    nlb: {}\n", "    nlb: {}\n    queue: {objects: [{bucket: uploads, prefix: in/}, {bucket: uploads, prefix: in/}]}\n", "services[0].queue.objects[1]", "queue:", "already receives these objects at services[0].queue.objects[0]"},
		{"objects into a FIFO queue", "    nlb: {}\n", "    nlb: {}\n    queue: {fifo: true, objects: [{bucket: uploads}]}\n", "services[0].queue.objects", "queue:", "S3's events carry no message group"},
		{"a prefix on two lines", "    nlb: {}\n", "    nlb: {}\n    queue: {objects: [{bucket: uploads, prefix: \"in/\\nout/\"}]}\n", "services[0].queue.objects[0].prefix", "queue:", "no object key starts with"},
		{"a store outside a container's environment", "{name: /greeting, value: hello}", "{name: /greeting, value: '${tables.orders.name}'}", "parameters.create[0].value", "greeting", "names a table only in a container's environment"},
	})
}

// TestStoreQuota: a table's indexes are within DynamoDB's quota, which
// quotas raises.
func TestStoreQuota(t *testing.T) {
	var indexes strings.Builder
	for i := range 21 {
		indexes.WriteString("      - {name: index-" + string(rune('a'+i)) + ", partitionKey: {name: status}}\n")
	}
	src := strings.Replace(storesBase, "      - {name: by-status, partitionKey: {name: status}, sortKey: {name: placedAt, type: N}}\n", indexes.String(), 1)
	_, err := Read("bp.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "tables[0].indexes: table orders needs 21 global secondary indexes; AWS allows 20 global secondary indexes per DynamoDB table (1 too many)") {
		t.Fatalf("21 indexes: %v", err)
	}
	if _, err := Read("bp.yaml", []byte(src+"quotas: {dynamodbIndexesPerTable: 21}\n")); err != nil {
		t.Errorf("with the quota raised: %v", err)
	}
}

// TestStoresInUse: a store no service names is a warning; the services
// that name one use it, each store once, by name.
func TestStoresInUse(t *testing.T) {
	b, err := Read("bp.yaml", []byte(storesBase+"  - name: carts\n    partitionKey: {name: id}\n  - name: cache\n    partitionKey: {name: id}\n")) // two tables nobody names
	if err != nil {
		t.Fatal(err)
	}
	var unused []string
	for _, w := range b.Warnings() {
		if strings.Contains(w.Message, "no service uses table") {
			unused = append(unused, w.Path)
		}
	}
	if !slices.Equal(unused, []string{"tables[1].name", "tables[2].name"}) {
		t.Errorf("warnings of unused tables at %v", unused)
	}
	web := &b.Services[0]
	if got := b.BucketsOf(web); len(got) != 1 || got[0].Name != "uploads" {
		t.Errorf("buckets of web: %v", got)
	}
	if got := b.TablesOf(web); len(got) != 1 || got[0].Name != "orders" || len(b.TableUsers(got[0])) != 1 {
		t.Errorf("tables of web: %v", got)
	}
	b.ApplyDefaults()
	orders := b.Table("orders")
	if orders.PartitionKey.Type != KeyString || !orders.Retained() || b.Bucket("uploads").VersionDays != DefaultVersionDays {
		t.Errorf("defaults: %+v, %+v", orders, b.Bucket("uploads"))
	}
	var names []string
	for _, k := range orders.KeyAttributes() {
		names = append(names, k.Name+":"+k.Type)
	}
	if want := []string{"customerId:S", "orderId:S", "status:S", "placedAt:N"}; !slices.Equal(names, want) {
		t.Errorf("key attributes %v, want %v", names, want)
	}
}

// TestObjectEventsWarnings: a queue that receives the objects of a bucket
// its service may not read, or of an existing bucket whose EventBridge
// notifications the stack cannot turn on, is valid, with a warning each.
func TestObjectEventsWarnings(t *testing.T) {
	src := strings.NewReplacer(
		"    nlb: {}\n", "    nlb: {}\n    queue: {objects: [{bucket: archive}]}\n",
		"buckets:\n  - name: uploads\n", "buckets:\n  - name: uploads\n  - name: archive\n    existing: {name: shop-archive}\n",
	).Replace(storesBase)
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	var got []string
	for _, w := range b.Warnings() {
		if w.Path == "services[0].queue.objects[0].bucket" {
			got = append(got, w.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "the stack cannot turn its EventBridge notifications on") || !strings.Contains(got[1], "may not read them") {
		t.Errorf("warnings %q", got)
	}
}
