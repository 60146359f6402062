// Package diff compares two CloudFormation templates offline, resource by
// resource and property by property, and says for each change whether
// CloudFormation replaces the resource, from the update behaviour of each
// property in the CloudFormation resource schemas (replacements.json, which
// replacements.py regenerates from the schemas cfn-lint ships). A resource
// that holds data or an identity others depend on (an ECR repository, a user
// pool, a secret, a KMS key, a log group, a load balancer's DNS name, a VPC
// link) is marked loudly when it is replaced or removed.
//
// [Compare] compares every template of an application at once and finds
// what CloudFormation cannot carry out although each template is valid: a
// value AWS keeps unique (a listener rule's priority, a listener's port, a
// physical name) that a new resource needs while the old one still holds it,
// and a custom-named resource that would have to be replaced (claims.go).
// A new task definition revision is routine: it is how ECS rolls a service
// to a new image or setting.
package diff

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
)

//go:embed replacements.json
var replacementsJSON []byte

// updateBehaviour is, per resource type, the properties whose change
// replaces the resource, always or in some cases.
type updateBehaviour struct {
	Replace     []string `json:"replace"`
	Conditional []string `json:"conditional"`
}

// behaviours are read from replacements.json on first use (see nameRules).
var behaviours = sync.OnceValue(func() map[string]updateBehaviour {
	m := map[string]updateBehaviour{}
	if err := json.Unmarshal(replacementsJSON, &m); err != nil {
		panic("diff: replacements.json: " + err.Error())
	}
	return m
})

// holds says what a resource of each type holds that its replacement or
// removal loses.
var holds = map[string]string{
	"AWS::ECR::Repository":                      "its images",
	"AWS::Cognito::UserPool":                    "its users and their passwords",
	"AWS::SecretsManager::Secret":               "the secret's value",
	"AWS::KMS::Key":                             "its key material: data encrypted with it",
	"AWS::Logs::LogGroup":                       "its logs",
	"AWS::ElasticLoadBalancingV2::LoadBalancer": "its DNS name, which clients and records use",
	"AWS::ApiGateway::VpcLink":                  "its ID, which the API's integrations use",
	"AWS::ApiGatewayV2::VpcLink":                "its ID, which the API's integrations use",
	"AWS::ApiGateway::RestApi":                  "its ID, part of the invoke URL",
	"AWS::CloudFront::Distribution":             "its domain name",
	"AWS::SQS::Queue":                           "the messages waiting in it",
	"AWS::SNS::Topic":                           "its ARN, which publishers and subscriptions outside the stack use",
	"AWS::EFS::FileSystem":                      "its files",
	"AWS::S3::Bucket":                           "its objects",
	"AWS::DynamoDB::Table":                      "its items",
}

// Replacement says whether a change replaces the resource.
type Replacement string

// Replacement values.
const (
	NoReplacement Replacement = ""
	Replaces      Replacement = "replacement"
	MayReplace    Replacement = "conditional replacement"
	Unknown       Replacement = "update behaviour unknown"
)

// PropertyChange is one changed value of a resource.
type PropertyChange struct {
	// Path is where, e.g. Properties.ContainerDefinitions[0].Image.
	Path string
	// Old and New are the values; nil where absent.
	Old, New any
	// Replacement says whether this change replaces the resource.
	Replacement Replacement
}

// Kinds of resource change.
const (
	Added   = "+"
	Removed = "-"
	Changed = "~"
)

// ResourceChange is what happens to one logical ID.
type ResourceChange struct {
	ID, Type string
	// Kind is Added, Removed or Changed.
	Kind string
	// Properties are the changes of a Changed resource.
	Properties []PropertyChange
	// Replacement is the strongest of the properties' (Replaces when the
	// type changed).
	Replacement Replacement
	// Holds says what is lost when the resource is replaced or removed;
	// empty when nothing is.
	Holds string
	// Retained says the old resource's DeletionPolicy (for a removal) or
	// UpdateReplacePolicy (for a replacement) keeps it in the account, out
	// of the stack.
	Retained bool
}

