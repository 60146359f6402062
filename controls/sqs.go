package controls

// sqsControls check the services' queues: each has a dead-letter queue, or
// is one, and each is encrypted at rest.
var sqsControls = []Control{
	{
		ID: "CT.SQS.PR.1", Asks: "a dead-letter queue on every queue", Types: []string{queueType},
		Setting: "always: services[].queue.tries (default 10) before a message moves there", Cost: "none (a queue that holds what failed)",
		check: func(t *Template, r Resource) string {
			// A dead-letter queue itself says so with a redrive allow
			// policy that admits source queues; it needs none of its own.
			if permission, ok := text(mustGet(r.Properties, "RedriveAllowPolicy", "redrivePermission")); ok && (permission == "allowAll" || permission == "byQueue") {
				return ""
			}
			if !t.textOrRef(mustGet(r.Properties, "RedrivePolicy", "deadLetterTargetArn"), queueType) {
				return "no RedrivePolicy deadLetterTargetArn"
			}
			return ""
		},
	},
	{
		ID: "CT.SQS.PR.2", SecurityHub: []string{"SQS.1"},
		Asks: "encryption at rest on every queue", Types: []string{queueType},
		Setting: "always (SQS-managed keys)", Cost: "none",
		check: func(t *Template, r Resource) string {
			key, kms := r.Properties["KmsMasterKeyId"]
			sse := isTrue(r.Properties["SqsManagedSseEnabled"])
			if sse && !kms || kms && !sse && (t.textOrRef(key, "AWS::KMS::Key") || t.localRef(key, "AWS::KMS::Alias")) {
				return ""
			}
			return "neither SqsManagedSseEnabled nor a KmsMasterKeyId"
		},
	},
}

const queueType = "AWS::SQS::Queue"
