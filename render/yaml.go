package render

import (
	"errors"
	"maps"
	"reflect"
	"slices"

	"github.com/awslabs/goformation/v7/cloudformation"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// YAML writes the template the way a careful engineer would: sections in the
// conventional order, Type first in each resource, 2-space indent, and short-form
// intrinsics (!Ref, !Sub, !GetAtt ...).
//
// goformation's own YAML() sorts every key alphabetically (Properties before
// Type). Its JSON() is still the right starting point: it turns the helper
// functions' encoded intrinsics into real ones. We re-read that JSON as a YAML
// node tree, which keeps key order, and reorder where convention says so.
func YAML(t *cloudformation.Template) ([]byte, error) {
	root, err := templateNode(t)
	if err != nil {
		return nil, err
	}
	keepLiteral(root)
	layout(root)
	return yamlout.Encode(root)
}

// templateNode turns a typed template into a node tree with long-form
// intrinsics ({"Ref": "X"}), the form the nested-stack linker rewrites.
//
// It does what goformation's Template.JSON does for templates built with its
// helpers, without JSON text (see plainValue), with one difference that
// matters: only the functions package intrinsic wrote are expanded, never a
// string because it looks like goformation's encoding of one (a user's tag
// value may), and a plain map that happens to have a key named like an
// intrinsic (a user's tag "Ref") is left as written rather than evaluated.
func templateNode(t *cloudformation.Template) (*yaml.Node, error) {
	if len(t.Globals) > 0 {
		return nil, errors.New("the template has Globals, a section of AWS SAM's that gen does not write")
	}
	b := templateBuilder()
	root, err := nodeOf(reflect.ValueOf(sectionsOf(t)), b)
	if err != nil || len(t.Resources) == 0 {
		return root, err
	}
	resources, err := resourcesNode(t.Resources, b)
	if err != nil {
		return nil, err
	}
	insertResources(root, resources, b)
	return root, nil
}

// templateSections is a template's sections other than Resources (and AWS
// SAM's Globals), with Template's order and JSON names, so that its tree is
// the one a Template without resources gives.
//
// The tree reads it by reflection instead of the Template itself: a Template
// in an interface keeps Resources' and Globals' UnmarshalJSON in the binary,
// and with them every resource type goformation knows. That tripled gen's
// machine code (25 MB against 9 MB) and the work the Go runtime does over it
// before main, which gen version and every render pay.
type templateSections struct {
	AWSTemplateFormatVersion string                    `json:"AWSTemplateFormatVersion,omitempty"`
	Transform                *cloudformation.Transform `json:"Transform,omitempty"`
	Description              string                    `json:"Description,omitempty"`
	Metadata                 map[string]any            `json:"Metadata,omitempty"`
	Parameters               cloudformation.Parameters `json:"Parameters,omitempty"`
	Mappings                 map[string]any            `json:"Mappings,omitempty"`
	Conditions               map[string]any            `json:"Conditions,omitempty"`
	Outputs                  cloudformation.Outputs    `json:"Outputs,omitempty"`
}

// sectionsOf returns t's sections other than Resources and Globals.
func sectionsOf(t *cloudformation.Template) *templateSections {
	return &templateSections{
		AWSTemplateFormatVersion: t.AWSTemplateFormatVersion,
		Transform:                t.Transform,
		Description:              t.Description,
		Metadata:                 t.Metadata,
		Parameters:               t.Parameters,
		Mappings:                 t.Mappings,
		Conditions:               t.Conditions,
		Outputs:                  t.Outputs,
	}
}

// insertResources adds the Resources section to a template's tree that has
// none, where encoding/json would write it: sections sorted by name.
func insertResources(root, resources *yaml.Node, b *yamlout.Builder) {
	at := len(root.Content)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value > "Resources" {
			at = i
			break
		}
	}
	root.Content = slices.Insert(root.Content, at, b.Scalar("!!str", "Resources"), resources)
}

