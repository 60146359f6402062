package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/s3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// incompleteUploadDays is how long a bucket keeps the parts of a
// multipart upload that was never completed, which S3 bills as storage.
const incompleteUploadDays = 7

// buckets creates the application's S3 buckets, each with its policy,
// but those that exist already. None has a name of its own: CloudFormation
// names each from the stack, unique in all of S3, so that environments in
// one account never collide.
func (r *builder) buckets() {
	for i := range r.bp.Buckets {
		x := &r.bp.Buckets[i]
		if x.Existing != nil {
			continue
		}
		r.add(x.BucketID(), r.applicationBucket(x))
		r.add(x.BucketPolicyID(), r.bucketPolicy(x.BucketID()))
		r.output(x.NameOutput(), "Name of the S3 bucket "+x.Name+".", intrinsic.Ref(x.BucketID()))
	}
}

// applicationBucket is a bucket of the application: what every bucket of
// the templates has (newBucket), encrypted with S3's AWS managed key, its
// earlier versions expiring after versionDays (and its objects after
// expireDays), S3 Object Lock under security: strict, its server access
// logs in the audit bucket with audit logs, and kept when its stack is
// deleted or a change replaces it: a bucket's objects are the data the
// application keeps, and CloudFormation cannot delete a bucket that holds
// any.
func (r *builder) applicationBucket(x *blueprint.Bucket) *s3.Bucket {
	b := newBucket(false, "BucketOwnerEnforced")
	awsManagedKey(b)
	rule := s3.Bucket_Rule{
		Id:                             cloudformation.String("expire-earlier-versions"),
		Status:                         "Enabled",
		NoncurrentVersionExpiration:    &s3.Bucket_NoncurrentVersionExpiration{NoncurrentDays: x.VersionDays},
		AbortIncompleteMultipartUpload: &s3.Bucket_AbortIncompleteMultipartUpload{DaysAfterInitiation: incompleteUploadDays},
	}
	if x.ExpireDays > 0 {
		rule.Id = cloudformation.String("expire-objects")
		rule.ExpirationInDays = cloudformation.Int(x.ExpireDays)
	}
	b.LifecycleConfiguration = &s3.Bucket_LifecycleConfiguration{Rules: []s3.Bucket_Rule{rule}}
	b.CorsConfiguration = bucketCORS(x.CORS)
	if r.bp.Strict() {
		// Each object can be locked (CT.S3.PR.9); no default retention,
		// which would refuse the application's writes without a checksum.
		b.ObjectLockEnabled = cloudformation.Bool(true)
	}
	if r.bp.AuditLogs() {
		b.LoggingConfiguration = &s3.Bucket_LoggingConfiguration{
			DestinationBucketName: cloudformation.String(r.auditBucketName()),
			LogFilePrefix:         cloudformation.String(accessLogsPrefix + "buckets/" + x.Name + "/"),
		}
		b.AWSCloudFormationDependsOn = r.auditPolicyDependency()
	}
	b.AWSCloudFormationDeletionPolicy, b.AWSCloudFormationUpdateReplacePolicy = dataLifetime(true)
	return b
}

// bucketCORS is a bucket's CORS rule, or nil: its origins and methods,
// any request header (a presigned upload carries Content-Type and S3's
// x-amz-* headers, and CORS grants nothing a presigned URL does not), and
// the ETag exposed to the page's script, which completing a multipart
// upload from the browser needs.
func bucketCORS(c *blueprint.BucketCORS) *s3.Bucket_CorsConfiguration {
	if c == nil {
		return nil
	}
	return &s3.Bucket_CorsConfiguration{CorsRules: []s3.Bucket_CorsRule{{
		AllowedOrigins: c.Origins,
		AllowedMethods: c.Methods,
		AllowedHeaders: []string{"*"},
		ExposedHeaders: []string{"ETag"},
		MaxAge:         cloudformation.Int(*c.MaxAge),
	}}}
}

// bucketName is a bucket's name where the template writes it: the
// stack's bucket's (Ref), or an existing bucket's.
func bucketName(x *blueprint.Bucket) string {
	if x.Existing != nil {
		return x.Existing.Name
	}
	return intrinsic.Ref(x.BucketID())
}

// bucketARN and bucketObjectsARN are a bucket's ARN and its objects':
// the stack's bucket's, or an existing bucket's by its name.
func bucketARN(x *blueprint.Bucket) string {
	if x.Existing != nil {
		return intrinsic.Sub("arn:${AWS::Partition}:s3:::" + x.Existing.Name)
	}
	return intrinsic.GetAtt(x.BucketID(), "Arn")
}

func bucketObjectsARN(x *blueprint.Bucket) string {
	if x.Existing != nil {
		return intrinsic.Sub("arn:${AWS::Partition}:s3:::" + x.Existing.Name + "/*")
	}
	return intrinsic.Sub("${" + x.BucketID() + ".Arn}/*")
}

// awsManagedKey encrypts a bucket with S3's AWS managed KMS key (aws/s3),
// whose key policy lets the account's principals use it through S3: the
// roles that read and write the bucket need no KMS permission of their
// own, and Control Tower's CT.S3.PR.10 (KMS) is met. S3 Bucket Keys, which
// newBucket turns on, keep the KMS requests few.
func awsManagedKey(b *s3.Bucket) {
	b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm = "aws:kms"
}

// bucketStatements are what a service's tasks may do with the buckets
// its environment names: list each, and read, write and delete its
// objects (read them alone, for a service of its readOnly), on its exact
// ARN.
func (r *builder) bucketStatements(s *blueprint.Service) []statement {
	var list []statement
	for _, x := range r.bp.BucketsOf(s) {
		word := blueprint.LogicalName(x.Name)
		objects := statement{
			Sid:      "ReadWrite" + word + "Objects",
			Effect:   "Allow",
			Action:   []string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"},
			Resource: []string{bucketObjectsARN(x)},
		}
		if !x.Writes(s) {
			objects.Sid, objects.Action = "Read"+word+"Objects", []string{"s3:GetObject"}
		}
		list = append(list,
			statement{
				Sid:      "List" + word,
				Effect:   "Allow",
				Action:   []string{"s3:ListBucket"},
				Resource: []string{bucketARN(x)},
			},
			objects)
	}
	return list
}