// NewRevision reports whether the change is a new revision of a task
// definition, which CloudFormation makes in place of changing one (every
// property of AWS::ECS::TaskDefinition but its Tags is create-only) and
// ECS rolls the service to.
func (c ResourceChange) NewRevision() bool {
	return c.Type == taskDefinition && c.Replacement != NoReplacement
}

// Loses reports whether the change destroys what the resource holds.
func (c ResourceChange) Loses() bool {
	return c.Holds != "" && (c.Kind == Removed || c.Replacement == Replaces || c.Replacement == MayReplace)
}

// Report is the comparison of two templates.
type Report struct {
	// File names the template compared (template.yaml, stacks/api.yaml).
	File string
	// Resources are the changes in logical-ID order.
	Resources []ResourceChange
	// Outputs and Parameters name what was added (+), removed (-) or
	// changed (~); a parameter's change shows its old and new default.
	Outputs, Parameters []string
	// old and new are the templates compared, long form.
	old, new *yaml.Node
}

// Replaced counts the resources CloudFormation replaces (or may replace).
func (r Report) Replaced() int {
	n := 0
	for _, c := range r.Resources {
		if c.Replacement == Replaces || c.Replacement == MayReplace {
			n++
		}
	}
	return n
}

// Losses counts the resources whose data or identity the change destroys.
func (r Report) Losses() int {
	n := 0
	for _, c := range r.Resources {
		if c.Loses() {
			n++
		}
	}
	return n
}

// Templates compares two templates (YAML or JSON). Either may be nil: a
// template that is new or gone.
func Templates(file string, old, new []byte) (Report, error) {
	r := Report{File: file}
	var err error
	if r.old, err = parseTree(old); err != nil {
		return r, fmt.Errorf("%s (old): %w", file, err)
	}
	if r.new, err = parseTree(new); err != nil {
		return r, fmt.Errorf("%s (new): %w", file, err)
	}
	atDefaults(r.old)
	atDefaults(r.new)
	a, err := decode(r.old)
	if err != nil {
		return r, fmt.Errorf("%s (old): %w", file, err)
	}
	b, err := decode(r.new)
	if err != nil {
		return r, fmt.Errorf("%s (new): %w", file, err)
	}
	ra, rb := section(a, "Resources"), section(b, "Resources")
	for _, id := range unionKeys(ra, rb) {
		x, inA := ra[id]
		y, inB := rb[id]
		switch {
		case !inA:
			typ := typeOf(y)
			r.Resources = append(r.Resources, ResourceChange{ID: id, Type: typ, Kind: Added})
		case !inB:
			typ := typeOf(x)
			r.Resources = append(r.Resources, ResourceChange{ID: id, Type: typ, Kind: Removed, Holds: holds[typ], Retained: policy(x, "DeletionPolicy")})
		case !reflect.DeepEqual(x, y):
			c := changed(id, x, y)
			c.Retained = policy(x, "UpdateReplacePolicy")
			r.Resources = append(r.Resources, c)
		}
	}
	r.Outputs = entries(section(a, "Outputs"), section(b, "Outputs"), nil)
	r.Parameters = entries(section(a, "Parameters"), section(b, "Parameters"), func(x, y any) string {
		return show(field(x, "Default")) + " -> " + show(field(y, "Default"))
	})
	return r, nil
}

// Comparison is the comparison of an application's templates before and
// after a change.
type Comparison struct {
	// Reports are the templates' comparisons, in file name order.
	Reports []Report
	// Collisions are the unique values the change moves from one resource
	// to another, and the custom-named resources it replaces.
	Collisions []Collision
	// API compares the API documents (openapi.yaml) when there are any.
	API APIReport
	// IndexRefusals are the changes of tables' indexes CloudFormation
	// refuses.
	IndexRefusals []IndexRefusal
}

