package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	cfnstack "github.com/awslabs/goformation/v7/cloudformation/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// StacksDir is the folder, beside template.yaml, that holds the nested stack
// templates with stacks: nested.
const StacksDir = blueprint.StacksDir

// serviceStack is what the linker gathers for one service's nested stack.
type serviceStack struct {
	stack    *Stack
	stackID  string // logical ID of its AWS::CloudFormation::Stack in the root
	sections map[string]*yaml.Node
	// imports are the stack's Parameters that carry root (or other stacks')
	// values, by parameter name.
	imports map[string]importRef
	// exports are Outputs other stacks read, by output name: the value node.
	exports     map[string]*yaml.Node
	exportOrder []string
	dependsOn   []string // root resources (or other stacks) it must wait for
	// wants are the Outputs of other stacks its imports read, in the order
	// it met them: added to those stacks once every stack is linked.
	wants []export
}

// export is an Output of a stack: of entry base, or its attribute attr.
type export struct {
	from       *serviceStack
	base, attr string
}

// linker splits one rendered template into a root template and one nested
// stack per service. Every entry stays as rendered, under the same logical
// ID; what a service's entries read from elsewhere becomes a Parameter of its
// stack that the root passes (Ref, GetAtt, or another stack's Output), and
// what the root reads from a service stack becomes an Output of it. Nothing
// crosses stacks through exports and Fn::ImportValue.
type linker struct {
	bp        *blueprint.Resolved
	placement *placement
	// place is the stack an entry ("Section/ID") lands in.
	place  func(section, id string) *Stack
	root   *yaml.Node
	stacks map[*Stack]*serviceStack
	order  []*serviceStack
}

var sections = []string{"Parameters", "Resources", "Outputs"}

// split partitions the template node full (long-form intrinsics) into the
// stacks of the layout, each entry where place puts it, links the parts and
// sets each stack's Tree. The root keeps the application's entries and
// gains one AWS::CloudFormation::Stack per service.
func split(bp *blueprint.Resolved, pl *placement, place func(section, id string) *Stack, full *yaml.Node) error {
	l := &linker{bp: bp, placement: pl, place: place, root: full, stacks: map[*Stack]*serviceStack{}}
	for _, st := range pl.order[1:] {
		ss := &serviceStack{
			stack:    st,
			stackID:  st.Service.LogicalID("Stack"),
			sections: map[string]*yaml.Node{},
			imports:  map[string]importRef{},
			exports:  map[string]*yaml.Node{},
		}
		for _, section := range sections {
			ss.sections[section] = mapping()
		}
		l.stacks[st] = ss
		l.order = append(l.order, ss)
	}
	l.partition()
	// The stacks are linked side by side: each rewrites its own tree and
	// records the other stacks' Outputs it reads, which are then added in
	// stack order, so that every stack's Outputs keep one order.
	sidebyside.Each(len(l.order), func(i int) { l.linkService(l.order[i]) })
	for _, st := range l.order {
		for _, w := range st.wants {
			l.exportFrom(w.from, w.base, w.attr)
		}
	}
	l.linkRoot()
	if err := l.addStackResources(); err != nil {
		return err
	}
	pl.app.Tree = l.root
	// Each stack's template is assembled from its own sections: side by
	// side.
	errs := make([]error, len(l.order))
	sidebyside.Each(len(l.order), func(i int) {
		st := l.order[i]
		st.stack.Tree, errs[i] = l.serviceTemplate(st)
	})
	for i, st := range l.order {
		if errs[i] != nil {
			return errs[i]
		}
		pl.app.Uploads = append(pl.app.Uploads, st.stack.File)
	}
	return nil
}

// partition moves every entry placed in a service's stack from the root
// into that stack, keeping the order of both.
func (l *linker) partition() {
	for _, section := range sections {
		body := yamlout.Value(l.root, section)
		if body == nil {
			continue
		}
		kept := body.Content[:0]
		for i := 0; i+1 < len(body.Content); i += 2 {
			key, value := body.Content[i], body.Content[i+1]
			if st := l.stacks[l.place(section, key.Value)]; st != nil {
				dst := st.sections[section]
				dst.Content = append(dst.Content, key, value)
				continue
			}
			kept = append(kept, key, value)
		}
		body.Content = kept
	}
}

// ownerOf returns the service stack holding a resource or parameter, nil
// for the root.
func (l *linker) ownerOf(name string) *serviceStack {
	if st := l.stacks[l.place("Resources", name)]; st != nil {
		return st
	}
	return l.stacks[l.place("Parameters", name)]
}

