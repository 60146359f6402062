// Package render turns a validated Blueprint into a CloudFormation template built
// from goformation's typed resources.
//
// Each AWS concern has its own file: network.go (VPC, subnets, NAT), images.go
// (ECR repositories and image parameters), service.go (cluster, roles, task
// definitions, services, autoscaling), loadbalancers.go (NLB, listeners, target
// groups, their security groups) and dns.go (ACM certificates, Route 53
// records). yaml.go writes the template in the conventional section and key
// order.
//
// Logical IDs are derived from Blueprint names ("web" -> WebService,
// WebTaskDefinition, ...), so adding or changing one service never renames
// another's resources.
package render

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/tags"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// Template renders b, which must be valid, into a CloudFormation template.
// Defaults are applied to a copy; b is not changed.
//
// With stacks: nested the same resources are rendered, and [Templates] splits
// them into a root template and one nested stack per service.
func Template(b *blueprint.Blueprint) (*cloudformation.Template, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	r, err := build(b.WithDefaults(), false)
	if err != nil {
		return nil, err
	}
	return r.t, nil
}

// build renders the Blueprint bp, which is valid and has its defaults, into
// one typed template and remembers which service owns each entry. With
// apiBodyFile the REST API reads its document from openapi.yaml instead of
// embedding it.
func build(bp *blueprint.Blueprint, apiBodyFile bool) (*builder, error) {
	r := &builder{bp: bp, t: cloudformation.NewTemplate(), owners: map[string]string{}, albCertificates: map[string]string{}, apiBodyFile: apiBodyFile}
	r.t.Description = description(r.bp)
	r.network()
	r.images()
	r.secretStores()
	r.cluster()
	r.certificates()
	r.loadBalancers()
	for i := range r.bp.Services {
		s := &r.bp.Services[i]
		r.inService(s, func() { r.service(s) })
	}
	r.userPools()
	r.api()
	r.cdn()
	r.waf()
	r.dnsRecords()
	r.applyTags()
	if len(r.errs) > 0 {
		return nil, fmt.Errorf("render: %s", strings.Join(r.errs, "; "))
	}
	return r, nil
}

func description(b *blueprint.Blueprint) string { return b.TemplateDescription() }

// builder accumulates the template. Each concern adds its resources through add,
// param and output, which refuse duplicate logical IDs.
type builder struct {
	bp   *blueprint.Blueprint
	t    *cloudformation.Template
	net  networkRefs
	errs []string
	// Filled while rendering, read by later concerns.
	nlbCertificate  string              // certificate ARN (intrinsic or literal) for TLS listeners
	albCertificates map[string]string   // ALB logical ID prefix -> certificate ARN (intrinsic or literal) of its HTTPS listener
	imageRefs       map[string]string   // "service/container" -> image reference (intrinsic)
	pulls           map[string][]string // service name -> ECR repository ARNs its execution role may pull from
	// scope is the service whose stack the entries added now belong to, ""
	// for the root; owners records it per "Section/LogicalID" (root entries
	// are absent). Only stacks: nested reads it.
	scope  string
	owners map[string]string
	// apiBodyFile makes the REST API read openapi.yaml (BodyS3Location)
	// instead of embedding a document too large for the template.
	apiBodyFile bool
	// apiDocument is openapi.yaml, written beside the template.
	apiDocument []byte
	// apiProblems are what the apiOverrides could not do.
	apiProblems blueprint.Problems
}

// inService runs f with entries owned by service s.
func (r *builder) inService(s *blueprint.Service, f func()) {
	prev := r.scope
	r.scope = s.Name
	defer func() { r.scope = prev }()
	f()
}

// atRoot runs f with entries owned by the root template, whatever the scope.
func (r *builder) atRoot(f func()) {
	prev := r.scope
	r.scope = ""
	defer func() { r.scope = prev }()
	f()
}

// own records the current scope as the owner of an entry.
func (r *builder) own(section, id string) {
	if r.scope != "" {
		r.owners[section+"/"+id] = r.scope
	}
}

// nested reports whether the services get stacks of their own.
func (r *builder) nested() bool { return r.bp.Stacks == blueprint.StacksNested }

func (r *builder) add(id string, res cloudformation.Resource) {
	if _, dup := r.t.Resources[id]; dup {
		r.errs = append(r.errs, "logical ID "+id+" is produced twice")
		return
	}
	r.own("Resources", id)
	r.t.Resources[id] = res
}

func (r *builder) param(id, description string, p cloudformation.Parameter) {
	if _, dup := r.t.Parameters[id]; dup {
		r.errs = append(r.errs, "parameter "+id+" is produced twice")
		return
	}
	p.Description = cloudformation.String(description)
	r.own("Parameters", id)
	r.t.Parameters[id] = p
}

// output adds an Output exported as "<stack name>-<id>", so other stacks can
// import it without knowing how this one was generated.
func (r *builder) output(id, description, value string) {
	if _, dup := r.t.Outputs[id]; dup {
		r.errs = append(r.errs, "output "+id+" is produced twice")
		return
	}
	r.own("Outputs", id)
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
func (r *builder) applyTags() {
	if len(r.bp.Tags) == 0 {
		return
	}
	keys := make([]string, 0, len(r.bp.Tags))
	for k := range r.bp.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tagType := reflect.TypeOf([]tags.Tag{})
	for _, res := range r.t.Resources {
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
func id(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(blueprint.LogicalName(p))
	}
	return b.String()
}

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

func policy(statements ...statement) policyDocument {
	return policyDocument{Version: "2012-10-17", Statement: statements}
}
