package ecsgate_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// Build a Blueprint in Go and render it: one service behind an internal NLB
// with a plain TCP listener, in a new VPC with defaults for everything else.
func ExampleRender() {
	b := &blueprint.Blueprint{
		Name:    "hello",
		Ingress: blueprint.Ingress{NLB: &blueprint.NLB{Protocol: blueprint.ProtocolTCP}},
		Services: []blueprint.Service{{
			Name:   "hello",
			CPU:    256,
			Memory: 512,
			Containers: []blueprint.Container{{
				Name:  "app",
				Image: blueprint.Image{URI: "public.ecr.aws/nginx/nginx:1.27"},
				Port:  80,
			}},
			NLB: &blueprint.ServiceNLB{},
		}},
	}
	files, err := ecsgate.Render(b)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		first, _, _ := strings.Cut(string(f.Data), "\n")
		fmt.Println(f.Name, first)
	}
	// Output:
	// template.yaml AWSTemplateFormatVersion: "2010-09-09"
	// diagram.mmd flowchart LR
}

// A Blueprint with problems reports all of them, each with its field path.
func ExampleRender_problems() {
	b := &blueprint.Blueprint{
		Name: "Bad Name",
		Services: []blueprint.Service{{
			Name: "web", CPU: 256, Memory: 4096,
			Containers: []blueprint.Container{{Name: "app", Image: blueprint.Image{URI: "nginx"}}},
		}},
	}
	_, err := ecsgate.Render(b)
	fmt.Println(err)
	// Output:
	// name: "Bad Name" is not a valid name (use lowercase letters, digits and hyphens, starting with a letter, e.g. "bad-name")
	// services[0].containers[0].image.uri: "nginx" names no tag or digest (add :TAG or @sha256:DIGEST; an implicit :latest makes deployments unrepeatable)
	// services[0].cpu: cpu 256 with memory 4096 is not a Fargate task size (with cpu 256 use memory 512, 1024 or 2048)
}

// Load a Blueprint file and render every output file: a template and the
// diagram of the request path always, the OpenAPI document with an api, the
// pipeline files with a pipeline.
func ExampleRenderFile() {
	files, err := ecsgate.RenderFile("golden/private-api-pipeline/blueprint.yaml")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(f.Name)
	}
	// Output:
	// template.yaml
	// openapi.yaml
	// shared.yaml
	// diagram.mmd
	// pipeline.yaml
	// buildspec.yml
}
