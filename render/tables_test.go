package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/dynamodb"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// TestTables: each table is on-demand, with point-in-time recovery, KMS
// encryption and no name of its own; its attribute definitions list each
// key attribute once, with its type; its indexes project every attribute;
// a ttl turns on DynamoDB's expiry; it is kept after the stack unless
// retain: false, and never has deletion protection. The services that
// name a table may read and write its items and its indexes', on its
// exact ARN, those of its readOnly only read; the others' roles do not
// name it.
func TestTables(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(storesApp))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	orders, err := tmpl.GetDynamoDBTableWithName("OrdersTable")
	if err != nil {
		t.Fatal(err)
	}
	if *orders.BillingMode != "PAY_PER_REQUEST" || !*orders.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled ||
		!orders.SSESpecification.SSEEnabled || *orders.SSESpecification.SSEType != "KMS" || orders.TableName != nil || orders.DeletionProtectionEnabled != nil ||
		orders.TimeToLiveSpecification != nil || orders.AWSCloudFormationDeletionPolicy != "RetainExceptOnCreate" || orders.AWSCloudFormationUpdateReplacePolicy != "Retain" {
		t.Errorf("OrdersTable: %+v", orders)
	}
	if got, want := keys(orders.KeySchema), []string{"customerId HASH", "orderId RANGE"}; !slices.Equal(got, want) {
		t.Errorf("OrdersTable's key %v, want %v", got, want)
	}
	var attributes []string
	for _, a := range orders.AttributeDefinitions {
		attributes = append(attributes, a.AttributeName+" "+a.AttributeType)
	}
	if want := []string{"customerId S", "orderId S", "status S", "placedAt N"}; !slices.Equal(attributes, want) {
		t.Errorf("OrdersTable's attributes %v, want %v", attributes, want)
	}
	if ix := orders.GlobalSecondaryIndexes; len(ix) != 1 || ix[0].IndexName != "by-status" || *ix[0].Projection.ProjectionType != "ALL" ||
		!slices.Equal(keys(ix[0].KeySchema), []string{"status HASH", "placedAt RANGE"}) {
		t.Errorf("OrdersTable's indexes: %+v", ix)
	}
	sessions, err := tmpl.GetDynamoDBTableWithName("SessionsTable")
	if err != nil {
		t.Fatal(err)
	}
	if !sessions.TimeToLiveSpecification.Enabled || *sessions.TimeToLiveSpecification.AttributeName != "expiresAt" || sessions.GlobalSecondaryIndexes != nil ||
		sessions.AttributeDefinitions[0].AttributeType != "B" || sessions.AWSCloudFormationDeletionPolicy != "Delete" || sessions.AWSCloudFormationUpdateReplacePolicy != "Delete" {
		t.Errorf("SessionsTable (ttl, retain: false): %+v", sessions)
	}
	for _, id := range []string{"OrdersTable", "SessionsTable"} {
		if _, ok := tmpl.Outputs[id+"Name"]; !ok {
			t.Errorf("no output %sName", id)
		}
	}
	for _, c := range []struct {
		service string
		tables  []string
	}{{"api", []string{"OrdersTable", "SessionsTable"}}, {"report", []string{"OrdersTable"}}, {"other", nil}} {
		role, err := tmpl.GetIAMRoleWithName(b.Service(c.service).LogicalID("TaskRole"))
		if err != nil {
			t.Fatal(err)
		}
		var said string
		for _, p := range role.Policies {
			for _, st := range p.PolicyDocument.(policyDocument).Statement {
				said += text(st)
			}
		}
		for _, id := range []string{"OrdersTable", "SessionsTable"} {
			if strings.Contains(said, id) != slices.Contains(c.tables, id) {
				t.Errorf("%s's task role names %s: %v", c.service, id, strings.Contains(said, id))
			}
		}
		for _, id := range c.tables {
			sid, actions := "ReadWrite"+strings.TrimSuffix(id, "Table")+"Items", tableActions
			if c.service == "report" {
				// readOnly: [report]
				sid, actions = "Read"+strings.TrimSuffix(id, "Table")+"Items", tableReadActions
			}
			st := statementOf(t, dataPolicy(t, role.Policies), sid)
			want := []string{intrinsic.GetAtt(id, "Arn")}
			if id == "OrdersTable" {
				want = append(want, intrinsic.Sub("${OrdersTable.Arn}/index/*"))
			}
			if !slices.Equal(st.Resource, want) || !slices.Equal(st.Action, actions) || slices.ContainsFunc(st.Action, func(a string) bool { return strings.Contains(a, "*") }) {
				t.Errorf("%s on %s: %+v", c.service, id, st)
			}
		}
		if c.service == "report" && slices.ContainsFunc(tableReadActions, func(a string) bool {
			return strings.Contains(a, "Put") || strings.Contains(a, "Update") || strings.Contains(a, "Delete") || strings.Contains(a, "Write")
		}) {
			t.Errorf("the read actions write: %v", tableReadActions)
		}
	}
}

// keys writes a key schema as "name TYPE" lines.
func keys(schema []dynamodb.Table_KeySchema) []string {
	var list []string
	for _, k := range schema {
		list = append(list, k.AttributeName+" "+k.KeyType)
	}
	return list
}