// Blocking reports whether the change should not be deployed as it is: it
// destroys data or identity, or CloudFormation cannot carry it out.
func (c Comparison) Blocking() bool {
	for _, r := range c.Reports {
		if r.Losses() > 0 {
			return true
		}
	}
	return len(c.Collisions)+len(c.IndexRefusals) > 0
}

// Compare compares the templates of an application (file name to content;
// a file absent on one side is new or gone), deployed as the stack named
// stack.
func Compare(old, new map[string][]byte, stack string) (Comparison, error) {
	var c Comparison
	if hasAPI(old) || hasAPI(new) {
		api, err := APIs(old[APIFile], new[APIFile])
		if err != nil {
			return c, err
		}
		c.API = api
		old, new = withoutAPI(old), withoutAPI(new)
	}
	files := unionKeys(old, new)
	trees := [2]map[string]*yaml.Node{{}, {}}
	var replaced []Holder
	for _, file := range files {
		r, err := Templates(file, old[file], new[file])
		if err != nil {
			return c, err
		}
		c.Reports = append(c.Reports, r)
		c.IndexRefusals = append(c.IndexRefusals, r.indexRefusals()...)
		trees[0][file], trees[1][file] = r.old, r.new
		for _, rc := range r.Resources {
			if rc.Replacement == Replaces {
				replaced = append(replaced, Holder{File: file, ID: rc.ID, Type: rc.Type})
			}
		}
	}
	c.Collisions = Collisions(trees[0], trees[1], stack, replaced)
	return c, nil
}

// changed compares one resource's two versions.
func changed(id string, x, y any) ResourceChange {
	ta, tb := typeOf(x), typeOf(y)
	c := ResourceChange{ID: id, Type: tb, Kind: Changed, Holds: holds[tb]}
	if ta != tb {
		c.Properties = append(c.Properties, PropertyChange{Path: "Type", Old: ta, New: tb, Replacement: Replaces})
		c.Replacement = Replaces
		return c
	}
	b, known := behaviours()[tb]
	xm, _ := x.(map[string]any)
	ym, _ := y.(map[string]any)
	for _, key := range unionKeys(xm, ym) {
		compare(key, []string{key}, xm[key], ym[key], func(path string, segs []string, old, new any) {
			p := PropertyChange{Path: path, Old: old, New: new}
			if segs[0] == "Properties" {
				switch {
				case !known:
					p.Replacement = Unknown
				case matches(b.Replace, segs[1:]):
					p.Replacement = Replaces
				case matches(b.Conditional, segs[1:]):
					p.Replacement = MayReplace
				}
			}
			c.Properties = append(c.Properties, p)
			c.Replacement = stronger(c.Replacement, p.Replacement)
		})
	}
	return c
}

