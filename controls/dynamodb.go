package controls

// dynamoDBControls check the application's tables: each can be restored
// to any second of the last 35 days, and each is encrypted with a KMS key.
var dynamoDBControls = []Control{
	{
		ID: "CT.DYNAMODB.PR.1", SecurityHub: []string{"DynamoDB.2"},
		Asks: "point-in-time recovery on every table", Types: []string{tableType},
		Setting: "always", Cost: "DynamoDB's point-in-time recovery, by the table's size",
		check: func(t *Template, r Resource) string {
			if !isTrue(mustGet(r.Properties, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")) {
				return "PointInTimeRecoveryEnabled is not true"
			}
			return ""
		},
	},
	{
		ID:   "CT.DYNAMODB.PR.2",
		Asks: "tables encrypted with a KMS key", Types: []string{tableType},
		Setting: "always (DynamoDB's AWS managed key)", Cost: "KMS requests",
		check: func(t *Template, r Resource) string {
			if !isTrue(mustGet(r.Properties, "SSESpecification", "SSEEnabled")) {
				return "SSESpecification SSEEnabled is not true"
			}
			return ""
		},
	},
}

const tableType = "AWS::DynamoDB::Table"
