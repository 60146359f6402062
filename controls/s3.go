package controls

import "github.com/ecsgate/ecsgate/internal/lazyre"

// s3Controls check the buckets and their policies.
var s3Controls = []Control{
	{
		ID: "CT.S3.PR.1", SecurityHub: []string{"S3.8"},
		Asks: "public access blocked on every bucket", Types: []string{bucketType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			block := r.Properties["PublicAccessBlockConfiguration"]
			for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
				if !isTrue(mustGet(block, k)) {
					return k + " is not true"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.S3.PR.2", SecurityHub: []string{"S3.9"},
		Asks: "S3 server access logging", Types: []string{bucketType},
		Setting: "logs.audit: true (security: strict): into the audit bucket, the pipeline's logs bucket or logs.bucket",
		Cost:    "S3 storage of the access logs",
		check: func(t *Template, r Resource) string {
			logging, ok := r.Properties["LoggingConfiguration"].(map[string]any)
			if !ok {
				return "no LoggingConfiguration"
			}
			if dest, ok := logging["DestinationBucketName"]; ok && !t.textOrRef(dest, bucketType) {
				return "the access logs' bucket is neither a name nor a bucket of this template"
			}
			return ""
		},
	},
	{
		ID: "CT.S3.PR.3", SecurityHub: []string{"S3.10"},
		Asks: "a lifecycle rule on versioned buckets", Types: []string{bucketType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !isText(mustGet(r.Properties, "VersioningConfiguration", "Status"), "Enabled") {
				return ""
			}
			return activeLifecycle(r)
		},
	},
	{
		ID: "CT.S3.PR.4", SecurityHub: []string{"S3.11"},
		Asks: "event notifications on every bucket", Types: []string{bucketType},
		Setting: "always: S3's events go to EventBridge (free for S3's own events)", Cost: "none",
		check: func(t *Template, r Resource) string {
			n, ok := r.Properties["NotificationConfiguration"].(map[string]any)
			if !ok {
				return "no NotificationConfiguration"
			}
			if isTrue(mustGet(n, "EventBridgeConfiguration", "EventBridgeEnabled")) && isMap(n["EventBridgeConfiguration"]) {
				return ""
			}
			for _, k := range []string{"LambdaConfigurations", "QueueConfigurations", "TopicConfigurations"} {
				if nonEmptyList(n[k]) {
					return ""
				}
			}
			return "no notification is configured"
		},
	},
	{
		ID: "CT.S3.PR.5", SecurityHub: []string{"S3.12"},
		Asks: "no access control lists for users", Types: []string{bucketType},
		Setting: "always: no canned ACL; ACLs stay off but where CloudFront delivers its logs", Cost: "none",
		check: func(t *Template, r Resource) string {
			if has(r.Properties, "AccessControl") {
				return "AccessControl is set"
			}
			return ""
		},
	},
	{
		ID: "CT.S3.PR.6", SecurityHub: []string{"S3.13"},
		Asks: "a lifecycle rule on every bucket", Types: []string{bucketType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string { return activeLifecycle(r) },
	},
	{
		ID: "CT.S3.PR.8", SecurityHub: []string{"S3.5"},
		Asks: "bucket policies that refuse requests without TLS", Types: []string{"AWS::S3::BucketPolicy"},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			doc, ok := r.Properties["PolicyDocument"].(map[string]any)
			if ok {
				for _, s := range items(doc["Statement"]) {
					if t.tlsOnly(s) {
						return ""
					}
				}
			}
			return "no statement denies requests without TLS"
		},
	},
	{
		ID: "CT.S3.PR.9", SecurityHub: []string{"S3.15"},
		Asks: "S3 Object Lock on every bucket", Types: []string{bucketType},
		Setting: "security: strict for the application's buckets and the pipeline's artifact bucket; always on the log buckets",
		Cost:    "none until a retention is set; a bucket with Object Lock cannot turn it off",
		check: func(t *Template, r Resource) string {
			if !isTrue(r.Properties["ObjectLockEnabled"]) {
				return "ObjectLockEnabled is not true"
			}
			return ""
		},
	},
	{
		ID: "CT.S3.PR.10", SecurityHub: []string{"S3.17"},
		Asks: "default encryption with KMS", Types: []string{bucketType},
		Setting: "always for the pipeline's artifacts (AWS managed key); logs.encrypt: true for CloudFront's logs",
		Cost:    "KMS requests, few with S3 Bucket Keys",
		check: func(t *Template, r Resource) string {
			rules, _ := list(mustGet(r.Properties, "BucketEncryption", "ServerSideEncryptionConfiguration"))
			if len(rules) == 0 {
				return "no default encryption"
			}
			for _, rule := range rules {
				if !oneOf(mustGet(rule, "ServerSideEncryptionByDefault", "SSEAlgorithm"), "aws:kms", "aws:kms:dsse") {
					return "default encryption is not KMS"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.S3.PR.11", SecurityHub: []string{"S3.14"},
		Asks: "versioning on every bucket", Types: []string{bucketType},
		Setting: "always", Cost: "none: old versions expire",
		check: func(t *Template, r Resource) string {
			if !isText(mustGet(r.Properties, "VersioningConfiguration", "Status"), "Enabled") {
				return "versioning is not enabled"
			}
			return ""
		},
	},
}

const bucketType = "AWS::S3::Bucket"

var (
	bucketARN       = lazyre.New(`^arn:aws[a-z0-9\-]*:s3:::[a-z0-9][a-z0-9\.-]*[a-z0-9]$`)
	bucketObjectARN = lazyre.New(`^arn:aws[a-z0-9\-]*:s3:::[a-z0-9][a-z0-9\.-]*[a-z0-9]\/\*$`)
)

// activeLifecycle is why a bucket has no enabled lifecycle rule, or "".
func activeLifecycle(r Resource) string {
	rules, _ := list(mustGet(r.Properties, "LifecycleConfiguration", "Rules"))
	for _, rule := range rules {
		if isText(mustGet(rule, "Status"), "Enabled") {
			return ""
		}
	}
	return "no enabled lifecycle rule"
}

// tlsOnly reports whether a bucket policy statement is the one
// CT.S3.PR.8 asks for: deny every S3 action to everyone on the bucket and
// its objects when aws:SecureTransport is false.
func (t *Template) tlsOnly(s any) bool {
	st, ok := s.(map[string]any)
	if !ok {
		return false
	}
	for _, k := range []string{"Effect", "Action", "Principal", "Condition", "Resource"} {
		if _, ok := st[k]; !ok {
			return false
		}
	}
	for _, a := range items(st["Action"]) {
		if !oneOf(a, "s3:*", "*") {
			return false
		}
	}
	if !isText(st["Effect"], "Deny") || !everyone(st["Principal"]) {
		return false
	}
	if !all(st["Resource"], "*") && !t.bucketAndObjects(st["Resource"]) {
		return false
	}
	cond, ok := st["Condition"].(map[string]any)
	if !ok || len(cond) != 1 {
		return false
	}
	b, ok := cond["Bool"].(map[string]any)
	return ok && len(b) == 1 && isText(b["aws:SecureTransport"], "false")
}

// bucketAndObjects reports whether a statement's resources name a bucket
// and its objects: as ARNs, or as the bucket's Arn and Fn::Join of it and
// "/*", the forms CT.S3.PR.8's check reads.
func (t *Template) bucketAndObjects(resource any) bool {
	l, ok := list(resource)
	if !ok || len(l) == 0 {
		return false
	}
	var arn, objects, arnRef, objectsRef bool
	for _, v := range l {
		arn = arn || matches(v, bucketARN)
		objects = objects || matches(v, bucketObjectARN)
		arnRef = arnRef || t.bucketArnAtt(mustGet(v, "Fn::GetAtt"))
		if join, ok := list(mustGet(v, "Fn::Join")); ok && len(join) == 2 {
			if parts, ok := list(join[1]); ok && len(parts) >= 2 {
				objectsRef = objectsRef || t.bucketArnAtt(mustGet(parts[0], "Fn::GetAtt")) && isText(parts[1], "/*")
			}
		}
	}
	return arn && objects || arnRef && objectsRef
}

// bucketArnAtt reports whether a Fn::GetAtt argument is the Arn of a
// bucket of the template.
func (t *Template) bucketArnAtt(att any) bool {
	l, ok := list(att)
	if !ok || len(l) < 2 || !isText(l[1], "Arn") {
		return false
	}
	id, _ := text(l[0])
	return t.Resources[id].Type == bucketType
}
