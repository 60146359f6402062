package controls

import "github.com/ecsgate/ecsgate/blueprint"

// Table is every Control Tower proactive control whose resource types the
// templates ecsgate writes can hold, by service. A control on a resource
// type ecsgate never creates (RDS, Lambda, EKS...) is not listed: no
// template of ecsgate's can break it.
var Table = concat(
	apiGatewayControls,
	cloudFrontControls,
	cloudWatchControls,
	codeBuildControls,
	dynamoDBControls,
	ec2Controls,
	ecrControls,
	ecsControls,
	efsControls,
	elbControls,
	iamControls,
	kmsControls,
	s3Controls,
	sqsControls,
	stepFunctionsControls,
	wafControls,
)

// Exceptions are the controls single resources do not meet on purpose,
// with AWS's rule that keeps them from it. Every other finding on a
// template rendered under security: strict is a bug.
var Exceptions = []Exception{
	{Control: "CT.S3.PR.2", Resource: blueprint.AuditLogsBucketID,
		Reason: "it receives the other buckets' S3 server access logs: logging it into itself would log its own logging, which the S3 guide warns against"},
	{Control: "CT.S3.PR.2", Resource: blueprint.PipelineLogsBucketID,
		Reason: "it receives the artifact bucket's S3 server access logs: logging it into itself would log its own logging, which the S3 guide warns against"},
	{Control: "CT.S3.PR.10", Resource: blueprint.AuditLogsBucketID,
		Reason: "ALB access logs and S3 server access logs are delivered only into buckets encrypted with SSE-S3 (the ELB and S3 guides)"},
	{Control: "CT.S3.PR.10", Resource: blueprint.PipelineLogsBucketID,
		Reason: "S3 server access logs are delivered only into buckets encrypted with SSE-S3 (the S3 guide)"},
}

func concat(groups ...[]Control) []Control {
	var all []Control
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}