// TestTableThrottlesAlarm: each table has an alarm on the reads and
// writes DynamoDB throttles, at alarms.tables.throttles's settings (one
// event a minute for 5 minutes by default), named after the stack and
// the table; alarms.tables.throttles.off removes them.
func TestTableThrottlesAlarm(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(storesApp+"alarms: {tables: {throttles: {threshold: 3, minutes: 2}}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, id := range []string{"OrdersTable", "SessionsTable"} {
		alarm, err := tmpl.GetCloudWatchAlarmWithName(id + "ThrottlesAlarm")
		if err != nil {
			t.Fatal(err)
		}
		if *alarm.Threshold != 3 || alarm.EvaluationPeriods != 2 || *alarm.DatapointsToAlarm != 2 || alarm.ComparisonOperator != "GreaterThanOrEqualToThreshold" ||
			len(alarm.Metrics) != 3 || *alarm.Metrics[2].Expression != "FILL(reads, 0) + FILL(writes, 0)" ||
			alarm.Metrics[0].MetricStat.Metric.Dimensions[0].Value != intrinsic.Ref(id) || *alarm.Metrics[1].MetricStat.Metric.MetricName != "WriteThrottleEvents" {
			t.Errorf("%sThrottlesAlarm: %+v", id, alarm)
		}
	}
	off, err := blueprint.Read("shop.yaml", []byte(storesApp+"alarms: {tables: {throttles: {off: true}}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for id := range mustTemplate(t, off).Resources {
		if strings.HasSuffix(id, "ThrottlesAlarm") {
			t.Errorf("%s with the throttles alarm off", id)
		}
	}
}

// TestExistingStores: a bucket or table that exists already is not
// created, has no output, and reaches the services that name it by its
// name: their environment gets the name, their task roles its ARN (a
// table's indexes under it, whatever they are); a table's throttles
// alarm watches it by its name; an existing bucket's access logs are not
// the stack's to set.
func TestExistingStores(t *testing.T) {
	src := strings.NewReplacer(
		"  - name: exports\n    expireDays: 7\n", "  - name: exports\n    existing: {name: shop-prod-exports}\n",
		"  - name: sessions\n    partitionKey: {name: id, type: B}\n    ttl: expiresAt\n    retain: false\n", "  - name: sessions\n    existing: {name: shop-prod-sessions}\n",
	).Replace(storesApp)
	b, err := blueprint.Read("shop.yaml", []byte(src+"logs: {audit: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, id := range []string{"ExportsBucket", "ExportsBucketPolicy", "SessionsTable"} {
		if _, ok := tmpl.Resources[id]; ok {
			t.Errorf("the template creates %s, which exists", id)
		}
		if _, ok := tmpl.Outputs[id+"Name"]; ok {
			t.Errorf("output %sName of an existing store", id)
		}
	}
	report, err := tmpl.GetIAMRoleWithName("ReportTaskRole")
	if err != nil {
		t.Fatal(err)
	}
	objects := statementOf(t, dataPolicy(t, report.Policies), "ReadWriteExportsObjects")
	if !slices.Equal(objects.Resource, []string{intrinsic.Sub("arn:${AWS::Partition}:s3:::shop-prod-exports/*")}) ||
		!slices.Equal(statementOf(t, dataPolicy(t, report.Policies), "ListExports").Resource, []string{intrinsic.Sub("arn:${AWS::Partition}:s3:::shop-prod-exports")}) {
		t.Errorf("report on the existing bucket: %+v", objects)
	}
	api, err := tmpl.GetIAMRoleWithName("ApiTaskRole")
	if err != nil {
		t.Fatal(err)
	}
	table := "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/shop-prod-sessions"
	if items := statementOf(t, dataPolicy(t, api.Policies), "ReadWriteSessionsItems"); !slices.Equal(items.Resource, []string{intrinsic.Sub(table), intrinsic.Sub(table + "/index/*")}) {
		t.Errorf("api on the existing table: %+v", items)
	}
	td, err := tmpl.GetECSTaskDefinitionWithName("ReportTaskDefinition")
	if err != nil {
		t.Fatal(err)
	}
	if env := td.ContainerDefinitions[0].Environment; *env[0].Value != "s3://shop-prod-exports/daily" {
		t.Errorf("report's EXPORTS: %s", decode(*env[0].Value))
	}
	alarm, err := tmpl.GetCloudWatchAlarmWithName("SessionsTableThrottlesAlarm")
	if err != nil {
		t.Fatal(err)
	}
	if got := alarm.Metrics[0].MetricStat.Metric.Dimensions[0].Value; got != "shop-prod-sessions" {
		t.Errorf("the existing table's alarm watches %s", got)
	}
	if uploads, _ := tmpl.GetS3BucketWithName("UploadsBucket"); uploads.LoggingConfiguration == nil {
		t.Error("the stack's bucket logs no access with logs.audit")
	}
	onlyExisting := strings.Replace(src, "  - name: uploads\n    versionDays: 90\n", "  - name: uploads\n    existing: {name: shop-prod-uploads}\n", 1)
	b, err = blueprint.Read("shop.yaml", []byte(onlyExisting+"logs: {audit: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(b.AuditLogSources(), "s3") {
		t.Errorf("audit log sources %v: the stack creates no bucket whose access it logs", b.AuditLogSources())
	}
}
