package render

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// Level is how often a resource exists, which decides the stack it lands in.
type Level int

// Levels of scope.
const (
	// EnvironmentLevel resources exist once per deployment of the
	// Blueprint (an environment): the network, the cluster, the load
	// balancers, the API.
	EnvironmentLevel Level = iota
	// ServiceLevel resources exist once per service: its task definition,
	// roles, target groups, image parameters.
	ServiceLevel
	// PipelineLevel resources make up the delivery pipeline, deployed once
	// beside the application.
	PipelineLevel
	// AccountLevel resources exist once per account and Region, whatever
	// environments run there: the container repositories, API Gateway's
	// logging role. They make up the shared stack.
	AccountLevel
)

// scope is where an entry belongs: its level, the service of a
// service-level entry, and the Blueprint field that asked for it, where
// problems with it are reported.
type scope struct {
	level   Level
	service *blueprint.Service
	path    string
}

// at is the scope with its entries reported at path.
func (s scope) at(path string) scope {
	s.path = path
	return s
}

// environmentScope is the scope of the application's shared resources.
func environmentScope() scope { return scope{level: EnvironmentLevel} }

// serviceScope is the scope of one service's resources.
func (r *builder) serviceScope(s *blueprint.Service) scope {
	return scope{level: ServiceLevel, service: s, path: r.bp.ServicePath(s)}
}

// Stack is one template ecsgate writes: the application's template (the
// root, with stacks: nested), a service's nested stack, or the pipeline's.
type Stack struct {
	// File is the template's file name, relative to the output folder.
	File string
	// Service is the service whose nested stack this is, or nil.
	Service *blueprint.Service
	// Parent is the stack that creates this one as a nested stack, or nil.
	Parent *Stack
	// Path is the Blueprint field the stack's problems are reported at.
	Path string
	// Tree is the template (long-form intrinsics) until it is written.
	Tree *yaml.Node
	// Uploads are the local files the template names, which aws
	// cloudformation package uploads: nested stacks, a large API document.
	Uploads []string
	// wayOut is what to do when the template passes one of
	// CloudFormation's limits.
	wayOut string
	// subject names the template in problems.
	subject string
	// oversized says a resource of it is past its own size quota (a task
	// definition, a role's policies), which also explains a template too
	// large to deploy.
	oversized bool
}

// placement is the stacks of one application and where its entries land.
type placement struct {
	app      *Stack
	services map[string]*Stack // by service name, with stacks: nested
	order    []*Stack          // app first, then the services' stacks in Blueprint order
}

// newPlacement makes the stacks of the Blueprint's layout: the application's
// template and, with stacks: nested, one nested stack per service.
func newPlacement(bp *blueprint.Resolved) *placement {
	app := &Stack{File: blueprint.TemplateFile, Path: "stacks", subject: "the template",
		wayOut: "set stacks: nested, so that each service gets a stack of its own (moving the services of a deployed stack into nested stacks replaces them, so it is your choice, never automatic)"}
	l := &placement{app: app, services: map[string]*Stack{}, order: []*Stack{app}}
	if bp.Stacks != blueprint.StacksNested {
		return l
	}
	app.subject, app.wayOut = "the root template", "split the application into several Blueprints (stacks)"
	for i := range bp.Services {
		s := &bp.Services[i]
		st := &Stack{File: blueprint.StackFile(s.Name), Service: s, Parent: app, Path: bp.ServicePath(s),
			subject: "the nested stack " + blueprint.StackFile(s.Name), wayOut: "split the service in two"}
		l.services[s.Name] = st
		l.order = append(l.order, st)
	}
	return l
}

// stackOf is the one place that decides where an entry lands: a service's
// entries in its nested stack with stacks: nested, everything else of the
// application in the application's template.
func (l *placement) stackOf(s scope) *Stack {
	if s.level == ServiceLevel {
		if st, ok := l.services[s.service.Name]; ok {
			return st
		}
	}
	return l.app
}

// sharedStack is the shared stack's template, deployed once per account and
// Region before any environment's stack.
func sharedStack() *Stack {
	return &Stack{File: blueprint.SharedFile, Path: "ecr", subject: "the shared stack's template",
		wayOut: "name some repositories in ecr.existing and create them apart"}
}

// pipelineStack is the pipeline's template: a stack of its own, beside the
// application's.
func pipelineStack() *Stack {
	return &Stack{File: blueprint.PipelineFile, Path: "pipeline", subject: "the pipeline's template",
		wayOut: "the pipeline is small: drop overrides of " + blueprint.PipelineFile + " that add to it"}
}

func (st *Stack) String() string { return fmt.Sprintf("stack %s", st.File) }
