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
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/diagram"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/render"
	"gopkg.in/yaml.v3"
)

// File is one generated file, named relative to the output directory.
type File struct {
	Name string
	Data []byte
	// Uploads are the local files, relative to this one, that the template
	// names and aws cloudformation package must upload before a deploy.
	Uploads []string
	// tree is a template's YAML nodes, which Data was written from: the
	// controls read it instead of parsing Data again.
	tree *yaml.Node
}

// Names of the generated files (package blueprint keeps them all).
const (
	// TemplateFile is the CloudFormation template (the root template with
	// stacks: nested).
	TemplateFile = blueprint.TemplateFile
	// OpenAPIFile is the API Gateway OpenAPI document, written when the
	// Blueprint has an api; importable with aws apigateway put-rest-api.
	OpenAPIFile = blueprint.OpenAPIFile
	// DiagramFile is the Mermaid flowchart of the request path.
	DiagramFile = blueprint.DiagramFile
	// PipelineFile is the delivery pipeline's own template, written when the
	// Blueprint has a pipeline; deployed once, beside the service stack.
	PipelineFile = blueprint.PipelineFile
	// BuildspecFile is the pipeline's CodeBuild specification.
	BuildspecFile = blueprint.BuildspecFile
	// StacksDir holds the nested stack templates (stacks: nested), one per
	// service, referenced from template.yaml by relative path.
	StacksDir = blueprint.StacksDir
	// SharedFile is the shared stack's template: what exists once per
	// account and Region (the container repositories), deployed before any
	// environment's stack.
	SharedFile = blueprint.SharedFile
)

// Load reads and validates a Blueprint file. On failure the error lists every
// problem with its file position (see [blueprint.Problems]).
func Load(file string) (*blueprint.Blueprint, error) { return blueprint.Load(file) }

// Render validates b and renders every output file, in memory.
//
// The files are the template (template.yaml, and with stacks: nested one
// stacks/<service>.yaml per service), openapi.yaml with an api, the
// diagram, and pipeline.yaml and buildspec.yml with a pipeline. A Blueprint
// that passes an AWS limit (CloudFormation's limits on a template, AWS
// quotas) gets a [blueprint.Problems] error and no files.
func Render(b *blueprint.Blueprint) ([]File, error) {
	res, err := blueprint.Resolve(b)
	if err != nil {
		return nil, err
	}
	return RenderResolved(res)
}

// RenderResolved renders every output file of a resolved Blueprint (see
// [Render]); it validates nothing again.
func RenderResolved(b *blueprint.Resolved) ([]File, error) {
	// The request path as a Mermaid flowchart, for reviews (GitHub renders
	// it); no deploy reads it. Drawn while the templates are rendered.
	drawing := make(chan string, 1)
	go func() { drawing <- diagram.Mermaid(b) }()
	templates, err := render.Templates(b)
	if err != nil {
		return nil, err
	}
	var files, pipeline []File
	for _, t := range templates {
		f := File{Name: t.Name, Data: t.Data, Uploads: t.Uploads, tree: t.Tree}
		if t.Name == PipelineFile {
			pipeline = append(pipeline, f)
			continue
		}
		files = append(files, f)
	}
	files = append(files, File{Name: DiagramFile, Data: []byte(<-drawing)})
	files = append(files, pipeline...)
	if b.Pipeline != nil {
		spec, err := render.Buildspec(b)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: BuildspecFile, Data: spec})
	}
	return files, nil
}

// PackagedTemplateFile is where the deploy commands have aws cloudformation
// package write the template it uploaded.
const PackagedTemplateFile = blueprint.PackagedTemplateFile

// DeployCommands returns the commands that deploy the files Render returned,
// once written to dir, as the stack named stack: aws cloudformation deploy
// for a template CloudFormation takes inline (at most 51,200 bytes); with
// --s3-bucket above that; aws cloudformation package first when the template
// names local files (nested stacks, a large API document). BUCKET stands for
// an S3 bucket in the stack's region. The same commands create the stack and
// update it: they give every parameter of the template its value (see
// [ParameterOverrides]).
func DeployCommands(files []File, dir, stack string) []string {
	template, _ := FileNamed(files, TemplateFile)
	path := ShellWord(filepath.Join(dir, TemplateFile))
	deploy := "aws cloudformation deploy --template-file %s --stack-name " + stack + "%s --capabilities CAPABILITY_NAMED_IAM" + ParameterOverrides(template)
	switch {
	case len(template.Uploads) > 0:
		packaged := ShellWord(filepath.Join(dir, PackagedTemplateFile))
		return []string{
			"aws cloudformation package --template-file " + path + " --s3-bucket BUCKET --output-template-file " + packaged,
			fmt.Sprintf(deploy, packaged, " --s3-bucket BUCKET"),
		}
	case len(template.Data) > inlineTemplateBytes():
		return []string{fmt.Sprintf(deploy, path, " --s3-bucket BUCKET")}
	}
	return []string{fmt.Sprintf(deploy, path, "")}
}

