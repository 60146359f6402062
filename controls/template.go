package controls

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/lazyre"
	"gopkg.in/yaml.v3"
)

// Template is a rendered template as the controls read it: its resources
// by logical ID, each a plain value (maps, lists, strings, numbers, bools)
// with intrinsic functions in long form ({"Ref": ...}, {"Fn::GetAtt": ...}),
// as cfn-guard sees a template. Only the resources of a type some control
// checks carry their Properties: a check reads the properties of the
// resource it checks and no more than the type of any other (a Ref's
// target), and the rest (a REST API's whole OpenAPI body, routes, subnets)
// would be converted for nothing.
type Template struct {
	Resources map[string]Resource
}

// Resource is one resource of a template.
type Resource struct {
	Type string
	// Properties are the resource's properties when a control checks its
	// Type, else nil.
	Properties map[string]any
	// Bare is a resource without a Properties map: every control that
	// checks its type fails on it, as AWS's rules read their properties.
	Bare bool
}

// checkedTypes are the resource types some control of Table checks.
var checkedTypes = sync.OnceValue(func() map[string]bool {
	types := map[string]bool{}
	for _, c := range Table {
		for _, typ := range c.Types {
			types[typ] = true
		}
	}
	return types
})

// Parse reads a template file, YAML or JSON, short or long form. A short
// form becomes the long form as cfn-guard reads it: !GetAtt A.B becomes
// {"Fn::GetAtt": "A.B"}, a string, which no rule takes for a reference (the
// list form !GetAtt [A, B] is one).
func Parse(data []byte) (*Template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("controls: %w", err)
	}
	return FromNode(&doc), nil
}

// FromNode reads a template already held as YAML nodes (a document or its
// mapping) as Parse reads its text: gen checks the templates it has just
// built without writing and parsing them again.
func FromNode(doc *yaml.Node) *Template {
	t := &Template{Resources: map[string]Resource{}}
	resources := mappingOf(valueOf(mappingOf(doc), "Resources"))
	if resources == nil {
		return t
	}
	checked := checkedTypes()
	for i := 0; i+1 < len(resources.Content); i += 2 {
		r := mappingOf(resources.Content[i+1])
		typ, _ := text(plain(valueOf(r, "Type")))
		props := valueOf(r, "Properties")
		res := Resource{Type: typ, Bare: !isMapping(props)}
		if checked[typ] {
			res.Properties, _ = plain(props).(map[string]any)
		}
		t.Resources[resources.Content[i].Value] = res
	}
	return t
}

// mappingOf is n as a mapping of keys to values the way plain reads it
// (through documents and aliases, without a tag of its own), or nil.
func mappingOf(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.DocumentNode || n.Kind == yaml.AliasNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			n = nil
		}
	}
	if n == nil || n.Kind != yaml.MappingNode || isIntrinsicTag(n.Tag) {
		return nil
	}
	return n
}

// valueOf is the value of key in the mapping m (the last one, as plain
// keeps it), or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	var v *yaml.Node
	for i := 0; m != nil && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v = m.Content[i+1]
		}
	}
	return v
}

// isMapping reports whether plain reads n as a map: a mapping, or anything
// an intrinsic function's tag wraps.
func isMapping(n *yaml.Node) bool {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n != nil && (n.Kind == yaml.MappingNode || isIntrinsicTag(n.Tag))
}

// isIntrinsicTag reports whether tag is a short-form intrinsic function's
// (!Ref, !Sub), not one of YAML's own (!!str).
func isIntrinsicTag(tag string) bool {
	_, ok := cfn.LongFormKey(tag)
	return ok
}

