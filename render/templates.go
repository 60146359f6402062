package render

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
	"github.com/ecsgate/ecsgate/internal/yamlout"
	"github.com/ecsgate/ecsgate/openapi"
)

// File is one rendered template, named relative to the output directory.
type File struct {
	Name string
	Data []byte
	// Uploads are the local files, relative to this one, that the template
	// names and aws cloudformation package uploads to S3 before a deploy:
	// nested stack templates, and openapi.yaml when the API document is too
	// large to embed.
	Uploads []string
	// Tree is the template as the YAML nodes Data was written from, for
	// checks that read its structure (the controls) without parsing Data.
	Tree *yaml.Node
}

// TemplateFile is the name of the template (the root template with nested
// stacks).
const TemplateFile = blueprint.TemplateFile

// Templates renders b into its CloudFormation template files: template.yaml
// and, with stacks: nested, stacks/<service>.yaml for each service; with an
// api, openapi.yaml follows them; with a pipeline, pipeline.yaml.
//
// Every template is finished the same way (see finish): overrides, the
// reference and cycle checks, the layout, and CloudFormation's limits
// (resources, parameters, outputs, size); the resources of each build are
// checked against the AWS quotas only they show (rules per security group,
// the size of a role's policies and of a task definition). A Blueprint that
// passes one gets a [blueprint.Problems] error naming the field, the count,
// the limit and the way out, and no files.
func Templates(bp *blueprint.Resolved) ([]File, error) {
	// The shared stack and the pipeline share nothing with the
	// application's stacks: they are rendered side by side with them.
	var others []<-chan rendered
	if !bp.Account.Empty() {
		others = append(others, aside(func() (File, blueprint.Problems, error) { return shared(bp) }))
	}
	if bp.Pipeline != nil {
		others = append(others, aside(func() (File, blueprint.Problems, error) { return pipeline(bp) }))
	}
	files, problems, err := application(bp, false)
	if err != nil {
		return nil, err
	}
	if len(files) > 0 && bp.API != nil && !slices.Contains(files[0].Uploads, openapi.File) && len(files[0].Data) > bodyBudget(bp) {
		// The REST API's document is the one part of the root that grows
		// with the routes; past the budget it is read from openapi.yaml,
		// which aws cloudformation package uploads (BodyS3Location).
		if files, problems, err = application(bp, true); err != nil {
			return nil, err
		}
	}
	for _, other := range others {
		r := <-other
		if r.err != nil {
			return nil, r.err
		}
		files, problems = append(files, r.file), append(problems, r.problems...)
	}
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	return files, nil
}

// rendered is a stack's file and problems, rendered aside.
type rendered struct {
	file     File
	problems blueprint.Problems
	err      error
}

// aside renders a stack in a goroutine of its own.
func aside(render func() (File, blueprint.Problems, error)) <-chan rendered {
	done := make(chan rendered, 1)
	go func() {
		f, problems, err := render()
		done <- rendered{f, problems, err}
	}()
	return done
}

// bodyBudget is the root template size above which the API document leaves
// it: nine tenths of CloudFormation's limit, where cfn-lint starts to warn.
func bodyBudget(bp *blueprint.Resolved) int {
	return bp.Limit(blueprint.QuotaTemplateBytes) / 10 * 9
}

