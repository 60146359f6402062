// Package cfn reads CloudFormation templates held as YAML node trees: the one
// reader of the intrinsic-function grammar in ecsgate.
//
// A template is read in long form ({"Ref": "X"}, {"Fn::GetAtt": ["X", "Y"]});
// [LongForm] turns the short form a template file is written in (!Ref X,
// !GetAtt X.Y) into it, and [ShortForm] back. [Walk] visits every reference an
// entry of a template makes (Ref, GetAtt, the variables of Fn::Sub other than
// its own, DependsOn, Condition, ImportValue) and can rewrite it in place; the
// reference check ([Unresolved]), the cycle check ([Cycle]), the nested-stack
// linker, the limits and gen diff all read templates through it.
package cfn

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// Template sections that hold entries by logical ID.
const (
	Parameters = "Parameters"
	Conditions = "Conditions"
	Resources  = "Resources"
	Outputs    = "Outputs"
)

// IsFunction reports whether key, the one key of a mapping, makes the mapping
// an intrinsic function: Ref, Condition or Fn::Name.
func IsFunction(key string) bool {
	return key == "Ref" || key == "Condition" || strings.HasPrefix(key, "Fn::")
}

// Function returns the name and argument of n when n is an intrinsic function
// in long form. A mapping {"Condition": X} is the condition function only
// with a name (a scalar): an IAM statement's Condition block is not.
func Function(n *yaml.Node) (name string, arg *yaml.Node, ok bool) {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return "", nil, false
	}
	name, arg = n.Content[0].Value, n.Content[1]
	if !IsFunction(name) || name == "Condition" && arg.Kind != yaml.ScalarNode {
		return "", nil, false
	}
	return name, arg, true
}

// Sub splits the argument of an Fn::Sub into its template text and its own
// variables (a mapping, or nil when it has none).
func Sub(arg *yaml.Node) (text, vars *yaml.Node) {
	if arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 {
		return arg.Content[0], arg.Content[1]
	}
	return arg, nil
}

// subVariables returns the spans of the ${Name} or ${Name.Attribute}
// variables of an Fn::Sub template, not the ${!Literal} escape: what the
// regular expression \$\{[^!}][^}]*\} finds, leftmost first, without one
// (the walker reads every Sub of every template, and the expression was most
// of its time).
func subVariables(text string) [][2]int { return appendSubVariables(nil, text) }

// appendSubVariables appends the spans of text's variables to spans.
func appendSubVariables(spans [][2]int, text string) [][2]int {
	for from := 0; ; {
		i := strings.Index(text[from:], "${")
		if i < 0 {
			return spans
		}
		start := from + i
		if start+2 >= len(text) || text[start+2] == '!' || text[start+2] == '}' {
			from = start + 1
			continue
		}
		j := strings.IndexByte(text[start+3:], '}')
		if j < 0 {
			return spans
		}
		end := start + 3 + j + 1
		spans = append(spans, [2]int{start, end})
		from = end
	}
}

// SubVariables lists the variables of an Fn::Sub template as written inside
// ${...}, in order, each as often as it appears.
func SubVariables(text string) []string {
	spans := subVariables(text)
	if len(spans) == 0 {
		return nil
	}
	names := make([]string, len(spans))
	for i, sp := range spans {
		names[i] = text[sp[0]+2 : sp[1]-1]
	}
	return names
}

// Kind is what a reference is made with.
type Kind int

// Kinds of reference.
const (
	// Ref names a parameter, a resource or a pseudo parameter.
	Ref Kind = iota
	// GetAtt names a resource's attribute.
	GetAtt
	// SubVariable is ${Name} or ${Name.Attribute} in an Fn::Sub template.
	SubVariable
	// DependsOn is a resource's DependsOn attribute, naming a resource.
	DependsOn
	// Condition names a condition: the Condition attribute, the first
	// argument of Fn::If, or the condition function.
	Condition
	// ImportValue names another stack's export; it resolves outside the
	// template.
	ImportValue
)

func (k Kind) String() string {
	return [...]string{"Ref", "GetAtt", "Sub variable", "DependsOn", "Condition", "ImportValue"}[k]
}

// Reference is one name an entry of a template refers to.
type Reference struct {
	Kind Kind
	// Name is the logical ID referred to (of a parameter, resource,
	// condition or pseudo parameter), or the export name of an ImportValue.
	Name string
	// Attribute is the attribute of a GetAtt or of ${Name.Attribute}.
	Attribute string

	written string     // a Sub variable as written inside ${...}
	node    *yaml.Node // the function, the DependsOn item, the condition's name
	sub     *subEdit   // the Fn::Sub template a variable is in
	deps    *depsEdit  // the DependsOn list an item is in
}

// Target is the name with its attribute, as ${...} writes it: X or X.Y.
func (r Reference) Target() string {
	if r.written != "" {
		return r.written
	}
	if r.Attribute == "" {
		return r.Name
	}
	return r.Name + "." + r.Attribute
}