// linkService rewrites one service stack's references to entries outside it.
func (l *linker) linkService(st *serviceStack) {
	local := map[string]bool{}
	for _, section := range []string{"Parameters", "Resources"} {
		body := st.sections[section]
		for i := 0; i < len(body.Content); i += 2 {
			local[body.Content[i].Value] = true
		}
	}
	outside := func(name string) (string, bool) {
		if base, _, _ := strings.Cut(name, "."); local[base] {
			return "", false
		}
		return l.importInto(st, name), true
	}
	resources := st.sections["Resources"]
	for i := 1; i < len(resources.Content); i += 2 {
		cfn.Walk(resources.Content[i], func(ref cfn.Reference) {
			if ref.Kind == cfn.DependsOn && !local[ref.Name] {
				// The stack as a whole waits for what its resource waited for.
				st.dependsOn = appendUnique(st.dependsOn, l.stackOf(ref.Name))
				ref.Remove()
				return
			}
			relink(ref, outside)
		})
	}
	outputs := st.sections["Outputs"]
	for i := 1; i < len(outputs.Content); i += 2 {
		// Export names would be those of a generated nested stack name;
		// other stacks read values through the root instead.
		deleteKey(outputs.Content[i], "Export")
		cfn.Walk(outputs.Content[i], func(ref cfn.Reference) { relink(ref, outside) })
	}
}

// relink points a Ref, GetAtt or Sub variable that names an entry outside
// its stack at what outside maps it to: a Parameter of the stack, or a
// nested stack's Output (Stack.Outputs.Name). outside returns false for names
// that resolve where they are.
func relink(ref cfn.Reference, outside func(name string) (string, bool)) {
	switch ref.Kind {
	case cfn.Ref, cfn.GetAtt, cfn.SubVariable:
		if ref.Pseudo() {
			return
		}
		if to, ok := outside(ref.Target()); ok {
			ref.Replace(to)
		}
	}
}

// importInto makes name (a logical ID, or "ID.Attribute") available to st as
// a Parameter and returns the parameter's name: the ID with the attribute
// appended (ExecSessionLogs.Arn -> ExecSessionLogsArn).
func (l *linker) importInto(st *serviceStack, name string) string {
	param := strings.ReplaceAll(name, ".", "")
	if _, done := st.imports[param]; done {
		return param
	}
	base, attr, _ := strings.Cut(name, ".")
	ref := importRef{base: base, attr: attr}
	if owner := l.ownerOf(base); owner != nil {
		ref.stack = owner.stackID
		ref.output = exportName(base, attr)
		st.wants = append(st.wants, export{owner, base, attr})
	}
	st.imports[param] = ref
	return param
}

// importRef is the value the root passes for an imported parameter: a root
// entry's value (base, or its attribute attr) or another stack's output.
type importRef struct {
	base, attr    string
	stack, output string
}

// intrinsic is the value as goformation writes it.
func (i importRef) intrinsic() string {
	switch {
	case i.stack != "":
		return intrinsic.GetAtt(i.stack, "Outputs."+i.output)
	case i.attr != "":
		return intrinsic.GetAtt(i.base, i.attr)
	}
	return intrinsic.Ref(i.base)
}

// description says where the value comes from, for the parameter's Description.
func (i importRef) description() string {
	what := i.base
	if i.attr != "" {
		what += "." + i.attr
	}
	if i.stack != "" {
		return "Passed by the root stack: " + what + " from the nested stack " + i.stack + "."
	}
	return "Passed by the root stack: " + what + "."
}

// exportFrom adds an Output to st for another stack (or the root) to read, and
// returns its name.
func (l *linker) exportFrom(st *serviceStack, base, attr string) string {
	name := exportName(base, attr)
	if _, done := st.exports[name]; done {
		return name
	}
	value := mapping(scalar("Ref"), scalar(base))
	if attr != "" {
		value = mapping(scalar("Fn::GetAtt"), sequence(scalar(base), scalar(attr)))
	}
	st.exports[name] = value
	st.exportOrder = append(st.exportOrder, name)
	return name
}

// exportName is the name of the Output of entry base, or its attribute attr.
func exportName(base, attr string) string { return base + strings.ReplaceAll(attr, ".", "") }

// stackOf is the root resource that stands for a logical ID: the service's
// stack for an entry a service owns, the ID itself for a root entry.
func (l *linker) stackOf(name string) string {
	if owner := l.ownerOf(name); owner != nil {
		return owner.stackID
	}
	return name
}

// linkRoot rewrites the root's references to entries now in service stacks:
// they read the stack's Outputs.
func (l *linker) linkRoot() {
	outside := func(name string) (string, bool) {
		base, attr, _ := strings.Cut(name, ".")
		st := l.ownerOf(base)
		if st == nil {
			return "", false
		}
		return st.stackID + ".Outputs." + l.exportFrom(st, base, attr), true
	}
	for _, section := range []string{"Resources", "Outputs"} {
		body := yamlout.Value(l.root, section)
		if body == nil {
			continue
		}
		for i := 1; i < len(body.Content); i += 2 {
			var deps []string
			cfn.Walk(body.Content[i], func(ref cfn.Reference) {
				if ref.Kind == cfn.DependsOn && l.ownerOf(ref.Name) != nil {
					// A root resource waits for the service's whole stack.
					deps = appendUnique(deps, l.stackOf(ref.Name))
					ref.Remove()
					return
				}
				relink(ref, outside)
			})
			if len(deps) > 0 {
				setDependsOn(body.Content[i], deps)
			}
		}
	}
}