// withResources adds the nodes of more resources to a template's tree, in
// the Resources section's order (by logical ID, as resourcesNode writes it).
func withResources(root *yaml.Node, more cloudformation.Resources) (*yaml.Node, error) {
	if len(more) == 0 {
		return root, nil
	}
	b := templateBuilder()
	extra, err := resourcesNode(more, b)
	if err != nil {
		return nil, err
	}
	section := yamlout.Value(root, "Resources")
	if section == nil {
		insertResources(root, extra, b)
		return root, nil
	}
	merged := make([]*yaml.Node, 0, len(section.Content)+len(extra.Content))
	a, e := section.Content, extra.Content
	for len(a) > 0 || len(e) > 0 {
		if len(e) == 0 || len(a) > 0 && a[0].Value < e[0].Value {
			merged, a = append(merged, a[0], a[1]), a[2:]
		} else {
			merged, e = append(merged, e[0], e[1]), e[2:]
		}
	}
	section.Content = merged
	return root, nil
}

// templateBuilder is a node builder that expands the functions package
// intrinsic wrote. A template names the same functions many times (!Ref
// Cluster): each is decoded once per builder.
func templateBuilder() *yamlout.Builder {
	expanded := map[string]any{}
	return yamlout.NewBuilder(func(s string) (any, bool) {
		if !intrinsic.Is(s) {
			return nil, false
		}
		if x, ok := expanded[s]; ok {
			return x, x != nil
		}
		x, ok := intrinsic.Expand(s)
		if !ok {
			x = nil
		}
		expanded[s] = x
		return x, ok
	})
}

// resourcesNode builds the Resources section, its resources in chunks side
// by side, each chunk with a builder of its own: resources share nothing,
// and a large application's thousands of them were a fifth of its render.
func resourcesNode(resources cloudformation.Resources, b *yamlout.Builder) (*yaml.Node, error) {
	// The keys of the plain map: maps.Keys of a Resources would keep its
	// UnmarshalJSON, as templateSections explains.
	ids := slices.Sorted(maps.Keys(map[string]cloudformation.Resource(resources)))
	values := make([]*yaml.Node, len(ids))
	errs := make([]error, len(ids))
	build := func(from, to int, cb *yamlout.Builder) {
		for i := from; i < to; i++ {
			values[i], errs[i] = nodeOf(reflect.ValueOf(resources[ids[i]]), cb)
		}
	}
	if len(ids) < sidebyside.Large {
		// A small template's resources share the caller's builder.
		build(0, len(ids), b)
	} else {
		sidebyside.Chunks(len(ids), func(_, from, to int) { build(from, to, templateBuilder()) })
	}
	n := b.Collection(yaml.MappingNode, 2*len(ids))
	for i, id := range ids {
		if errs[i] != nil {
			return nil, errs[i]
		}
		n.Content = append(n.Content, b.Scalar("!!str", id), values[i])
	}
	return n, nil
}

// layout puts a template node tree in the conventional order and style.
func layout(root *yaml.Node) {
	// An empty section (the root of a nested application whose parameters
	// all moved to the services' stacks) reads as an oversight: leave it out.
	for _, section := range []string{"Parameters", "Conditions", "Outputs"} {
		if body := yamlout.Value(root, section); body != nil && body.Kind == yaml.MappingNode && len(body.Content) == 0 {
			deleteKey(root, section)
		}
	}
	yamlout.OrderKeys(root, topLevelOrder)
	for i := 0; i+1 < len(root.Content); i += 2 {
		section, body := root.Content[i].Value, root.Content[i+1]
		if order, ok := entryOrder[section]; ok {
			for j := 1; j < len(body.Content); j += 2 {
				yamlout.OrderKeys(body.Content[j], order)
			}
		}
	}
	yamlout.Plain(root)
	tidy(root)
}

var topLevelOrder = []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Resources", "Outputs"}

// entryOrder is the key order inside each entry of a section.
var entryOrder = map[string][]string{
	"Parameters": {"Type", "Description", "Default", "AllowedValues", "AllowedPattern", "ConstraintDescription", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho"},
	"Resources":  {"Type", "Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "Properties"},
	"Outputs":    {"Description", "Condition", "Value", "Export"},
}

// nestedOrder puts the keys readers look for first at the front of nested
// mappings: an action's Type, and IAM policy documents in the order AWS's own
// examples use.
var nestedOrder = []string{"Type", "Version", "Sid", "Effect", "Principal", "Action", "Resource", "Condition"}

// tidy writes intrinsics in short form and orders nested keys.
func tidy(n *yaml.Node) {
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			tidy(c)
		}
	case yaml.MappingNode:
		for _, c := range n.Content {
			tidy(c)
		}
		if cfn.ShortForm(n) {
			return
		}
		yamlout.OrderKeys(n, nestedOrder)
	}
}