// bodyFileProblems lists what keeps the API document from being read from a
// file: a file holds no intrinsic function, and API Gateway takes no stage
// variable in an authorizer, so a user pool the stack creates cannot be named;
// nor does it document one in an integrationTarget, so neither can the load
// balancers behind a VPC link V2.
func bodyFileProblems(bp *blueprint.Resolved) blueprint.Problems {
	var problems blueprint.Problems
	if bp.API.VpcLink == blueprint.VpcLinkV2 {
		problems = append(problems, bp.Problem("api.vpcLink",
			"the API document is too large to embed in the template, and read from a file (openapi.yaml) it cannot name the load balancers the stack creates, which a VPC link V2 needs in every integration (integrationTarget): API Gateway documents no stage variable there",
			"give the services fewer routes (one greedy /{proxy+} route per service keeps the document small), or split the API into several Blueprints; backend alb-public also reads its document from a file"))
	}
	for i, r := range bp.API.Routes {
		if r.Auth == nil {
			continue
		}
		if pool := bp.UserPool(r.Auth.UserPool); pool != nil && pool.ARN == "" {
			problems = append(problems, bp.Problem(fmt.Sprintf("api.routes[%d].auth.userPool", i),
				fmt.Sprintf("the API document is too large to embed in the template, and read from a file (openapi.yaml) it cannot name the user pool %q that the stack creates: API Gateway takes no stage variable in an authorizer", pool.Name),
				"create the pool in another stack and give its arn in userPools, or split the API into several Blueprints"))
		}
	}
	return problems
}

// application renders the application's stacks (template.yaml, and the
// nested stacks) and openapi.yaml, and the problems AWS's limits find.
func application(bp *blueprint.Resolved, apiBodyFile bool) ([]File, blueprint.Problems, error) {
	r, err := build(bp, bp.TemplateDescription(), applicationConcerns, apiBodyFile)
	if err != nil {
		return nil, nil, err
	}
	full, err := r.tree()
	if err != nil {
		return nil, nil, err
	}
	if len(r.apiProblems) > 0 {
		// The apiOverrides failed: there is no API to finish the stacks with.
		return nil, r.apiProblems, nil
	}
	keepLiteral(full)
	problems, oversized := resourceLimits(bp, r, full)
	pl := newPlacement(bp)
	place := func(section, id string) *Stack {
		e, _ := r.entry(section, id)
		return pl.stackOf(e.scope)
	}
	if env := bp.EnvironmentName(); env != "" {
		// gen diff reads it, so that a folder rendered for one
		// environment is never compared with another's render.
		setMetadata(full, "ecsgate", mapping(scalar("environment"), scalar(env)))
	}
	if r.nested() {
		if err := split(bp, pl, place, full); err != nil {
			return nil, nil, err
		}
	} else {
		pl.app.Tree = full
	}
	if r.apiBodyFile {
		pl.app.Uploads = append(pl.app.Uploads, openapi.File)
		problems = append(problems, bodyFileProblems(bp)...)
	}
	// The stacks are finished side by side: their trees share no node, and
	// each file's bytes depend on its tree alone.
	type finished struct {
		file     File
		problems blueprint.Problems
		err      error
	}
	results := make([]finished, len(pl.order))
	sidebyside.Each(len(pl.order), func(i int) {
		st := pl.order[i]
		st.oversized = oversized
		f, more, err := finish(bp, st)
		results[i] = finished{f, more, err}
	})
	var files []File
	for _, res := range results {
		if res.err != nil {
			return nil, nil, res.err
		}
		files, problems = append(files, res.file), append(problems, res.problems...)
	}
	if r.apiDocument != nil {
		files = append(files, File{Name: openapi.File, Data: r.apiDocument})
	}
	return files, problems, nil
}

// shared renders the shared stack: what exists once per account and Region,
// for every environment of the Blueprint.
func shared(bp *blueprint.Resolved) (File, blueprint.Problems, error) {
	return single(bp, blueprint.Described(bp.Name, "what exists once per account and Region (stack "+bp.SharedStackName()+")"), sharedConcerns, sharedStack())
}

// pipeline renders the delivery pipeline's stack: its own template,
// deployed once beside the application's, finished like every other.
func pipeline(bp *blueprint.Resolved) (File, blueprint.Problems, error) {
	return single(bp, "ecsgate delivery pipeline of Blueprint "+bp.Name+" (stack "+bp.Pipeline.Stack+")", pipelineConcerns, pipelineStack())
}

// single renders a stack of one template from its concerns, finished like
// every other.
func single(bp *blueprint.Resolved, description string, table []concern, st *Stack) (File, blueprint.Problems, error) {
	r, err := build(bp, description, table, false)
	if err != nil {
		return File{}, nil, err
	}
	tree, err := r.tree()
	if err != nil {
		return File{}, nil, err
	}
	keepLiteral(tree)
	problems, oversized := resourceLimits(bp, r, tree)
	st.Tree, st.oversized = tree, oversized
	file, more, err := finish(bp, st)
	return file, append(problems, more...), err
}

