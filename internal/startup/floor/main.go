// Command floor is the start-up floor gen is measured against: a program
// that links the three libraries gen is built on (goformation's
// CloudFormation types, kin-openapi's OpenAPI model and yaml.v3) and does
// nothing. The time it takes from exec to exit is what any program on these
// libraries pays before it can run a line of its own: their package
// initialisation, the runtime's start and the binary's loading.
//
//	go build -o /tmp/floor ./internal/startup/floor
//	go build -o /tmp/gen ./cmd/gen
//	# then time /tmp/floor and "/tmp/gen render --example private-api -o DIR"
//	# side by side, alternating, and compare medians
package main

import (
	_ "github.com/awslabs/goformation/v7/cloudformation"
	_ "github.com/getkin/kin-openapi/openapi3"
	_ "gopkg.in/yaml.v3"
)

func main() {}
