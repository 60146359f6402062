package render

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/s3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// TestBuckets: each bucket is private, versioned, encrypted with S3's AWS
// managed key, its earlier versions (and, with expireDays, its objects)
// expiring, kept after the stack, with a policy that refuses requests
// without TLS; its name is an output and reaches the services that name
// it; their task roles list it and read, write and delete its objects
// (read them, for a service of readOnly), on its exact ARN, and no other
// service's role names it. Under
// security: strict with audit logs, each bucket has Object Lock and logs
// its access into the audit bucket, which admits S3's deliveries.
func TestBuckets(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(storesApp))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, c := range []struct {
		id          string
		versionDays int
		expireDays  int
	}{{"UploadsBucket", 90, 0}, {"ExportsBucket", 30, 7}} {
		bucket, err := tmpl.GetS3BucketWithName(c.id)
		if err != nil {
			t.Fatal(err)
		}
		sse := bucket.BucketEncryption.ServerSideEncryptionConfiguration[0]
		pab := bucket.PublicAccessBlockConfiguration
		if sse.ServerSideEncryptionByDefault.SSEAlgorithm != "aws:kms" || sse.ServerSideEncryptionByDefault.KMSMasterKeyID != nil || !*sse.BucketKeyEnabled ||
			!*pab.BlockPublicAcls || !*pab.BlockPublicPolicy || !*pab.IgnorePublicAcls || !*pab.RestrictPublicBuckets ||
			bucket.VersioningConfiguration.Status != "Enabled" || bucket.BucketName != nil || bucket.ObjectLockEnabled != nil || bucket.LoggingConfiguration != nil ||
			bucket.AWSCloudFormationDeletionPolicy != "RetainExceptOnCreate" || bucket.AWSCloudFormationUpdateReplacePolicy != "Retain" {
			t.Errorf("%s: %+v", c.id, bucket)
		}
		rule := bucket.LifecycleConfiguration.Rules[0]
		expire := 0
		if rule.ExpirationInDays != nil {
			expire = *rule.ExpirationInDays
		}
		if rule.NoncurrentVersionExpiration.NoncurrentDays != c.versionDays || expire != c.expireDays || rule.AbortIncompleteMultipartUpload.DaysAfterInitiation != incompleteUploadDays {
			t.Errorf("%s's lifecycle: %+v", c.id, rule)
		}
		policy, err := tmpl.GetS3BucketPolicyWithName(c.id + "Policy")
		if err != nil {
			t.Fatal(err)
		}
		if tls := statementOf(t, policy.PolicyDocument, "TlsOnly"); tls.Effect != "Deny" || len(policy.PolicyDocument.(policyDocument).Statement) != 1 {
			t.Errorf("%s's policy: %+v", c.id, policy.PolicyDocument)
		}
		if _, ok := tmpl.Outputs[c.id+"Name"]; !ok {
			t.Errorf("no output %sName", c.id)
		}
	}
	for _, c := range []struct {
		service, bucket string
		writes          bool
	}{{"api", "UploadsBucket", true}, {"report", "ExportsBucket", true}, {"other", "UploadsBucket", false}} {
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
		for _, other := range []string{"UploadsBucket", "ExportsBucket"} {
			if strings.Contains(said, other) != (other == c.bucket) {
				t.Errorf("%s's task role names %s: %v", c.service, other, strings.Contains(said, other))
			}
		}
		word := strings.TrimSuffix(c.bucket, "Bucket")
		list := statementOf(t, dataPolicy(t, role.Policies), "List"+word)
		sid, actions := "ReadWrite"+word+"Objects", []string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"}
		if !c.writes {
			sid, actions = "Read"+word+"Objects", []string{"s3:GetObject"}
		}
		objects := statementOf(t, dataPolicy(t, role.Policies), sid)
		if !slices.Equal(list.Action, []string{"s3:ListBucket"}) || !slices.Equal(list.Resource, []string{intrinsic.GetAtt(c.bucket, "Arn")}) ||
			!slices.Equal(objects.Action, actions) || !slices.Equal(objects.Resource, []string{intrinsic.Sub("${" + c.bucket + ".Arn}/*")}) {
			t.Errorf("%s's statements: %+v, %+v", c.service, list, objects)
		}
	}
	td, err := tmpl.GetECSTaskDefinitionWithName("ReportTaskDefinition")
	if err != nil {
		t.Fatal(err)
	}
	if env := td.ContainerDefinitions[0].Environment; len(env) != 2 || *env[0].Name != "EXPORTS" || *env[0].Value != intrinsic.Sub("s3://${ExportsBucket}/daily") {
		t.Errorf("report's environment: %s=%s", *env[0].Name, decode(*env[0].Value))
	}

	hardened := strings.NewReplacer(
		"        image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}\n", "        image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}\n        user: \"1000\"\n        readonlyRootFilesystem: true\n",
		"{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"},", "{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, user: \"1000\", readonlyRootFilesystem: true,",
	).Replace(storesApp)
	strict, err := blueprint.Read("shop.yaml", []byte(hardened+"security: strict\n"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl = mustTemplate(t, strict)
	bucket, err := tmpl.GetS3BucketWithName("UploadsBucket")
	if err != nil {
		t.Fatal(err)
	}
	if !*bucket.ObjectLockEnabled || bucket.LoggingConfiguration == nil || *bucket.LoggingConfiguration.DestinationBucketName != intrinsic.Ref(blueprint.AuditLogsBucketID) ||
		*bucket.LoggingConfiguration.LogFilePrefix != "s3/buckets/uploads/" || !slices.Equal(bucket.AWSCloudFormationDependsOn, []string{blueprint.AuditLogsBucketID + "Policy"}) {
		t.Errorf("UploadsBucket under security: strict: %+v", bucket)
	}
	audit, err := tmpl.GetS3BucketPolicyWithName(blueprint.AuditLogsBucketID + "Policy")
	if err != nil {
		t.Fatal(err)
	}
	statementOf(t, audit.PolicyDocument, "S3WritesServerAccessLogs")
	if uploads, _ := tmpl.GetS3BucketPolicyWithName("UploadsBucketPolicy"); len(uploads.PolicyDocument.(policyDocument).Statement) != 1 {
		t.Errorf("an application's bucket is kept like the logs: %+v", uploads.PolicyDocument)
	}
}

// dataPolicy is a task role's policy of buckets and tables.
func dataPolicy(t *testing.T, policies []iam.Role_Policy) policyDocument {
	t.Helper()
	for _, p := range policies {
		if p.PolicyName == "data" {
			return p.PolicyDocument.(policyDocument)
		}
	}
	t.Fatalf("no policy data in %+v", policies)
	return policyDocument{}
}

// TestObjectEvents: a queue that receives a bucket's new objects gets an
// EventBridge rule per entry, matching S3's Object Created events of that
// bucket (by its name) and prefix, with the queue as its target, and the
// queue's policy admits EventBridge from those rules alone; a second
// prefix of one bucket is a rule of its own.
func TestObjectEvents(t *testing.T) {
	src := storesApp + `  - name: thumbs
    cpu: 256
    memory: 512
    queue:
      objects: [{bucket: uploads, prefix: photos/}, {bucket: uploads, prefix: avatars/}, {bucket: exports}]
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        environment: {QUEUE_URL: "${queue.url}", UPLOADS: "${buckets.uploads.name}"}
`
	b, err := blueprint.Read("shop.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, c := range []struct {
		id, bucket, prefix string
	}{{"ThumbsObjectsOfUploads", "UploadsBucket", "photos/"}, {"ThumbsObjectsOfUploads2", "UploadsBucket", "avatars/"}, {"ThumbsObjectsOfExports", "ExportsBucket", ""}} {
		rule, err := tmpl.GetEventsRuleWithName(c.id)
		if err != nil {
			t.Fatal(err)
		}
		pattern := rule.EventPattern.(map[string]any)
		detail := pattern["detail"].(map[string]any)
		var prefix string
		if object, ok := detail["object"].(map[string]any); ok {
			prefix = object["key"].([]any)[0].(map[string]any)["prefix"].(string)
		}
		if !slices.Equal(pattern["source"].([]string), []string{"aws.s3"}) || !slices.Equal(pattern["detail-type"].([]string), []string{"Object Created"}) ||
			!slices.Equal(detail["bucket"].(map[string]any)["name"].([]string), []string{intrinsic.Ref(c.bucket)}) || prefix != c.prefix ||
			len(rule.Targets) != 1 || rule.Targets[0].Arn != intrinsic.GetAtt("ThumbsQueue", "Arn") {
			t.Errorf("%s: %+v", c.id, rule)
		}
	}
	policy, err := tmpl.GetSQSQueuePolicyWithName("ThumbsQueuePolicy")
	if err != nil {
		t.Fatal(err)
	}
	st := statementOf(t, policy.PolicyDocument, "BucketEventsSend")
	rules := st.Condition["ArnEquals"].(map[string]any)["aws:SourceArn"].([]string)
	if st.Principal["Service"] != "events.amazonaws.com" || !slices.Equal(st.Action, []string{"sqs:SendMessage"}) ||
		!slices.Equal(rules, []string{intrinsic.GetAtt("ThumbsObjectsOfUploads", "Arn"), intrinsic.GetAtt("ThumbsObjectsOfUploads2", "Arn"), intrinsic.GetAtt("ThumbsObjectsOfExports", "Arn")}) {
		t.Errorf("the queue's policy: %+v", st)
	}
}

// TestBucketCORS: a bucket's CORS is one rule of its origins and methods,
// any request header, ETag exposed and the preflight cache; a bucket
// without cors has no CORS configuration.
func TestBucketCORS(t *testing.T) {
	src := strings.Replace(storesApp, "    versionDays: 90\n", "    versionDays: 90\n    cors: {origins: [https://shop.example.org, \"http://localhost:3000\"], maxAge: 0}\n", 1)
	b, err := blueprint.Read("shop.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	uploads, err := tmpl.GetS3BucketWithName("UploadsBucket")
	if err != nil {
		t.Fatal(err)
	}
	want := &s3.Bucket_CorsConfiguration{CorsRules: []s3.Bucket_CorsRule{{
		AllowedOrigins: []string{"https://shop.example.org", "http://localhost:3000"},
		AllowedMethods: []string{"GET", "HEAD", "PUT"},
		AllowedHeaders: []string{"*"},
		ExposedHeaders: []string{"ETag"},
		MaxAge:         cloudformation.Int(0),
	}}}
	if !reflect.DeepEqual(uploads.CorsConfiguration, want) {
		t.Errorf("UploadsBucket's CORS: %+v, want %+v", uploads.CorsConfiguration, want)
	}
	exports, err := tmpl.GetS3BucketWithName("ExportsBucket")
	if err != nil {
		t.Fatal(err)
	}
	if exports.CorsConfiguration != nil {
		t.Errorf("ExportsBucket has CORS: %+v", exports.CorsConfiguration)
	}
}
