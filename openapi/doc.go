// Package openapi will build the API Gateway OpenAPI 3.0.1 document that fronts
// a Blueprint's services (routes, VPC-link integrations, Cognito authorizers),
// with kin-openapi's typed model. It is empty until the private API lands; the
// CloudFormation side of the same Blueprint is in package render.
package openapi
