// Package ecsgate turns one typed Blueprint into an AWS CloudFormation template
// for container APIs on ECS Fargate.
//
// The whole job is one call: [RenderFile] (or [Load] then [Render]) returns the
// files to write; nothing is written and nothing calls AWS. The Blueprint model
// lives in package blueprint, the CloudFormation renderer in package render.
// The built-in examples ([Examples]) are the golden Blueprints of this module.
package ecsgate

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/openapi"
	"github.com/ecsgate/ecsgate/render"
)

// File is one generated file, named relative to the output directory.
type File struct {
	Name string
	Data []byte
}

// Names of the generated files.
const (
	// TemplateFile is the CloudFormation template.
	TemplateFile = "template.yaml"
	// OpenAPIFile is the API Gateway OpenAPI document, written when the
	// Blueprint has an api; importable with aws apigateway put-rest-api.
	OpenAPIFile = "openapi.yaml"
	// PipelineFile is the delivery pipeline's own template, written when the
	// Blueprint has a pipeline; deployed once, beside the service stack.
	PipelineFile = "pipeline.yaml"
	// BuildspecFile is the pipeline's CodeBuild specification.
	BuildspecFile = render.BuildspecFile
)

// Load reads and validates a Blueprint file. On failure the error lists every
// problem with its file position (see [blueprint.Problems]).
func Load(file string) (*blueprint.Blueprint, error) { return blueprint.Load(file) }

// Render validates b and renders every output file, in memory.
func Render(b *blueprint.Blueprint) ([]File, error) {
	t, err := render.Template(b)
	if err != nil {
		return nil, err
	}
	data, err := render.YAML(t)
	if err != nil {
		return nil, err
	}
	files := []File{{Name: TemplateFile, Data: data}}
	if b.API != nil {
		withDefaults := b.WithDefaults()
		doc, err := openapi.Document(withDefaults, openapi.FileValues(withDefaults))
		if err != nil {
			return nil, err
		}
		data, err := openapi.YAML(doc)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: OpenAPIFile, Data: data})
	}
	if b.Pipeline != nil {
		t, err := render.Pipeline(b)
		if err != nil {
			return nil, err
		}
		data, err := render.YAML(t)
		if err != nil {
			return nil, err
		}
		spec, err := render.Buildspec(b)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: PipelineFile, Data: data}, File{Name: BuildspecFile, Data: spec})
	}
	return files, nil
}

// RenderFile loads the Blueprint at file and renders it.
func RenderFile(file string) ([]File, error) {
	b, err := Load(file)
	if err != nil {
		return nil, err
	}
	return Render(b)
}

//go:embed golden/*/blueprint.yaml
var examples embed.FS

// Examples lists the names of the built-in example Blueprints.
func Examples() []string {
	entries, _ := fs.ReadDir(examples, "golden")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// Example returns the YAML source of a built-in example Blueprint.
func Example(name string) ([]byte, error) {
	data, err := examples.ReadFile(path.Join("golden", name, "blueprint.yaml"))
	if err != nil {
		return nil, fmt.Errorf("no built-in example %q (gen examples lists them)", name)
	}
	return data, nil
}

// LoadExample reads and validates a built-in example Blueprint.
func LoadExample(name string) (*blueprint.Blueprint, error) {
	data, err := Example(name)
	if err != nil {
		return nil, err
	}
	return blueprint.Read(path.Join("golden", name, "blueprint.yaml"), data)
}
