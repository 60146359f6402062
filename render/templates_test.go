package render

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/sns"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// section returns a template node whose section has n entries.
func section(name string, n int) *yaml.Node {
	body := mapping()
	for i := range n {
		body.Content = append(body.Content, scalar(fmt.Sprintf("E%d", i)), mapping(scalar("Type"), scalar("AWS::SNS::Topic")))
	}
	return mapping(scalar(name), body)
}

// TestTemplateLimits: each of CloudFormation's limits on one template passes
// at the limit and fails one past it, with the way out that fits the layout.
func TestTemplateLimits(t *testing.T) {
	single := mustResolve(t, nlbBlueprint())
	nested := nlbBlueprint()
	nested.Stacks = blueprint.StacksNested
	nestedBP := mustResolve(t, nested)
	for _, c := range []struct {
		name  string
		node  func(n int) *yaml.Node
		size  func(n int) int
		limit int
		unit  string
	}{
		{"resources", func(n int) *yaml.Node { return section("Resources", n) }, func(int) int { return 10 }, 500, "resources"},
		{"parameters", func(n int) *yaml.Node { return section("Parameters", n) }, func(int) int { return 10 }, 200, "parameters"},
		{"outputs", func(n int) *yaml.Node { return section("Outputs", n) }, func(int) int { return 10 }, 200, "outputs"},
		{"bytes", func(int) *yaml.Node { return mapping() }, func(n int) int { return n }, 1_000_000, "bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			check := func(bp *blueprint.Resolved, name string, n int) blueprint.Problems {
				pl := newPlacement(bp)
				st := pl.app
				if name != TemplateFile {
					st = pl.services["web"]
				}
				st.Tree = c.node(n)
				return templateLimits(bp, st, make([]byte, c.size(n)))
			}
			if p := check(single, TemplateFile, c.limit); len(p) > 0 {
				t.Errorf("at the limit: %v", p)
			}
			p := check(single, TemplateFile, c.limit+1)
			if len(p) != 1 || !strings.Contains(p[0].Message, fmt.Sprintf("the template needs %s %s", thousands(c.limit+1), c.unit)) ||
				!strings.Contains(p[0].Fix, "set stacks: nested") || !strings.Contains(p[0].Fix, "AWS does not raise this limit") || p[0].Path != "stacks" {
				t.Errorf("one past the limit: %v", p)
			}
			if p := check(nestedBP, TemplateFile, c.limit+1); len(p) != 1 || !strings.Contains(p[0].Message, "the root template") || !strings.Contains(p[0].Fix, "several Blueprints") {
				t.Errorf("nested root: %v", p)
			}
			if p := check(nestedBP, "stacks/web.yaml", c.limit+1); len(p) != 1 || !strings.Contains(p[0].Message, "the nested stack stacks/web.yaml") {
				t.Errorf("nested stack: %v", p)
			}
		})
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// problems renders b and returns its problems (nil when it renders).
func problems(t *testing.T, b *blueprint.Blueprint) blueprint.Problems {
	t.Helper()
	res, err := blueprint.Resolve(b)
	if err == nil {
		_, err = Templates(res)
	}
	var p blueprint.Problems
	if err != nil && !errors.As(err, &p) {
		t.Fatal(err)
	}
	return p
}

// TestSecurityGroupRuleQuota: the NLB's group takes one inbound rule per
// allowed CIDR and service; 60 pass, 61 fail at ingress.nlb, and a raised
// quota lets them through.
func TestSecurityGroupRuleQuota(t *testing.T) {
	withAllow := func(n int) *blueprint.Blueprint {
		b := nlbBlueprint()
		for i := range n {
			b.Ingress.NLB.Allow = append(b.Ingress.NLB.Allow, fmt.Sprintf("10.%d.%d.0/24", i/256, i%256))
		}
		return b
	}
	if p := problems(t, withAllow(60)); p != nil {
		t.Errorf("60 rules: %v", p)
	}
	p := problems(t, withAllow(61))
	if len(p) != 1 || p[0].Path != "ingress.nlb" || !strings.Contains(p[0].Message, "the security group NlbSecurityGroup (inbound IPv4) needs 61 rules; AWS allows 60") ||
		!strings.Contains(p[0].Fix, "quotas: {securityGroupRules: 61}") {
		t.Errorf("61 rules: %v", p)
	}
	raised := withAllow(61)
	raised.Quotas = map[string]int{blueprint.QuotaSecurityGroupRules: 61}
	if p := problems(t, raised); p != nil {
		t.Errorf("raised: %v", p)
	}
}

