package controls

// stepFunctionsControls check the state machines that run the tasks of
// watched schedules (schedule.timeout, schedule.retries): each logs its
// errors to a log group and is traced with X-Ray.
var stepFunctionsControls = []Control{
	{
		ID: "CT.STEPFUNCTIONS.PR.1", SecurityHub: []string{"StepFunctions.1"},
		Asks: "state machines that log to CloudWatch Logs", Types: []string{stateMachineType},
		Setting: "always (level ERROR, into the service's log group of runs)", Cost: "CloudWatch Logs' ingestion of the errors",
		check: func(t *Template, r Resource) string {
			logging := r.Properties["LoggingConfiguration"]
			if level, _ := text(mustGet(logging, "Level")); level != "ERROR" && level != "ALL" {
				return "LoggingConfiguration Level is not ERROR or ALL"
			}
			destinations, _ := list(mustGet(logging, "Destinations"))
			if len(destinations) == 0 {
				return "LoggingConfiguration has no Destinations"
			}
			for _, d := range destinations {
				if !t.textOrRef(mustGet(d, "CloudWatchLogsLogGroup", "LogGroupArn"), logGroupType) {
					return "a log destination has no LogGroupArn"
				}
			}
			return ""
		},
	},
	{
		ID:   "CT.STEPFUNCTIONS.PR.2",
		Asks: "state machines traced with AWS X-Ray", Types: []string{stateMachineType},
		Setting: "always", Cost: "X-Ray's traces beyond its free tier",
		check: func(t *Template, r Resource) string {
			if !isTrue(mustGet(r.Properties["TracingConfiguration"], "Enabled")) {
				return "TracingConfiguration Enabled is not true"
			}
			return ""
		},
	},
}

const stateMachineType = "AWS::StepFunctions::StateMachine"
