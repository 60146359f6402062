// Package render turns a resolved Blueprint into CloudFormation templates
// built from goformation's typed resources.
//
// Each AWS concern has its own file and one row in the table of concerns
// (concerns.go), which says in what order the concerns are built and how
// often each exists: once per environment (network.go: VPC, subnets, NAT;
// service.go's cluster; loadbalancers.go, alb.go: load balancers and
// listeners; api.go, vpclink.go, auth.go, cdn.go, waf.go, dns.go...) or once
// per service (images.go: image parameters; service.go: roles, task
// definition, service, autoscaling; the load balancer targets). Where each
// resource lands, the application's template or a service's nested stack, is
// decided in one place from that scope and the Blueprint's layout (stack.go),
// and every template, the pipeline's included, is finished the same way:
// overrides, references, cycles, layout and CloudFormation's limits
// (templates.go). yaml.go writes a template in the conventional section and
// key order.
//
// Logical IDs are derived from Blueprint names (package blueprint's ids.go:
// "web" -> WebService, WebTaskDefinition, ...), so adding or changing one
// service never renames another's resources.
package render

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/tags"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// Template renders the application's resources of b into one typed template,
// before any split into nested stacks and before the limits are checked.
func Template(b *blueprint.Resolved) (*cloudformation.Template, error) {
	r, err := build(b, b.TemplateDescription(), applicationConcerns, false)
	if err != nil {
		return nil, err
	}
	if _, err := r.complete(); err != nil {
		return nil, err
	}
	return r.t, nil
}

// build runs the concerns of a table over the resolved Blueprint bp into one
// typed template with the description, and records the scope and Blueprint
// path of each entry. With apiBodyFile the REST API reads its document from
// openapi.yaml instead of embedding it.
func build(bp *blueprint.Resolved, description string, table []concern, apiBodyFile bool) (*builder, error) {
	r := &builder{bp: bp, t: cloudformation.NewTemplate(), entries: map[string]entry{}, albCertificates: map[string]string{},
		imageRefs: map[string]string{}, pulls: map[string][]string{}, apiBodyFile: apiBodyFile}
	r.t.Description = description
	for _, c := range table {
		if c.start != nil {
			c.start(r)
		}
	}
	for _, c := range table {
		c.run(r)
	}
	r.applyTags(r.t.Resources)
	if r.err() != nil {
		_, _ = r.complete() // its problems are reported with the others
		return nil, r.err()
	}
	return r, nil
}

// complete runs what waited for work a concern started (see later), gives
// the resources it added the Blueprint's tags, and returns their IDs, or
// what went wrong in any concern.
func (r *builder) complete() ([]string, error) {
	r.addedLate = []string{}
	for _, f := range r.pending {
		f()
	}
	added := r.addedLate
	r.pending, r.addedLate = nil, nil
	late := make(cloudformation.Resources, len(added))
	for _, id := range added {
		late[id] = r.t.Resources[id]
	}
	r.applyTags(late)
	return added, r.err()
}

// tree returns the template as a node tree. The resources that wait for
// work a concern started (see later) are turned into nodes last: the rest
// of the template is built first, while that work, a large API's document,
// is still being written on another goroutine.
func (r *builder) tree() (*yaml.Node, error) {
	if len(r.pending) == 0 {
		return templateNode(r.t)
	}
	rest := *r.t
	rest.Resources = make(cloudformation.Resources, len(r.t.Resources))
	for id, res := range r.t.Resources {
		if !r.waiting[id] {
			rest.Resources[id] = res
		}
	}
	root, err := templateNode(&rest)
	if err != nil {
		return nil, err
	}
	added, err := r.complete()
	if err != nil {
		return nil, err
	}
	late := make(cloudformation.Resources, len(r.waiting)+len(added))
	for id := range r.waiting {
		if res, ok := r.t.Resources[id]; ok {
			late[id] = res
		}
	}
	for _, id := range added {
		late[id] = r.t.Resources[id]
	}
	return withResources(root, late)
}

// duplicate records a logical ID, parameter or output made twice. Where two
// of the Blueprint's names give it (service x's XDeadLetterQueue is
// service x-dead-letter's queue, see [blueprint.Blueprint.NamesGiving]),
// the user renames one: a problem at the longer name, once per pair.
// Otherwise it is gen's own mistake.
func (r *builder) duplicate(what, id string) {
	names := r.bp.NamesGiving(id)
	if len(names) < 2 {
		r.errs = append(r.errs, what+" "+id+" is produced twice")
		return
	}
	named, others := names[len(names)-1], names[:len(names)-1]
	if slices.ContainsFunc(r.clashes, func(p blueprint.Problem) bool { return p.Path == named.Path }) {
		return
	}
	// The longest name is one of the two; the other is the one shorter
	// name there is, or one of them.
	message := fmt.Sprintf("%s %q and %s %q both give the template name %s: CloudFormation would take their two resources for one", named.Kind, named.Name, others[0].Kind, others[0].Name, id)
	if len(others) > 1 {
		var which []string
		for _, o := range others {
			which = append(which, fmt.Sprintf("%s %q", o.Kind, o.Name))
		}
		message = fmt.Sprintf("%s %q gives the template name %s, as one of %s does: CloudFormation would take their two resources for one", named.Kind, named.Name, id, strings.Join(which, ", "))
	}
	r.clashes = append(r.clashes, r.bp.Problem(named.Path, message, "rename one of them"))
}