// boundary adds to a Blueprint, one at a time, whatever grows a resource,
// until rendering fails; the last count that rendered must be followed by a
// failure that reports that limit at path.
func boundary(t *testing.T, grow func(b *blueprint.Blueprint, n int), path, message string) {
	t.Helper()
	for n := 1; n < 2000; n++ {
		b := nlbBlueprint()
		grow(b, n)
		p := problems(t, b)
		if p == nil {
			continue
		}
		t.Logf("refused at %d: %s", n, p[0].Message)
		if n == 1 || len(p) != 1 || p[0].Path != path || !strings.Contains(p[0].Message, message) || !strings.Contains(p[0].Fix, "AWS does not raise this limit") {
			t.Fatalf("at %d: %v", n, p)
		}
		return
	}
	t.Fatal("never reached the limit")
}

// TestRolePolicySizeQuota: every injected secret adds a statement resource to
// the execution role; past 10,240 characters the Blueprint is refused.
func TestRolePolicySizeQuota(t *testing.T) {
	boundary(t, func(b *blueprint.Blueprint, n int) {
		b.Services[0].Containers[1].Secrets = map[string]blueprint.SecretRef{}
		for i := range n {
			b.Services[0].Containers[1].Secrets[fmt.Sprintf("S%03d", i)] = blueprint.SecretRef{Parameter: fmt.Sprintf("/shop/web/setting-%03d", i)}
		}
	}, "services[0]", "the role WebExecutionRole")
}

// TestTaskDefinitionSizeQuota: environment values grow the task definition
// past 64 KiB.
func TestTaskDefinitionSizeQuota(t *testing.T) {
	boundary(t, func(b *blueprint.Blueprint, n int) {
		b.Services[0].Containers[1].Environment = map[string]string{}
		for i := range n {
			b.Services[0].Containers[1].Environment[fmt.Sprintf("SETTING_%03d", i)] = strings.Repeat("v", 1000)
		}
	}, "services[0].containers", "the task definition WebTaskDefinition")
}