// stronger returns the stronger of two replacements.
func stronger(a, b Replacement) Replacement {
	rank := map[Replacement]int{NoReplacement: 0, Unknown: 1, MayReplace: 2, Replaces: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// matches reports whether a change at property path segs touches one of the
// schema's pointers (Name, Tags/*/Key): the pointer is the path or above
// it, or the change is above the pointer (the whole object changed).
func matches(pointers []string, segs []string) bool {
	for _, p := range pointers {
		ps := strings.Split(p, "/")
		n := min(len(ps), len(segs))
		same := true
		for i := range n {
			if ps[i] != "*" && ps[i] != segs[i] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// compare reports the differing leaves of two values; lists of different
// lengths, and values of different kinds, are one change.
func compare(path string, segs []string, a, b any, report func(path string, segs []string, old, new any)) {
	if reflect.DeepEqual(a, b) {
		return
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok && !intrinsic(am) && !intrinsic(bm) {
		for _, k := range unionKeys(am, bm) {
			compare(path+"."+k, append(slices.Clone(segs), k), am[k], bm[k], report)
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			compare(fmt.Sprintf("%s[%d]", path, i), append(slices.Clone(segs), strconv.Itoa(i)), al[i], bl[i], report)
		}
		return
	}
	report(path, segs, a, b)
}

// intrinsic reports whether a mapping is a function call (Ref, Fn::Sub...):
// one value, compared as a whole.
func intrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return cfn.IsFunction(k)
	}
	return false
}

// entries lists added, removed and changed entries of a section; how
// describes a change, when given.
func entries(a, b map[string]any, how func(x, y any) string) []string {
	var list []string
	for _, k := range unionKeys(a, b) {
		x, inA := a[k]
		y, inB := b[k]
		switch {
		case !inA:
			list = append(list, Added+" "+k)
		case !inB:
			list = append(list, Removed+" "+k)
		case !reflect.DeepEqual(x, y) && how != nil:
			list = append(list, Changed+" "+k+": "+how(x, y))
		case !reflect.DeepEqual(x, y):
			list = append(list, Changed+" "+k)
		}
	}
	return list
}

// field is a key of a mapping value, nil when absent.
func field(v any, key string) any {
	m, _ := v.(map[string]any)
	return m[key]
}

// policy reports whether a resource's DeletionPolicy or UpdateReplacePolicy
// keeps it.
func policy(res any, key string) bool {
	m, _ := res.(map[string]any)
	p, _ := m[key].(string)
	return p == "Retain" || p == "RetainExceptOnCreate"
}

func typeOf(res any) string {
	m, _ := res.(map[string]any)
	t, _ := m["Type"].(string)
	return t
}

func section(doc map[string]any, name string) map[string]any {
	m, _ := doc[name].(map[string]any)
	return m
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// parseTree reads a template into its node tree, short-form intrinsics (!Ref
// X) in long form ({"Ref": "X"}), so that the two forms compare equal; nil
// for an absent template.
func parseTree(data []byte) (*yaml.Node, error) {
	if data == nil {
		return nil, nil
	}
	return cfn.Parse(data)
}

// atDefaults makes every Ref and Sub variable of a parameter with a
// Default that default, in the template's conditions, resources and
// outputs. The stack's deploy command gen prints gives each parameter its
// default (the Blueprint's value), so a default that changes changes what
// refers to it: a new image tag is a new task definition revision, a new
// subnet ID a service's network.
func atDefaults(root *yaml.Node) {
	defaults := map[string]string{}
	for _, d := range cfn.Defaults(root) {
		defaults[d.Parameter] = d.Value
	}
	if len(defaults) == 0 {
		return
	}
	for _, section := range []string{cfn.Conditions, cfn.Resources, cfn.Outputs} {
		cfn.Entries(cfn.Section(root, section), func(_ string, entry *yaml.Node) {
			cfn.Walk(entry, func(r cfn.Reference) {
				if d, ok := defaults[r.Name]; ok && r.Attribute == "" {
					r.Inline(d)
				}
			})
		})
	}
}

// decode turns a template's tree into plain values.
func decode(root *yaml.Node) (map[string]any, error) {
	if root == nil {
		return map[string]any{}, nil
	}
	var v any
	if err := root.Decode(&v); err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a template: the document is not a mapping")
	}
	return m, nil
}

// Write prints a comparison for a reviewer: each template's changed
// resources in logical-ID order with their changed properties, replacements
// marked (a task definition's as the new revision it is), a loud line for
// each resource whose data or identity is lost, then every collision.
func Write(w io.Writer, c Comparison) {
	added, removed, changedN, replaced, revisions, losses := 0, 0, 0, 0, 0, 0
	for _, r := range c.Reports {
		if len(r.Resources)+len(r.Outputs)+len(r.Parameters) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s\n", r.File)
		for _, rc := range r.Resources {
			mark := ""
			switch {
			case rc.NewRevision():
				mark = "  NEW REVISION (ECS rolls the service to it)"
				revisions++
			case rc.Replacement == Replaces:
				mark = "  REPLACED"
			case rc.Replacement == MayReplace:
				mark = "  MAY BE REPLACED"
			}
			fmt.Fprintf(w, "  %s %s (%s)%s\n", rc.Kind, rc.ID, rc.Type, mark)
			for _, p := range rc.Properties {
				note := ""
				if p.Replacement != NoReplacement && rc.Type != taskDefinition {
					note = "  [" + string(p.Replacement) + "]"
				}
				fmt.Fprintf(w, "      %s: %s%s\n", p.Path, showChange(p.Old, p.New), note)
			}
			for _, note := range []string{r.strategyNote(rc), r.placementNote(rc), r.ownerNote(rc)} {
				if note != "" {
					fmt.Fprintf(w, "      >>> %s\n", note)
				}
			}
			switch {
			case rc.Loses() && rc.Retained:
				fmt.Fprintf(w, "      !!! %s holds %s: it leaves the stack, and its retain policy keeps the old one in the account, orphaned\n", rc.ID, rc.Holds)
			case rc.Loses():
				fmt.Fprintf(w, "      !!! %s holds %s: this change destroys it\n", rc.ID, rc.Holds)
			}
			switch rc.Kind {
			case Added:
				added++
			case Removed:
				removed++
			default:
				changedN++
			}
		}
		for _, o := range r.Parameters {
			fmt.Fprintf(w, "  %s (parameter)\n", o)
		}
		for _, o := range r.Outputs {
			fmt.Fprintf(w, "  %s (output)\n", o)
		}
		replaced += r.Replaced()
		losses += r.Losses()
	}
	WriteAPI(w, c.API)
	for _, col := range c.Collisions {
		fmt.Fprintf(w, "!!! collision: %s\n", col.Message())
	}
	for _, f := range c.IndexRefusals {
		fmt.Fprintf(w, "!!! refused: %s\n", f.Message())
	}
	refused := ""
	if n := len(c.IndexRefusals); n > 0 {
		refused = fmt.Sprintf("; %d refused by CloudFormation", n)
	}
	fmt.Fprintf(w, "%d added, %d removed, %d changed; %d replaced (%d new task definition revisions); %d losing data or identity; %d collisions%s\n",
		added, removed, changedN, replaced, revisions, losses, len(c.Collisions), refused)
}

// taskDefinition is the type whose replacement is a new revision.
const taskDefinition = "AWS::ECS::TaskDefinition"

// show writes a value on one line: JSON, or (absent) for nil, cut after
// shown characters.
func show(v any) string {
	s := full(v)
	if len(s) > shown {
		return cut(s, 0)
	}
	return s
}

// shown is how much of a value a line shows.
const shown = 160

// showChange writes a value's change as "OLD -> NEW", each on one line as
// show writes it. Two long values are shown from a little before where they
// first differ: a dashboard's body or a policy that changed in one place
// would otherwise show the same first characters twice.
func showChange(old, new any) string {
	a, b := full(old), full(new)
	if len(a) <= shown && len(b) <= shown || old == nil || new == nil {
		return show(old) + " -> " + show(new)
	}
	from := 0
	for from < len(a) && from < len(b) && a[from] == b[from] {
		from++
	}
	from = max(0, from-shown/4)
	for from > 0 && !utf8.RuneStart(a[from]) {
		from-- // a and b are the same up to the difference
	}
	return cut(a, from) + " -> " + cut(b, from)
}

// full writes a value on one line: JSON (a string quoted), or (absent) for
// nil.
func full(v any) string {
	if v == nil {
		return "(absent)"
	}
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(j)
}

// cut shows at most shown bytes of s from byte from (a rune's start), with
// "..." where it leaves some out.
func cut(s string, from int) string {
	head := ""
	if from > 0 {
		head = "..."
	}
	if len(s)-from <= shown {
		return head + s[from:]
	}
	end := from + shown - 3
	for end > from && !utf8.RuneStart(s[end]) {
		end--
	}
	return head + s[from:end] + "..."
}