// Pseudo reports whether the reference names a pseudo parameter
// (AWS::Region, AWS::StackName...), which every template has.
func (r Reference) Pseudo() bool { return strings.HasPrefix(r.Name, "AWS::") }

// Replace makes the reference name to instead, in place: a Ref or GetAtt
// becomes a Ref of to, or, when to is dotted (X.Y, Stack.Outputs.Name), a
// GetAtt of the part before the first dot and the rest; a Sub variable
// becomes ${to}; a DependsOn item or a condition's name, to. An ImportValue
// is not replaced.
func (r Reference) Replace(to string) {
	switch r.Kind {
	case Ref, GetAtt:
		*r.node = *reference(to)
	case SubVariable:
		if r.sub.to == nil {
			r.sub.to = map[string]string{}
		}
		r.sub.to[r.Target()] = "${" + to + "}"
	case DependsOn, Condition:
		r.node.Value = to
	}
}

// Inline makes a Ref, or a Sub variable, the text it stands for, in place:
// a Ref becomes that string; ${Name} in an Fn::Sub template becomes the text
// (a "${" in it written "${!", Fn::Sub's literal). Other references are not
// inlined.
func (r Reference) Inline(text string) {
	switch r.Kind {
	case Ref:
		*r.node = *scalar(text)
	case SubVariable:
		if r.sub.to == nil {
			r.sub.to = map[string]string{}
		}
		r.sub.to[r.Target()] = strings.ReplaceAll(text, "${", "${!")
	}
}

// Remove drops a DependsOn item from its list (the attribute goes when no
// item is left). Other references cannot be removed.
func (r Reference) Remove() {
	if r.Kind == DependsOn {
		r.deps.drop[r.node] = true
	}
}

// reference is a Ref of to, or a GetAtt when to is dotted.
func reference(to string) *yaml.Node {
	if resource, attribute, dotted := strings.Cut(to, "."); dotted {
		return mapping(scalar("Fn::GetAtt"), sequence(scalar(resource), scalar(attribute)))
	}
	return mapping(scalar("Ref"), scalar(to))
}

// subEdit collects the replacements of one Fn::Sub template's variables,
// applied once its variables have all been visited.
type subEdit struct {
	text *yaml.Node
	to   map[string]string
}

// depsEdit collects the items to drop from one DependsOn list.
type depsEdit struct{ drop map[*yaml.Node]bool }

// Walk calls visit for every reference of a template entry (a resource, an
// output, a condition), in document order. At the top of the entry,
// DependsOn and a scalar Condition are the resource attributes (an ECS
// container's DependsOn property, deeper down, is not). Fn::Sub's own
// variables are not references, and the expressions that give their values
// are walked.
func Walk(entry *yaml.Node, visit func(Reference)) {
	if entry.Kind != yaml.MappingNode {
		walk(entry, visit)
		return
	}
	if _, _, ok := Function(entry); ok {
		walk(entry, visit) // a condition's body: a function itself
		return
	}
	var dropDependsOn func()
	for i := 0; i+1 < len(entry.Content); i += 2 {
		key, value := entry.Content[i].Value, entry.Content[i+1]
		switch {
		case key == "DependsOn":
			dropDependsOn = walkDependsOn(entry, value, visit)
		case key == "Condition" && value.Kind == yaml.ScalarNode:
			visit(Reference{Kind: Condition, Name: value.Value, node: value})
		default:
			walk(value, visit)
		}
	}
	if dropDependsOn != nil {
		dropDependsOn() // after the loop over the entry's keys, which it may change
	}
}

// walkDependsOn visits the items of a DependsOn attribute (a name or a list)
// and returns what drops the ones removed.
func walkDependsOn(entry, deps *yaml.Node, visit func(Reference)) func() {
	edit := &depsEdit{drop: map[*yaml.Node]bool{}}
	items := deps.Content
	if deps.Kind == yaml.ScalarNode {
		items = []*yaml.Node{deps}
	}
	for _, d := range items {
		visit(Reference{Kind: DependsOn, Name: d.Value, node: d, deps: edit})
	}
	return func() {
		if len(edit.drop) == 0 {
			return
		}
		var kept []*yaml.Node
		for _, d := range items {
			if !edit.drop[d] {
				kept = append(kept, d)
			}
		}
		switch {
		case len(kept) == 0:
			deleteKey(entry, "DependsOn")
		case deps.Kind == yaml.ScalarNode:
		default:
			deps.Content = kept
		}
	}
}