// TestEstimatedSize: literal JSON counts as written; references count as a
// typical ARN; pseudo parameters as their longest common value; spaces only
// when asked.
func TestEstimatedSize(t *testing.T) {
	node, err := yamlout.FromJSON([]byte(`{"a": "b c", "n": 10, "r": {"Ref": "X"}, "p": {"Ref": "AWS::AccountId"}, "s": {"Fn::Sub": "${AWS::Region}-${Y}"}, "l": [true, null]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	// {"a":"b c","l":[true,null],"n":10,"p":"123456789012","r":"<100>","s":"<14>-<100>"}
	want := len(`{"a":"b c","l":[true,null],"n":10,"p":"","r":"","s":"-"}`) + 12 + arnEstimate + 14 + arnEstimate
	if got := estimatedSize(node, true); got != want {
		t.Errorf("with spaces: %d, want %d", got, want)
	}
	if got := estimatedSize(node, false); got != want-1 {
		t.Errorf("without spaces: %d, want %d", got, want-1)
	}
}

// TestPlainValueIsTheJSONRoad: for every golden example, in both layouts,
// the template's plain value is what marshalling it to JSON and back gives.
func TestPlainValueIsTheJSONRoad(t *testing.T) {
	paths, _ := filepath.Glob("../golden/*/blueprint.yaml")
	if len(paths) == 0 {
		t.Fatal("no golden examples")
	}
	for _, path := range paths {
		b, err := blueprint.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, stacks := range []string{blueprint.StacksSingle, blueprint.StacksNested} {
			bp := &blueprint.Resolved{Blueprint: b.WithDefaults()}
			bp.Stacks = stacks
			for _, bodyFile := range []bool{false, true} {
				r, err := build(bp, bp.TemplateDescription(), applicationConcerns, bodyFile)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := r.complete(); err != nil {
					t.Fatal(err)
				}
				got, err := plainValue(reflect.ValueOf(r.t))
				if err != nil {
					t.Fatal(err)
				}
				want, err := viaJSON(r.t)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s (%s, body file %v): the plain value differs from the JSON road", path, stacks, bodyFile)
				}
				// The node tree built straight from the typed template is
				// the one built from the plain value.
				direct, err := nodeOf(reflect.ValueOf(r.t), yamlout.NewBuilder(intrinsic.Expand))
				if err != nil {
					t.Fatal(err)
				}
				a, _ := yamlout.Encode(direct)
				b, _ := yamlout.Encode(yamlout.FromValue(got, intrinsic.Expand))
				if !bytes.Equal(a, b) {
					t.Errorf("%s (%s, body file %v): the node tree differs from the plain value's", path, stacks, bodyFile)
				}
				// templateNode builds the resources side by side.
				tree, err := templateNode(r.t)
				if err != nil {
					t.Fatal(err)
				}
				if c, _ := yamlout.Encode(tree); !bytes.Equal(a, c) {
					t.Errorf("%s (%s, body file %v): templateNode's tree differs from the plain value's", path, stacks, bodyFile)
				}
			}
		}
	}
}

// TestValuesArriveAsWritten: stack values in environment and parameter
// values go through Fn::Sub; a ${...} anywhere else (a shell variable in a
// command, a literal ${!X}) is written as an Fn::Join of pieces without "${",
// which CloudFormation joins back into the text as written.
func TestValuesArriveAsWritten(t *testing.T) {
	b := nlbBlueprint()
	c := &b.Services[0].Containers[1]
	c.Command = []string{"sh", "-c", "echo ${HOME} $PATH"}
	c.Environment = map[string]string{"REGION": "${AWS::Region}", "LITERAL": "${!HOME}/x", "BOTH": "${AWS::StackName}-${!x}"}
	b.Parameters = &blueprint.Parameters{Create: []blueprint.ParameterSpec{{Name: "/shop/url", Value: "https://${AWS::Region}.example.com", Description: "the ${region} site"}}}
	files, err := Templates(mustResolve(t, b))
	if err != nil {
		t.Fatal(err)
	}
	text := string(files[0].Data)
	for _, want := range []string{
		"- !Join [$, ['echo ', '{HOME} ', PATH]]",
		"Value: !Sub ${AWS::Region}\n",
		"Value: !Join [$, [\"\", '{HOME}/x']]",
		"Value: !Sub ${AWS::StackName}-${!x}\n",
		"Value: !Sub https://${AWS::Region}.example.com\n",
		"Description: !Join [$, ['the ', '{region} site']]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Joined back with its delimiter, each piece list gives the text.
	node := joinedLiteral("a${b}$c${")
	var pieces []string
	for _, p := range node.Content[1].Content[1].Content {
		if strings.Contains(p.Value, "${") {
			t.Errorf("piece %q holds ${", p.Value)
		}
		pieces = append(pieces, p.Value)
	}
	if got := strings.Join(pieces, "$"); got != "a${b}$c${" {
		t.Errorf("joined back: %q", got)
	}
}

// TestPackagedTemplatesSayTheyArePackaged: a root template that names local
// files (nested stacks, the API document) says so in its Metadata, which
// also exempts W3002 for cfn-lint; no other file carries that Metadata.
func TestPackagedTemplatesSayTheyArePackaged(t *testing.T) {
	paths, _ := filepath.Glob("../golden/*/blueprint.yaml")
	for _, path := range paths {
		b, err := blueprint.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, stacks := range []string{blueprint.StacksSingle, blueprint.StacksNested} {
			for _, bodyFile := range []bool{false, true} {
				bp := &blueprint.Resolved{Blueprint: b.WithDefaults()}
				bp.Stacks = stacks
				if bp.Pipeline != nil && stacks == blueprint.StacksNested {
					continue // refused by validation
				}
				files, _, err := application(bp, bodyFile && bp.API != nil)
				if err != nil {
					t.Fatal(err)
				}
				localFiles := stacks == blueprint.StacksNested || (bodyFile && bp.API != nil)
				for i, f := range files {
					var root yaml.Node
					if err := yaml.Unmarshal(f.Data, &root); err != nil || root.Kind == 0 {
						t.Fatalf("%s: %v", f.Name, err)
					}
					meta := yamlout.Value(root.Content[0], "Metadata")
					want := i == 0 && localFiles
					if got := meta != nil && strings.Contains(string(f.Data), "- W3002"); got != want {
						t.Errorf("%s (%s, body file %v) %s: exempts W3002: %v, want %v", path, stacks, bodyFile, f.Name, got, want)
					}
				}
			}
		}
	}
}

// TestTreeWhileWaiting: the tree built while the API's document is being
// written (the waiting resources added last) is the tree of the completed
// template, for every golden example with an API, in both layouts and with
// the document embedded or in openapi.yaml, with the Blueprint's tags.
func TestTreeWhileWaiting(t *testing.T) {
	paths, _ := filepath.Glob("../golden/*/blueprint.yaml")
	apis := 0
	for _, path := range paths {
		b, err := blueprint.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if b.API == nil {
			continue
		}
		apis++
		for _, stacks := range []string{blueprint.StacksSingle, blueprint.StacksNested} {
			bp := &blueprint.Resolved{Blueprint: b.WithDefaults()}
			bp.Stacks = stacks
			bp.Tags = map[string]string{"team": "payments"}
			for _, bodyFile := range []bool{false, true} {
				r, err := build(bp, bp.TemplateDescription(), applicationConcerns, bodyFile)
				if err != nil {
					t.Fatal(err)
				}
				if len(r.pending) == 0 || !r.waiting[blueprint.APIID] {
					t.Fatalf("%s: the REST API does not wait for its document", path)
				}
				got, err := r.tree()
				if err != nil {
					t.Fatal(err)
				}
				if len(r.pending) != 0 {
					t.Fatalf("%s: tree left work waiting", path)
				}
				want, err := templateNode(r.t)
				if err != nil {
					t.Fatal(err)
				}
				a, _ := yamlout.Encode(got)
				w, _ := yamlout.Encode(want)
				if !bytes.Equal(a, w) {
					t.Errorf("%s (%s, body file %v): the tree built while waiting differs from the completed template's", path, stacks, bodyFile)
				}
				if !bytes.Contains(a, []byte("ApiDeployment")) || !bytes.Contains(a, []byte("payments")) {
					t.Errorf("%s (%s, body file %v): no Deployment, or no tags", path, stacks, bodyFile)
				}
			}
		}
	}
	if apis == 0 {
		t.Fatal("no golden example with an API")
	}
}

// TestWithResources: resources added to a tree keep the section sorted by
// logical ID, and a tree without Resources gets the section in its place.
func TestWithResources(t *testing.T) {
	topic := func() cloudformation.Resource { return &sns.Topic{} }
	root, err := templateNode(&cloudformation.Template{
		Description: "d",
		Outputs:     cloudformation.Outputs{"O": cloudformation.Output{Value: "v"}},
		Resources:   cloudformation.Resources{"B": topic(), "D": topic()},
	})
	if err != nil {
		t.Fatal(err)
	}
	root, err = withResources(root, cloudformation.Resources{"A": topic(), "C": topic(), "E": topic()})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	section := yamlout.Value(root, "Resources")
	for i := 0; i < len(section.Content); i += 2 {
		ids = append(ids, section.Content[i].Value)
	}
	if got := strings.Join(ids, ","); got != "A,B,C,D,E" {
		t.Errorf("resources %s, want A,B,C,D,E", got)
	}
	empty, err := templateNode(&cloudformation.Template{Description: "d", Outputs: cloudformation.Outputs{"O": cloudformation.Output{Value: "v"}}})
	if err != nil {
		t.Fatal(err)
	}
	empty, err = withResources(empty, cloudformation.Resources{"A": topic()})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := 0; i < len(empty.Content); i += 2 {
		keys = append(keys, empty.Content[i].Value)
	}
	if got := strings.Join(keys, ","); got != "Description,Outputs,Resources" {
		t.Errorf("sections %s, want Description,Outputs,Resources", got)
	}
}
