package render

// storesApp has two buckets and two tables: api uses uploads and both
// tables, report uses exports and reads orders, other reads uploads.
const storesApp = `name: shop
buckets:
  - name: uploads
    versionDays: 90
    readOnly: [other]
  - name: exports
    expireDays: 7
tables:
  - name: orders
    partitionKey: {name: customerId}
    sortKey: {name: orderId, type: S}
    indexes:
      - {name: by-status, partitionKey: {name: status}, sortKey: {name: placedAt, type: N}}
    readOnly: [report]
  - name: sessions
    partitionKey: {name: id, type: B}
    ttl: expiresAt
    retain: false
services:
  - name: api
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        environment: {UPLOADS: "${buckets.uploads.name}", ORDERS: "${tables.orders.name}", SESSIONS: "${tables.sessions.name}"}
  - name: report
    cpu: 256
    memory: 512
    schedule: {expression: rate(1 day)}
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        environment: {EXPORTS: "s3://${buckets.exports.name}/daily", ORDERS: "${tables.orders.name}"}
  - name: other
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, environment: {UPLOADS: "${buckets.uploads.name}"}}]
`