// err is what the concerns could not do, as one error, or nil.
func (r *builder) err() error {
	if len(r.errs) > 0 {
		return fmt.Errorf("render: %s", strings.Join(r.errs, "; "))
	}
	// Nil without clashes.
	return r.clashes.Err()
}

// builder accumulates a template. Each concern adds its entries through add,
// param and output, which refuse duplicate logical IDs and record where the
// entry belongs.
type builder struct {
	bp   *blueprint.Resolved
	t    *cloudformation.Template
	net  networkRefs
	errs []string
	// clashes are the duplicates two of the Blueprint's names made
	// (duplicate): the user's to mend, where errs are gen's own.
	clashes blueprint.Problems
	// Filled while rendering, read by later concerns.
	nlbCertificate  string              // certificate ARN (intrinsic or literal) for TLS listeners
	albCertificates map[string]string   // ALB logical ID prefix -> certificate ARN (intrinsic or literal) of its HTTPS listener
	imageRefs       map[string]string   // "service/container" -> image reference (intrinsic)
	pulls           map[string][]string // service name -> ECR repository ARNs its execution role may pull from
	// scope is where the entries added now belong; entries records it per
	// "Section/LogicalID".
	scope   scope
	entries map[string]entry
	// apiBodyFile makes the REST API read openapi.yaml (BodyS3Location)
	// instead of embedding a document too large for the template.
	apiBodyFile bool
	// apiDocument is openapi.yaml, written beside the template.
	apiDocument []byte
	// apiSource makes the API's documents; apiFile is openapi.yaml while
	// it is being written.
	apiSource apiSource
	apiFile   *apiFile
	// pending adds, once every concern has run, the entries that had to
	// wait for work a concern started (see later); waiting are the
	// resources it changes.
	pending []func()
	waiting map[string]bool
	// addedLate, while pending runs, lists the resources it adds.
	addedLate []string
	// apiProblems are what the apiOverrides could not do.
	apiProblems blueprint.Problems
	// logGroupNames are the names of the log groups encrypted with the
	// logs' key, as its policy's conditions name them.
	logGroupNames []string
}

// entry is what the builder records of each entry it adds.
type entry struct {
	scope scope
}

// later runs f once every concern has run, in the current scope: for
// entries that wait for work begun in a concern's start. The rest of the
// template is turned into nodes while f waits (see builder.tree), so f may
// add resources and change those named in changes, nothing else
// (TestTreeWhileWaiting holds every golden example to it). The resources
// must not be log groups, which the logs key's policy, built last, names.
func (r *builder) later(f func(), changes ...string) {
	s := r.scope
	r.pending = append(r.pending, func() { r.within(s, f) })
	if r.waiting == nil {
		r.waiting = map[string]bool{}
	}
	for _, id := range changes {
		r.waiting[id] = true
	}
}

// within runs f with the entries it adds belonging to s.
func (r *builder) within(s scope, f func()) {
	prev := r.scope
	r.scope = s
	defer func() { r.scope = prev }()
	f()
}

// at runs f with the entries it adds reported at the Blueprint field path,
// in the current scope: the load balancer of ingress.albs[1] that asked for
// them, say.
func (r *builder) at(path string, f func()) { r.within(r.scope.at(path), f) }

// record notes where an entry belongs.
func (r *builder) record(section, id string) {
	r.entries[section+"/"+id] = entry{scope: r.scope}
}

// entry returns what was recorded of an entry.
func (r *builder) entry(section, id string) (entry, bool) {
	e, ok := r.entries[section+"/"+id]
	return e, ok
}

// nested reports whether the services get stacks of their own.
func (r *builder) nested() bool { return r.bp.Stacks == blueprint.StacksNested }

func (r *builder) add(id string, res cloudformation.Resource) {
	if _, dup := r.t.Resources[id]; dup {
		r.duplicate("logical ID", id)
		return
	}
	r.record("Resources", id)
	r.t.Resources[id] = res
	if r.addedLate != nil {
		r.addedLate = append(r.addedLate, id)
	}
}

