// Package openapi builds the API Gateway OpenAPI 3.0.1 document of a Blueprint's
// API with kin-openapi's typed model: one operation per route, each with an
// x-amazon-apigateway-integration through the VPC link to the NLB, Cognito
// authorizers as security schemes, and CORS preflights and gateway responses
// when CORS is on.
//
// The same builder serves two outputs. [FileValues] fills in stage variables
// (${stageVariables.vpcLinkId}) for what only the deployed stack knows, giving
// the openapi.yaml that `aws apigateway put-rest-api` imports; package render
// fills in CloudFormation references instead and embeds the document as the
// RestApi Body. Apart from those values the two are identical.
package openapi