// walk visits the references of a value.
func walk(n *yaml.Node, visit func(Reference)) {
	name, arg, ok := Function(n)
	if !ok {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode {
				continue // a key: a name, never a reference
			}
			walk(c, visit)
		}
		return
	}
	switch name {
	case "Ref":
		visit(Reference{Kind: Ref, Name: arg.Value, node: n})
	case "Fn::GetAtt":
		resource, attribute := getAtt(arg)
		visit(Reference{Kind: GetAtt, Name: resource, Attribute: attribute, node: n})
	case "Condition":
		visit(Reference{Kind: Condition, Name: arg.Value, node: arg})
	case "Fn::If":
		if arg.Kind == yaml.SequenceNode && len(arg.Content) > 0 && arg.Content[0].Kind == yaml.ScalarNode {
			visit(Reference{Kind: Condition, Name: arg.Content[0].Value, node: arg.Content[0]})
			for _, c := range arg.Content[1:] {
				walk(c, visit)
			}
			return
		}
		walk(arg, visit)
	case "Fn::ImportValue":
		if arg.Kind == yaml.ScalarNode {
			visit(Reference{Kind: ImportValue, Name: arg.Value, node: n})
			return
		}
		walk(arg, visit) // an export name built with Fn::Sub
	case "Fn::Sub":
		walkSub(arg, visit)
	default:
		walk(arg, visit)
	}
}

// getAtt reads GetAtt's argument: [Resource, Attribute] in long form, or
// the dotted scalar a hand-written long form may use.
func getAtt(arg *yaml.Node) (resource, attribute string) {
	if arg.Kind == yaml.SequenceNode && len(arg.Content) > 0 {
		resource = arg.Content[0].Value
		if len(arg.Content) > 1 {
			attribute = arg.Content[1].Value
		}
		return resource, attribute
	}
	resource, attribute, _ = strings.Cut(arg.Value, ".")
	return resource, attribute
}

// walkSub visits the variables of an Fn::Sub template that are not its own,
// then the values of its own, and applies the replacements asked for.
func walkSub(arg *yaml.Node, visit func(Reference)) {
	text, vars := Sub(arg)
	var own map[string]bool // the variables the Sub defines itself
	if vars != nil {
		own = make(map[string]bool, len(vars.Content)/2)
		for i := 0; i+1 < len(vars.Content); i += 2 {
			own[vars.Content[i].Value] = true
		}
	}
	// Every template has hundreds of Subs, most with a variable or two:
	// their spans are kept on the stack, and the edit is made only for a
	// Sub with a variable to visit.
	var room [8][2]int
	spans := appendSubVariables(room[:0], text.Value)
	var edit *subEdit
	for _, sp := range spans {
		v := text.Value[sp[0]+2 : sp[1]-1]
		if own[v] {
			continue
		}
		if edit == nil {
			edit = &subEdit{text: text}
		}
		name, attribute, _ := strings.Cut(v, ".")
		visit(Reference{Kind: SubVariable, Name: name, Attribute: attribute, written: v, sub: edit})
	}
	if vars != nil {
		for i := 1; i < len(vars.Content); i += 2 {
			walk(vars.Content[i], visit)
		}
	}
	if edit != nil && len(edit.to) > 0 {
		var b strings.Builder
		last := 0
		for _, sp := range spans {
			if to, ok := edit.to[text.Value[sp[0]+2:sp[1]-1]]; ok {
				b.WriteString(text.Value[last:sp[0]])
				b.WriteString(to)
				last = sp[1]
			}
		}
		b.WriteString(text.Value[last:])
		text.Value = b.String()
	}
}

// Section returns a section of a template (Resources...), or nil.
func Section(root *yaml.Node, name string) *yaml.Node {
	if root == nil {
		return nil
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	return value(root, name)
}

// Entries calls fn with the logical ID and value of each entry of a section.
func Entries(section *yaml.Node, fn func(id string, entry *yaml.Node)) {
	if section == nil {
		return
	}
	for i := 0; i+1 < len(section.Content); i += 2 {
		fn(section.Content[i].Value, section.Content[i+1])
	}
}

// Names lists the logical IDs of a section.
func Names(root *yaml.Node, section string) map[string]bool {
	names := map[string]bool{}
	Entries(Section(root, section), func(id string, _ *yaml.Node) { names[id] = true })
	return names
}

// Default is a template parameter and its Default.
type Default struct{ Parameter, Value string }

// Defaults lists the parameters of a template that have a Default, each
// with it, in the template's order.
func Defaults(root *yaml.Node) []Default {
	var list []Default
	Entries(Section(root, Parameters), func(id string, p *yaml.Node) {
		if d := value(p, "Default"); d != nil && d.Kind == yaml.ScalarNode {
			list = append(list, Default{id, d.Value})
		}
	})
	return list
}

// Type is the Type of a resource entry.
func Type(resource *yaml.Node) string {
	if t := value(resource, "Type"); t != nil {
		return t.Value
	}
	return ""
}

// RefTarget is X for a value {"Ref": X}, "" for any other.
func RefTarget(n *yaml.Node) string {
	if name, arg, ok := Function(n); ok && name == "Ref" {
		return arg.Value
	}
	return ""
}

// Value is the value of key in mapping n, nil when n or the key is absent.
func Value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	return yamlout.Value(n, key)
}

func value(n *yaml.Node, key string) *yaml.Node { return Value(n, key) }

var (
	scalar    = yamlout.Scalar
	mapping   = yamlout.Mapping
	sequence  = yamlout.Sequence
	deleteKey = yamlout.DeleteKey
)