// finish takes one stack's template through the steps every template
// ecsgate writes goes through, in order: the overrides that address its file
// (before the layout, so a patched value is laid out like any other), the
// reference check, the cycle check, the layout, and CloudFormation's limits
// on the written file. A broken reference or a cycle that no override caused
// is ecsgate's own bug, an error rather than a problem.
func finish(bp *blueprint.Resolved, st *Stack) (File, blueprint.Problems, error) {
	if len(st.Uploads) > 0 {
		markPackaged(st.Tree)
	}
	problems, patched := applyOverrides(bp, st)
	var broken []cfn.Broken
	var cycle []string
	if patched {
		// applyOverrides has reported what the overrides left unresolved.
		cycle = cfn.Cycle(st.Tree)
	} else {
		broken, cycle = cfn.Check(st.Tree)
	}
	if len(broken) > 0 {
		return File{}, nil, fmt.Errorf("render: %s: %s", st.File, broken[0])
	}
	if cycle != nil {
		return File{}, nil, fmt.Errorf("render: %s: resources depend on each other in a cycle: %s", st.File, strings.Join(cycle, " -> "))
	}
	layout(st.Tree)
	data, err := yamlout.Encode(st.Tree)
	if err != nil {
		return File{}, nil, err
	}
	problems = append(problems, templateLimits(bp, st, data)...)
	return File{Name: st.File, Data: data, Uploads: st.Uploads, Tree: st.Tree}, problems, nil
}

// markPackaged records in a template that names local files (its nested
// stacks' TemplateURL, the API's BodyS3Location) that it is deployed through
// aws cloudformation package, and tells cfn-lint so: its W3002 ("may only
// work with the package command") is then the expected state of the
// template, not a finding, for whoever lints it.
func markPackaged(root *yaml.Node) {
	setMetadata(root, "Packaging", scalar("Names local files (TemplateURL, BodyS3Location): deploy with aws cloudformation package, which uploads them, then deploy."))
	setMetadata(root, "cfn-lint", mapping(scalar("config"), mapping(scalar("ignore_checks"), sequence(scalar("W3002")))))
}

// setMetadata sets a key of a template's Metadata section.
func setMetadata(root *yaml.Node, key string, value *yaml.Node) {
	body := root
	if body.Kind == yaml.DocumentNode {
		body = body.Content[0]
	}
	metadata := yamlout.Value(body, "Metadata")
	if metadata == nil {
		metadata = mapping()
		body.Content = append(body.Content, scalar("Metadata"), metadata)
	}
	deleteKey(metadata, key)
	metadata.Content = append(metadata.Content, scalar(key), value)
}

// templateLimits checks one template file against CloudFormation's limits.
func templateLimits(bp *blueprint.Resolved, st *Stack, data []byte) blueprint.Problems {
	counts := []struct {
		key   string
		count int
	}{
		{blueprint.QuotaTemplateResources, entries(st.Tree, "Resources")},
		{blueprint.QuotaTemplateParameters, entries(st.Tree, "Parameters")},
		{blueprint.QuotaTemplateOutputs, entries(st.Tree, "Outputs")},
		{blueprint.QuotaTemplateBytes, len(data)},
	}
	var problems blueprint.Problems
	for _, c := range counts {
		if c.key == blueprint.QuotaTemplateBytes && st.oversized {
			continue // a resource past its own quota makes it so: its problem says what helps
		}
		if p, over := bp.OverQuotaWith(st.Path, c.key, c.count, st.subject, st.wayOut); over {
			problems = append(problems, p)
		}
	}
	return problems
}

// entries counts the entries of a template section.
func entries(root *yaml.Node, section string) int {
	if body := yamlout.Value(root, section); body != nil {
		return len(body.Content) / 2
	}
	return 0
}
