package controls

// cloudWatchControls check alarms and log groups.
var cloudWatchControls = []Control{
	{
		ID: "CT.CLOUDWATCH.PR.1", SecurityHub: []string{"CloudWatch.15"},
		Asks: "an action on every alarm", Types: []string{alarmType},
		Setting: "always: every alarm notifies the alarm topic",
		Cost:    "none",
		check: func(t *Template, r Resource) string {
			if !nonEmptyList(r.Properties["AlarmActions"]) {
				return "no AlarmActions"
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDWATCH.PR.2", SecurityHub: []string{"CloudWatch.16"},
		Asks: "log groups kept at least a year", Types: []string{logGroupType},
		Setting: "logs.retention and services[].logs.retention of 365 days or more (security: strict: 365)",
		Cost:    "CloudWatch Logs storage of a year of logs",
		check: func(t *Template, r Resource) string {
			v, ok := r.Properties["RetentionInDays"]
			if !ok {
				return ""
			}
			if n, isNum := number(v); !isNum || n < 365 {
				return "RetentionInDays is below 365"
			}
			return ""
		},
	},
	{
		ID:   "CT.CLOUDWATCH.PR.3",
		Asks: "log groups encrypted with a KMS key", Types: []string{logGroupType},
		Setting: "logs.encrypt: true (security: strict)",
		Cost:    "one customer managed key a stack ($1 a month) and its requests",
		check: func(t *Template, r Resource) string {
			if !t.textOrRef(r.Properties["KmsKeyId"], "AWS::KMS::Key") {
				if has(r.Properties, "KmsKeyId") {
					return "KmsKeyId is neither a key ARN nor a key of this template (a nested stack's parameter, say)"
				}
				return "no KmsKeyId"
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDWATCH.PR.4", SecurityHub: []string{"CloudWatch.17"},
		Asks: "alarm actions turned on", Types: []string{alarmType},
		Setting: "always",
		Cost:    "none",
		check: func(t *Template, r Resource) string {
			if v, ok := r.Properties["ActionsEnabled"]; ok && !isTrue(v) {
				return "ActionsEnabled is not true"
			}
			return ""
		},
	},
}

const (
	alarmType    = "AWS::CloudWatch::Alarm"
	logGroupType = "AWS::Logs::LogGroup"
)
