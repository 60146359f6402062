package diff

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
)

//go:embed names.json
var namesJSON []byte

// nameRule is where a resource type holds values AWS keeps unique: its
// physical name (from the resource schemas) or a value unique on a parent
// (a listener rule's priority); see replacements.py, which writes them.
type nameRule struct {
	// Names are the property paths of the unique values (a * stands for
	// every item of a list).
	Names []string `json:"names"`
	// Scope are the properties of the parent the values are unique within;
	// none for a name unique in the account and Region.
	Scope []string `json:"scope"`
}

// nameRules are read from names.json on first use: only gen diff and the
// name checks need them, and every command would pay at start.
var nameRules = sync.OnceValue(func() map[string]nameRule {
	m := map[string]nameRule{}
	if err := json.Unmarshal(namesJSON, &m); err != nil {
		panic("diff: names.json: " + err.Error())
	}
	return m
})

// Holder is a resource of a deployed application: a template file and a
// logical ID.
type Holder struct {
	File, ID, Type string
}

func (h Holder) String() string { return h.File + " " + h.ID }

// Claim is a value AWS keeps unique, as one resource holds it.
type Claim struct {
	// Type is the resource type, Property the property holding the value.
	Type, Property string
	// Value is the value, resolved as far as a template says (see Claims).
	Value string
	// Scope is the resolved parent it is unique within, "" for the account
	// and Region.
	Scope string
	// Holder is the resource that holds it.
	Holder Holder
}

// Key identifies the unique value, whoever holds it.
func (c Claim) Key() string {
	return c.Type + "\x00" + c.Property + "\x00" + c.Scope + "\x00" + c.Value
}

// What says what the value is, for a reader.
func (c Claim) What() string {
	prop := strings.ReplaceAll(strings.TrimSuffix(c.Property, "/*"), "/", ".")
	if c.Scope != "" {
		scope := c.Scope
		if _, within, ok := strings.Cut(scope, ":"); ok {
			scope = within // a resource of the stack the reader deploys
		}
		return fmt.Sprintf("%s %s on %s", prop, c.Value, scope)
	}
	return fmt.Sprintf("%s %s", prop, c.Value)
}

// Root is the file of the application's template; a nested stack's
// template passes its values to the nested stack under the same names
// (render's linker names a parameter after the root's logical ID).
const Root = "template.yaml"

// Claims lists the unique values the resources of one template (long form)
// hold, deployed as the stack named stack. A value is resolved where the
// template says what it is: text as written, ${AWS::StackName} as the
// stack's name (a nested stack's own name is generated, unique per file), a
// reference to a resource as that resource (a nested stack's parameter as
// the root's resource of the same name). A value that depends on what AWS
// generates (an ARN, an attribute) names nothing two stacks could share and
// makes no claim.
func Claims(file string, root *yaml.Node, stack string) []Claim {
	r := resolver{file: file, root: stack, stack: stack, params: cfn.Names(root, cfn.Parameters), resources: cfn.Names(root, cfn.Resources)}
	if file != Root {
		r.stack = "(the generated name of the nested stack " + file + " of " + stack + ")"
	}
	var claims []Claim
	cfn.Entries(cfn.Section(root, cfn.Resources), func(id string, entry *yaml.Node) {
		typ := cfn.Type(entry)
		rule, ok := nameRules()[typ]
		if !ok {
			return
		}
		props := value(entry, "Properties")
		if props == nil {
			return
		}
		var scope []string
		for _, p := range rule.Scope {
			if v := at(props, p); len(v) > 0 {
				s, ok := r.resolve(v[0])
				if !ok {
					return
				}
				scope = append(scope, s)
			}
		}
		for _, p := range rule.Names {
			for _, v := range at(props, p) {
				if s, ok := r.resolve(v); ok {
					claims = append(claims, Claim{Type: typ, Property: p, Value: s, Scope: strings.Join(scope, " "),
						Holder: Holder{File: file, ID: id, Type: typ}})
				}
			}
		}
	})
	return claims
}

// at returns the values at a property path (Name, A/B, A/*/B) of a mapping.
func at(n *yaml.Node, path string) []*yaml.Node {
	nodes := []*yaml.Node{n}
	for _, part := range strings.Split(path, "/") {
		var next []*yaml.Node
		for _, x := range nodes {
			switch {
			case part == "*" && x.Kind == yaml.SequenceNode:
				next = append(next, x.Content...)
			case x.Kind == yaml.MappingNode:
				if v := value(x, part); v != nil {
					next = append(next, v)
				}
			}
		}
		nodes = next
	}
	return nodes
}

func value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// resolver resolves a template's values where the template says what they
// are.
type resolver struct {
	// file is the template's, root the application's stack name, stack the
	// name the template's own stack has.
	file, root, stack string
	params, resources map[string]bool
}