// FileNamed is the file of that name among files (TemplateFile: the
// template, the root template of nested stacks), and whether there is one.
func FileNamed(files []File, name string) (File, bool) {
	for _, f := range files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// ParameterOverrides is the --parameter-overrides argument that gives every
// Parameter of a template its default, the Blueprint's value, or "" for a
// template without Parameters. aws cloudformation deploy updates a stack
// with the value each parameter had before unless it is given ("If you're
// updating a stack and you don't specify a parameter, the command uses the
// stack's existing value", its help says; it sends UsePreviousValue): a tag
// or subnet changed in the Blueprint alone, rendered and deployed, would
// leave the stack as it was.
func ParameterOverrides(template File) string {
	var b strings.Builder
	for _, p := range cfn.Defaults(template.tree) {
		if b.Len() == 0 {
			b.WriteString(" --parameter-overrides")
		}
		b.WriteString(" " + ShellWord(p.Parameter+"="+p.Value))
	}
	return b.String()
}

// inlineTemplateBytes is the largest template CloudFormation takes inline.
func inlineTemplateBytes() int {
	q, _ := blueprint.QuotaByKey(blueprint.QuotaInlineTemplateBytes)
	return q.Default
}

// RenderEnvironment renders one environment of b (see
// [blueprint.Blueprint.Environment]); env "" renders the base.
func RenderEnvironment(b *blueprint.Blueprint, env string) ([]File, error) {
	res, err := b.ResolveEnvironment(env)
	if err != nil {
		return nil, err
	}
	return RenderResolved(res)
}

// Rendering is one environment's Blueprint and the files rendered from it.
type Rendering struct {
	// Env is the environment's name; "" for the base.
	Env string
	// Blueprint is the environment's merged Blueprint.
	Blueprint *blueprint.Blueprint
	// Resolved is the same, validated and with its defaults.
	Resolved *blueprint.Resolved
	// Files are what Render returned for it.
	Files []File
}

// RenderEach renders the named environments of b ("" for the base). The
// problems of every environment are reported together, and nothing is
// returned unless all render. Each environment is validated once.
func RenderEach(b *blueprint.Blueprint, envs []string) ([]Rendering, error) {
	var done []Rendering
	var problems blueprint.Problems
	for _, env := range envs {
		res, err := b.ResolveEnvironment(env)
		var files []File
		if err == nil {
			files, err = RenderResolved(res)
		}
		var ps blueprint.Problems
		switch {
		case errors.As(err, &ps):
			problems = append(problems, ps...)
			continue
		case err != nil:
			return nil, err
		}
		done = append(done, Rendering{Env: env, Blueprint: res.Blueprint, Resolved: res, Files: files})
	}
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	return done, nil
}

// RenderAll renders every environment of b, each file named after its
// environment's folder (dev/template.yaml, prod/openapi.yaml...), or the
// base when b has no environments. The problems of every environment are
// reported together.
func RenderAll(b *blueprint.Blueprint) ([]File, error) {
	names := b.EnvironmentNames()
	if len(names) == 0 {
		return Render(b)
	}
	done, err := RenderEach(b, names)
	if err != nil {
		return nil, err
	}
	return EnvironmentFiles(done), nil
}

// EnvironmentFiles lays out the files of several environments' renderings
// as gen render --all-envs writes them: each environment's in a folder named
// after it (dev/template.yaml), the shared stack's once, beside them
// (shared.yaml): every environment in an account and Region shares it.
func EnvironmentFiles(done []Rendering) []File {
	var files []File
	shared := false
	for _, r := range done {
		for _, f := range r.Files {
			if f.Name == SharedFile {
				if !shared {
					files = append(files, f)
					shared = true
				}
				continue
			}
			f.Name = r.Env + "/" + f.Name // Uploads stay relative to the template
			files = append(files, f)
		}
	}
	return files
}

// RenderFile loads the Blueprint at file and renders it.
func RenderFile(file string) ([]File, error) {
	b, err := Load(file)
	if err != nil {
		return nil, err
	}
	return Render(b)
}

//go:embed golden/*/blueprint.yaml golden/*/design
var examples embed.FS

//go:generate go run ./internal/schemagen/cmd

//go:embed schema/blueprint.schema.json
var schema []byte

// Schema returns the Blueprint's JSON Schema (draft 2020-12), for editors
// (yaml-language-server). go generate regenerates it from the model.
func Schema() []byte { return schema }

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

// ExampleInfo names a built-in example and says what it builds.
type ExampleInfo struct {
	Name        string
	Description string // the Blueprint's description: one line
}

// ExampleList lists the built-in examples by name, each with its
// Blueprint's description.
func ExampleList() []ExampleInfo {
	var list []ExampleInfo
	for _, name := range Examples() {
		data, _ := Example(name)
		var head struct {
			Description string `yaml:"description"`
		}
		yaml.Unmarshal(data, &head) // the examples are tested valid
		list = append(list, ExampleInfo{Name: name, Description: head.Description})
	}
	return list
}

// Example returns the YAML source of a built-in example Blueprint.
func Example(name string) ([]byte, error) {
	data, err := examples.ReadFile(path.Join("golden", name, "blueprint.yaml"))
	if err != nil {
		hint := "gen examples lists them"
		if meant := blueprint.DidYouMean(name, Examples()); meant != "" {
			hint = meant + " " + hint
		}
		return nil, fmt.Errorf("no built-in example %q (%s)", name, hint)
	}
	return data, nil
}

// LoadExample reads and validates a built-in example Blueprint.
func LoadExample(name string) (*blueprint.Blueprint, error) {
	data, err := Example(name)
	if err != nil {
		return nil, err
	}
	dir := path.Join("golden", name)
	// The files the example names (its API document) come with gen too.
	files := func(file string) ([]byte, error) { return examples.ReadFile(path.Join(dir, file)) }
	return blueprint.ReadFiles(path.Join(dir, "blueprint.yaml"), data, files)
}