// setDependsOn adds names to a resource's DependsOn.
func setDependsOn(res *yaml.Node, names []string) {
	deps := yamlout.Value(res, "DependsOn")
	if deps == nil {
		deps = sequence()
		res.Content = append(res.Content, scalar("DependsOn"), deps)
	} else if deps.Kind == yaml.ScalarNode {
		*deps = *sequence(scalar(deps.Value))
	}
	for _, n := range names {
		if !slices.ContainsFunc(deps.Content, func(d *yaml.Node) bool { return d.Value == n }) {
			deps.Content = append(deps.Content, scalar(n))
		}
	}
}

// addStackResources adds one AWS::CloudFormation::Stack per service to the
// root, built from goformation's typed resource.
func (l *linker) addStackResources() error {
	t := cloudformation.NewTemplate()
	for _, st := range l.order {
		params := make(map[string]string, len(st.imports))
		for name, ref := range st.imports {
			params[name] = ref.intrinsic()
		}
		stack := &cfnstack.Stack{
			// A path relative to template.yaml: aws cloudformation package
			// uploads the file and writes its S3 URL here.
			TemplateURL: st.stack.File,
			Parameters:  params,
		}
		// A parameter's Ref or GetAtt already orders the stack after what it
		// reads; DependsOn names only what it reads nothing from.
		reads := map[string]bool{}
		for _, i := range st.imports {
			reads[i.base], reads[i.stack] = true, true
		}
		for _, dep := range st.dependsOn {
			if !reads[dep] {
				stack.AWSCloudFormationDependsOn = append(stack.AWSCloudFormationDependsOn, dep)
			}
		}
		// Deleting or replacing a service's stack deletes the service; what
		// holds data inside it (its ECR repositories) is retained by its own
		// policy.
		stack.AWSCloudFormationDeletionPolicy = policies.DeletionPolicy("Delete")
		stack.AWSCloudFormationUpdateReplacePolicy = policies.UpdateReplacePolicy("Delete")
		t.Resources[st.stackID] = stack
	}
	node, err := templateNode(t)
	if err != nil {
		return err
	}
	resources := yamlout.Value(l.root, "Resources")
	used := make(map[string]bool, len(resources.Content)/2)
	for i := 0; i < len(resources.Content); i += 2 {
		used[resources.Content[i].Value] = true
	}
	built := map[string]*yaml.Node{}
	cfn.Entries(yamlout.Value(node, "Resources"), func(id string, entry *yaml.Node) { built[id] = entry })
	for _, st := range l.order {
		if used[st.stackID] {
			return fmt.Errorf("render: logical ID %s of service %s's stack is already used", st.stackID, st.stack.Service.Name)
		}
		resources.Content = append(resources.Content, scalar(st.stackID), built[st.stackID])
		used[st.stackID] = true
	}
	return nil
}

// serviceTemplate assembles a service's nested stack: a Description, its own
// Parameters then the imported ones, its resources, its own Outputs then those
// other stacks read.
func (l *linker) serviceTemplate(st *serviceStack) (*yaml.Node, error) {
	t := cloudformation.NewTemplate()
	t.Description = blueprint.Described(l.bp.Name, fmt.Sprintf("service %s (a nested stack of %s)", st.stack.Service.Name, st.stack.Parent.File))
	for name, ref := range st.imports {
		t.Parameters[name] = cloudformation.Parameter{Type: "String", Description: cloudformation.String(ref.description())}
	}
	node, err := templateNode(t)
	if err != nil {
		return nil, err
	}
	params := st.sections["Parameters"]
	if imported := yamlout.Value(node, "Parameters"); imported != nil {
		params.Content = append(params.Content, imported.Content...)
	}
	outputs := st.sections["Outputs"]
	for _, name := range st.exportOrder {
		out := mapping(scalar("Description"), scalar("Read by another stack of this application."), scalar("Value"), st.exports[name])
		outputs.Content = append(outputs.Content, scalar(name), out)
	}
	doc := mapping(
		scalar("AWSTemplateFormatVersion"), scalar("2010-09-09"),
		scalar("Description"), yamlout.Value(node, "Description"),
	)
	for _, section := range sections {
		if len(st.sections[section].Content) > 0 {
			doc.Content = append(doc.Content, scalar(section), st.sections[section])
		}
	}
	return doc, nil
}

var (
	scalar    = yamlout.Scalar
	mapping   = yamlout.Mapping
	sequence  = yamlout.Sequence
	deleteKey = yamlout.DeleteKey
)