// resolve returns the value a node stands for, and false when it depends on
// what AWS generates.
func (r resolver) resolve(n *yaml.Node) (string, bool) {
	if n.Kind == yaml.ScalarNode {
		return n.Value, true
	}
	name, arg, ok := cfn.Function(n)
	if !ok {
		return "", false
	}
	switch name {
	case "Ref":
		return r.ref(arg.Value)
	case "Fn::Sub":
		text, vars := cfn.Sub(arg)
		if vars != nil {
			return "", false
		}
		out := text.Value
		for _, v := range cfn.SubVariables(text.Value) {
			var s string
			switch {
			case v == "AWS::StackName":
				s = r.stack
			case strings.HasPrefix(v, "AWS::"):
				s = "${" + v + "}" // the same in every stack of one account and Region
			default:
				var ok bool
				if s, ok = r.ref(v); !ok {
					return "", false
				}
			}
			out = strings.Replace(out, "${"+v+"}", s, 1)
		}
		return out, true
	}
	return "", false
}

// ref resolves a reference to an entry of the template: a resource of the
// file, or a parameter that stands for the root's resource of the same name.
func (r resolver) ref(name string) (string, bool) {
	switch {
	case name == "AWS::StackName":
		return r.stack, true
	case strings.Contains(name, "."):
		return "", false // an attribute AWS generates
	case r.resources[name]:
		return r.root + ":" + r.file + " " + name, true
	case r.params[name] && r.file != Root:
		return r.root + ":" + Root + " " + name, true
	}
	return "", false
}

// Collision is a unique value that a resource of the new render needs
// while a resource of the old one still holds it.
type Collision struct {
	Claim Claim
	// Old holds the value now; New takes it.
	Old, New Holder
	// Added says New is a new resource (CloudFormation creates it before it
	// deletes or updates Old, so the deploy fails); otherwise both are
	// updated and the order is CloudFormation's to choose.
	Added bool
	// Replaced says New is Old replaced: a resource with a name it sets
	// itself, which CloudFormation cannot replace.
	Replaced bool
}

// Collisions compares the claims of an application's templates before and
// after a change (file name to template, long form; a nil template is one
// the change adds or removes) and lists every unique value that passes from
// one resource to another, and every custom-named resource that is
// replaced. replaced lists the resources the change replaces.
func Collisions(old, new map[string]*yaml.Node, stack string, replaced []Holder) []Collision {
	holders := func(files map[string]*yaml.Node) (map[string]Claim, map[Holder]bool) {
		claims, present := map[string]Claim{}, map[Holder]bool{}
		for _, file := range sortedKeys(files) {
			if files[file] == nil {
				continue
			}
			cfn.Entries(cfn.Section(files[file], cfn.Resources), func(id string, entry *yaml.Node) {
				present[Holder{File: file, ID: id, Type: cfn.Type(entry)}] = true
			})
			for _, c := range Claims(file, files[file], stack) {
				claims[c.Key()] = c
			}
		}
		return claims, present
	}
	before, existed := holders(old)
	after, _ := holders(new)
	isReplaced := map[Holder]bool{}
	for _, h := range replaced {
		isReplaced[h] = true
	}
	var list []Collision
	for _, key := range sortedKeys(after) {
		c := after[key]
		prev, held := before[key]
		switch {
		case held && prev.Holder != c.Holder:
			list = append(list, Collision{Claim: c, Old: prev.Holder, New: c.Holder, Added: !existed[c.Holder]})
		case held && isReplaced[c.Holder] && !strings.Contains(c.Value, "(the generated name"):
			list = append(list, Collision{Claim: c, Old: prev.Holder, New: c.Holder, Replaced: true})
		}
	}
	return list
}

// Message says what goes wrong at deploy and the way out.
func (c Collision) Message() string {
	if c.Replaced {
		return fmt.Sprintf("%s is replaced, and it sets its own name (%s): CloudFormation cannot replace a resource with a custom name, and the update fails. Way out: change the name in the same change (so that the new resource takes a new one), or remove the resource in one deploy and add it back in the next", c.New, c.Claim.What())
	}
	when := "CloudFormation creates it before it deletes or updates the old one"
	if !c.Added {
		when = "both are updated, in an order CloudFormation chooses"
	}
	msg := fmt.Sprintf("%s needs %s, which %s holds until the update is done: %s, so the deploy fails on the value still in use", c.New, c.Claim.What(), c.Old, when)
	switch c.Claim.Type {
	case "AWS::ElasticLoadBalancingV2::ListenerRule":
		return msg + " (PriorityInUse). Way out: for this deploy give the rule a priority no rule holds now (alb.priority), or deploy the removal first and the addition in a second deploy"
	case "AWS::ElasticLoadBalancingV2::Listener":
		return msg + " (DuplicateListener). Way out: give the service another nlb.port, or deploy the removal first and the addition in a second deploy"
	}
	return msg + ". Way out: deploy the removal first and the addition in a second deploy, or give the new resource another name"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