// plain turns a YAML node into plain values, short-form intrinsics into
// their long form; no node is nil.
func plain(n *yaml.Node) any {
	if n == nil {
		return nil
	}
	var v any
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return plain(n.Content[0])
		}
		return nil
	case yaml.AliasNode:
		return plain(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(n.Content[i+1])
		}
		v = m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			l = append(l, plain(c))
		}
		v = l
	case yaml.ScalarNode:
		if v, ok := quickScalar(n); ok {
			return v
		}
		fallthrough
	default:
		scalar := *n
		if isIntrinsicTag(n.Tag) {
			scalar.Tag = "!!str"
		}
		if err := scalar.Decode(&v); err != nil {
			v = n.Value
		}
	}
	if key, ok := cfn.LongFormKey(n.Tag); ok {
		return map[string]any{key: v}
	}
	return v
}

// quickScalar reads the scalars a rendered template is mostly made of
// (strings and booleans with their tag set) without yaml.v3's Decode,
// which costs more than the rest of a check; ok is false for any other.
func quickScalar(n *yaml.Node) (any, bool) {
	switch {
	case n.Tag == "!!str":
		return n.Value, true
	case n.Tag == "!!bool" && (n.Value == "true" || n.Value == "false"):
		return n.Value == "true", true
	}
	return nil, false
}

// The helpers below read values the way cfn-guard's rules compare them:
// strictly by type (the string "true" is not the boolean true), and a
// property that holds an intrinsic function is neither a string nor a number.

// get walks keys into nested maps; false when a key is missing or a value on
// the way is not a map.
func get(v any, keys ...string) (any, bool) {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

// has reports whether keys lead to a value.
func has(v any, keys ...string) bool { _, ok := get(v, keys...); return ok }

// isMap reports whether v is a map (a struct, in cfn-guard's words).
func isMap(v any) bool { _, ok := v.(map[string]any); return ok }

// list returns v as a list; ok is false for anything else.
func list(v any) ([]any, bool) { l, ok := v.([]any); return l, ok }

// nonEmptyList reports whether v is a list with at least one item.
func nonEmptyList(v any) bool { l, ok := list(v); return ok && len(l) > 0 }

// items is v as a list: a list, or a single value as a list of one (how
// cfn-guard's [*] reads a value that is not a list).
func items(v any) []any {
	if l, ok := list(v); ok {
		return l
	}
	return []any{v}
}

// isTrue reports whether v is the boolean true.
func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

// isFalse reports whether v is the boolean false.
func isFalse(v any) bool { b, ok := v.(bool); return ok && !b }

// trueOrTrueString reports whether v is true or "true".
func trueOrTrueString(v any) bool { return isTrue(v) || v == "true" }

// text returns v as a string.
func text(v any) (string, bool) { s, ok := v.(string); return s, ok }

// isText reports whether v is the string s.
func isText(v any, s string) bool { t, ok := text(v); return ok && t == s }

// oneOf reports whether v is one of the strings.
func oneOf(v any, choices ...string) bool {
	for _, c := range choices {
		if isText(v, c) {
			return true
		}
	}
	return false
}

// nonEmptyText reports whether v is a string with something besides
// white space.
func nonEmptyText(v any) bool { s, ok := text(v); return ok && strings.TrimSpace(s) != "" }

// number returns v as a number.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, !math.IsNaN(n)
	}
	return 0, false
}

// matches reports whether v is a string the pattern matches.
func matches(v any, re *lazyre.Regexp) bool { s, ok := text(v); return ok && re.MatchString(s) }

// localRef reports whether v is a Ref or Fn::GetAtt of a resource of the
// template of the given type: how cfn-guard's rules accept a reference
// instead of a literal.
func (t *Template) localRef(v any, typ string) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	var target any
	if ref, ok := m["Ref"]; ok {
		target = ref
	} else if att, ok := list(m["Fn::GetAtt"]); ok && len(att) > 0 {
		target = att[0]
	}
	id, ok := text(target)
	return ok && t.Resources[id].Type == typ
}

// textOrRef reports whether v is a non-empty string or a reference to a
// resource of the type.
func (t *Template) textOrRef(v any, typ string) bool { return nonEmptyText(v) || t.localRef(v, typ) }