func (r *builder) param(id, description string, p cloudformation.Parameter) {
	if _, dup := r.t.Parameters[id]; dup {
		r.duplicate("parameter", id)
		return
	}
	p.Description = cloudformation.String(description)
	r.record("Parameters", id)
	r.t.Parameters[id] = p
}

// condition adds a condition once: several resources may ask for the same.
func (r *builder) condition(id, value string) {
	if _, ok := r.t.Conditions[id]; ok {
		return
	}
	r.record("Conditions", id)
	r.t.Conditions[id] = value
}

// mapping adds a mapping once: several resources may ask for the same.
func (r *builder) mapping(id string, value any) {
	if _, ok := r.t.Mappings[id]; ok {
		return
	}
	r.record("Mappings", id)
	r.t.Mappings[id] = value
}

// output adds an Output exported as "<stack name>-<id>", so other stacks can
// import it without knowing how this one was generated.
func (r *builder) output(id, description, value string) {
	if _, dup := r.t.Outputs[id]; dup {
		r.duplicate("output", id)
		return
	}
	r.record("Outputs", id)
	r.t.Outputs[id] = cloudformation.Output{
		Description: cloudformation.String(description),
		Value:       value,
		Export:      &cloudformation.Export{Name: intrinsic.Sub("${AWS::StackName}-" + id)},
	}
}

// nameTag gives a resource a readable Name in the console, unique per stack.
func nameTag(suffix string) []tags.Tag {
	return []tags.Tag{{Key: "Name", Value: intrinsic.Sub("${AWS::StackName}-" + suffix)}}
}

// applyTags adds the Blueprint's tags to every resource with a Tags list, in
// key order, after any Name tag.
func (r *builder) applyTags(resources cloudformation.Resources) {
	if len(r.bp.Tags) == 0 {
		return
	}
	keys := make([]string, 0, len(r.bp.Tags))
	for k := range r.bp.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tagType := reflect.TypeOf([]tags.Tag{})
	for _, res := range resources {
		v := reflect.ValueOf(res)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			continue
		}
		if field := v.Elem().FieldByName("Tags"); field.IsValid() && field.Type() == tagType {
			list := field.Interface().([]tags.Tag)
			for _, k := range keys {
				list = append(list, tags.Tag{Key: k, Value: r.bp.Tags[k]})
			}
			field.Set(reflect.ValueOf(list))
		}
		// Some resources (Cognito user pools, SSM parameters) take tags as a map.
		for _, name := range []string{"Tags", "UserPoolTags"} {
			if field := v.Elem().FieldByName(name); field.IsValid() && field.Type() == reflect.TypeOf(map[string]string{}) {
				m := map[string]string{}
				for _, k := range keys {
					m[k] = r.bp.Tags[k]
				}
				field.Set(reflect.ValueOf(m))
			}
		}
	}
}

// id joins name parts into a logical ID: id("web", "Service") -> "WebService".
func id(parts ...string) string { return blueprint.ID(parts...) }

// policyDocument is an IAM policy document. Statements keep their order.
type policyDocument struct {
	Version   string
	Statement []statement
}

type statement struct {
	Sid       string         `json:"Sid,omitempty"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal,omitempty"`
	Action    []string       `json:"Action"`
	Resource  []string       `json:"Resource,omitempty"`
	Condition map[string]any `json:"Condition,omitempty"`
}

// serviceTrust lets an AWS service assume a role for this account only,
// and, with sourceArn, for that source of the service alone (the
// confused-deputy conditions AWS documents for service roles).
func serviceTrust(service string, sourceArn ...string) policyDocument {
	equals := map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")}
	for _, arn := range sourceArn {
		equals["aws:SourceArn"] = arn
	}
	return policy(statement{
		Effect:    "Allow",
		Principal: map[string]any{"Service": service},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]any{"StringEquals": equals},
	})
}

// fromSources narrows a service principal in a resource's policy to this
// account and to the sources whose ARNs match arnPattern (aws:SourceAccount
// and aws:SourceArn, as AWS documents against the confused deputy).
func fromSources(arnPattern string) map[string]any {
	return map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")},
		"ArnLike":      map[string]any{"aws:SourceArn": arnPattern},
	}
}

// tlsOnly is a resource policy's statement that refuses every request to
// the resources, of the service's actions (s3, sqs), not made over TLS.
func tlsOnly(service string, resources ...string) statement {
	return statement{
		Sid:       "TlsOnly",
		Effect:    "Deny",
		Principal: map[string]any{"AWS": "*"},
		Action:    []string{service + ":*"},
		Resource:  resources,
		Condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
	}
}

func policy(statements ...statement) policyDocument {
	return policyDocument{Version: "2012-10-17", Statement: statements}
}
