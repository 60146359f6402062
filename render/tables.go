package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/dynamodb"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// tables creates the application's DynamoDB tables, but those that exist
// already. None has a name of its own: CloudFormation names each from the
// stack, so that environments in one account never collide.
func (r *builder) tables() {
	for i := range r.bp.Tables {
		t := &r.bp.Tables[i]
		if t.Existing != nil {
			continue
		}
		r.add(t.TableID(), table(t))
		r.output(t.NameOutput(), "Name of the DynamoDB table "+t.Name+".", intrinsic.Ref(t.TableID()))
	}
}

// table is a table of the Blueprint: on-demand, so that there is no
// capacity to plan and nothing is paid while it is idle but its storage;
// with point-in-time recovery (CT.DYNAMODB.PR.1: any second of the last
// 35 days can be restored into a new table) and encrypted with
// DynamoDB's AWS managed KMS key (CT.DYNAMODB.PR.2), whose key policy lets
// the account's principals use it through DynamoDB, so that the roles
// that read and write it need no KMS permission. Its indexes project every
// attribute. Deletion protection stays off: it would refuse the deletion
// that a rolled-back creation, or retain: false, asks of CloudFormation.
func table(t *blueprint.Table) *dynamodb.Table {
	tbl := &dynamodb.Table{
		BillingMode:                      cloudformation.String("PAY_PER_REQUEST"),
		KeySchema:                        keySchema(&t.PartitionKey, t.SortKey),
		PointInTimeRecoverySpecification: &dynamodb.Table_PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: cloudformation.Bool(true)},
		SSESpecification:                 &dynamodb.Table_SSESpecification{SSEEnabled: true, SSEType: cloudformation.String("KMS")},
	}
	for _, k := range t.KeyAttributes() {
		tbl.AttributeDefinitions = append(tbl.AttributeDefinitions, dynamodb.Table_AttributeDefinition{AttributeName: k.Name, AttributeType: k.Type})
	}
	for _, ix := range t.Indexes {
		tbl.GlobalSecondaryIndexes = append(tbl.GlobalSecondaryIndexes, dynamodb.Table_GlobalSecondaryIndex{
			IndexName:  ix.Name,
			KeySchema:  keySchema(&ix.PartitionKey, ix.SortKey),
			Projection: &dynamodb.Table_Projection{ProjectionType: cloudformation.String("ALL")},
		})
	}
	if t.TTL != "" {
		tbl.TimeToLiveSpecification = &dynamodb.Table_TimeToLiveSpecification{AttributeName: cloudformation.String(t.TTL), Enabled: true}
	}
	tbl.AWSCloudFormationDeletionPolicy, tbl.AWSCloudFormationUpdateReplacePolicy = dataLifetime(t.Retained())
	return tbl
}

// keySchema is a table's or index's key: the partition key (HASH) and
// the sort key (RANGE), when there is one.
func keySchema(partition, sort *blueprint.KeyAttribute) []dynamodb.Table_KeySchema {
	list := []dynamodb.Table_KeySchema{{AttributeName: partition.Name, KeyType: "HASH"}}
	if sort != nil {
		list = append(list, dynamodb.Table_KeySchema{AttributeName: sort.Name, KeyType: "RANGE"})
	}
	return list
}

// tableARN is a table's ARN, with a suffix (/index/* for its indexes):
// the stack's table's, or an existing table's by its name.
func tableARN(t *blueprint.Table, suffix string) string {
	if t.Existing != nil {
		return intrinsic.Sub("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/" + t.Existing.Name + suffix)
	}
	if suffix == "" {
		return intrinsic.GetAtt(t.TableID(), "Arn")
	}
	return intrinsic.Sub("${" + t.TableID() + ".Arn}" + suffix)
}

// tableName is a table's name where the template writes it: the stack's
// table's (Ref), or an existing table's.
func tableName(t *blueprint.Table) string {
	if t.Existing != nil {
		return t.Existing.Name
	}
	return intrinsic.Ref(t.TableID())
}

// tableActions are what a service's tasks may do with a table they use:
// read, write and delete items, one or in batches, query and scan it and
// its indexes, and describe it (which SDKs' table helpers call);
// tableReadActions what a service of its readOnly may: read, query, scan
// and describe.
var (
	tableActions = []string{
		"dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
		"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
	}
	tableReadActions = []string{"dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"}
)

// tableStatements are what a service's tasks may do with the tables its
// environment names, on each table's exact ARN and its indexes'.
func (r *builder) tableStatements(s *blueprint.Service) []statement {
	var list []statement
	for _, t := range r.bp.TablesOf(s) {
		resources := []string{tableARN(t, "")}
		if len(t.Indexes) > 0 || t.Existing != nil {
			// An existing table's indexes are its own, unknown here.
			resources = append(resources, tableARN(t, "/index/*"))
		}
		items := statement{
			Sid:      "ReadWrite" + blueprint.LogicalName(t.Name) + "Items",
			Effect:   "Allow",
			Action:   tableActions,
			Resource: resources,
		}
		if !t.Writes(s) {
			items.Sid, items.Action = "Read"+blueprint.LogicalName(t.Name)+"Items", tableReadActions
		}
		list = append(list, items)
	}
	return list
}
