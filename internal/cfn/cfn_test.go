package cfn

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// parse reads a template written in short form, for the tests.
func parse(t *testing.T, text string) *yaml.Node {
	t.Helper()
	root, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// references lists what Walk visits in an entry, one "Kind Target" each.
func references(entry *yaml.Node) []string {
	var got []string
	Walk(entry, func(r Reference) { got = append(got, r.Kind.String()+" "+r.Target()) })
	return got
}

// TestWalk: every way a template names another entry, and what is not a
// reference (Fn::Sub's own variables and ${!Literal}, a container's
// DependsOn property, an IAM Condition block).
func TestWalk(t *testing.T) {
	for _, c := range []struct {
		name, entry string
		want        []string
	}{
		{"Ref", "Properties: {A: !Ref Vpc, R: !Ref AWS::Region}", []string{"Ref Vpc", "Ref AWS::Region"}},
		{"GetAtt both forms", "Properties: {A: !GetAtt Alb.DNSName, B: {Fn::GetAtt: [Db, Endpoint.Address]}}", []string{"GetAtt Alb.DNSName", "GetAtt Db.Endpoint.Address"}},
		{"Sub variables, not its own or literals", `Properties: {A: !Sub ["${Cluster}-${Other}-${!Lit}-${Api.Arn}", {Cluster: abc, Other: !Ref Vpc}]}`, []string{"Sub variable Api.Arn", "Ref Vpc"}},
		{"DependsOn attribute", "DependsOn: [A, B]\nProperties: {ContainerDefinitions: [{DependsOn: [{ContainerName: app}]}]}", []string{"DependsOn A", "DependsOn B"}},
		{"DependsOn scalar", "DependsOn: A", []string{"DependsOn A"}},
		{"Condition attribute, Fn::If and the condition function", "Condition: IsProd\nProperties: {A: !If [HasX, !Ref X, !Ref AWS::NoValue], B: !And [!Condition C1, !Equals [a, b]]}", []string{"Condition IsProd", "Condition HasX", "Ref X", "Ref AWS::NoValue", "Condition C1"}},
		{"ImportValue", "Properties: {A: !ImportValue shared-Repo, B: !ImportValue {Fn::Sub: '${Env}-x'}}", []string{"ImportValue shared-Repo", "Sub variable Env"}},
		{"IAM Condition block", "Properties: {Statement: [{Effect: Allow, Condition: {StringEquals: {a: !Ref AWS::AccountId}}}]}", []string{"Ref AWS::AccountId"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := parse(t, c.entry)
			if got := references(root); !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestReplaceAndRemove: a reference rewritten in place takes the form its
// new name needs; DependsOn items go, and the attribute with the last.
func TestReplaceAndRemove(t *testing.T) {
	root := parse(t, `DependsOn: [Local, Far]
Properties:
  A: !Ref Far
  B: !GetAtt Far.Arn
  C: !Sub "${Far}/${Far.Arn}/${Local}"
  D: !Ref AWS::Region`)
	to := map[string]string{"Far": "FarParam", "Far.Arn": "FarStack.Outputs.FarArn"}
	Walk(root, func(r Reference) {
		switch {
		case r.Kind == DependsOn && r.Name == "Far":
			r.Remove()
		case r.Kind != DependsOn && to[r.Target()] != "":
			r.Replace(to[r.Target()])
		}
	})
	ShortFormAll(root)
	out, _ := yaml.Marshal(root)
	want := "DependsOn: [Local]\nProperties:\n    A: !Ref FarParam\n    B: !GetAtt [FarStack, Outputs.FarArn]\n    C: !Sub \"${FarParam}/${FarStack.Outputs.FarArn}/${Local}\"\n    D: !Ref AWS::Region\n"
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	Walk(root, func(r Reference) {
		if r.Kind == DependsOn {
			r.Remove()
		}
	})
	if value(root, "DependsOn") != nil {
		t.Error("DependsOn with no item left is kept")
	}
}

// TestInline: a Ref and a Sub variable become the text they stand for, a
// "${" in it Fn::Sub's literal; a GetAtt, and a Sub's own variable, stay.
func TestInline(t *testing.T) {
	root := parse(t, `Properties:
  A: !Ref Tag
  B: !Sub "repo/app:${Tag}-${Other}"
  C: !GetAtt Tag.Arn
  D: !Sub ["${Tag}", {Tag: own}]
  E: !Sub "${Odd}"`)
	Walk(root, func(r Reference) {
		switch r.Name {
		case "Tag":
			r.Inline("1.0.1")
		case "Odd":
			r.Inline("a${b}")
		}
	})
	ShortFormAll(root)
	out, _ := yaml.Marshal(root)
	want := "Properties:\n    A: 1.0.1\n    B: !Sub \"repo/app:1.0.1-${Other}\"\n    C: !GetAtt [Tag, Arn]\n    D: !Sub\n        - \"${Tag}\"\n        - {Tag: own}\n    E: !Sub \"a${!b}\"\n"
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// TestDefaults: the parameters with a Default, in the template's order,
// each with it; a parameter without one is left out.
func TestDefaults(t *testing.T) {
	root := parse(t, `Parameters:
  WebAppImageTag: {Type: String, Default: "1.0"}
  Given: {Type: String}
  AvailabilityZone1: {Type: AWS::EC2::AvailabilityZone::Name, Default: eu-west-1a}
Resources: {}`)
	want := []Default{{"WebAppImageTag", "1.0"}, {"AvailabilityZone1", "eu-west-1a"}}
	if got := Defaults(root); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := Defaults(parse(t, "Resources: {}")); got != nil {
		t.Errorf("a template without Parameters: %v", got)
	}
}

// ShortFormAll writes every function below n in short form, innermost first.
func ShortFormAll(n *yaml.Node) {
	for _, c := range n.Content {
		ShortFormAll(c)
	}
	ShortForm(n)
}

// TestCycle: a cycle through Ref, GetAtt, Sub and DependsOn is found and
// named; Fn::Sub's own variables name nothing (the regression of an override
// Fn::Sub ["${Cluster}-x", {Cluster: abc}] on the resource Cluster, which
// was refused as "Cluster -> Cluster").
func TestCycle(t *testing.T) {
	for _, c := range []struct{ name, template, want string }{
		{"through every kind", `Resources:
  A: {Type: T, Properties: {X: !Ref B}}
  B: {Type: T, Properties: {X: !Sub "${C.Arn}-${AWS::Region}"}}
  C: {Type: T, DependsOn: [A], Properties: {X: !Ref P}}
  D: {Type: T, Properties: {X: !GetAtt A.Arn}}`, "A -> B -> C -> A"},
		{"none", `Resources:
  A: {Type: T, Properties: {X: !Ref B}}
  B: {Type: T, Properties: {X: !Sub "${C.Arn}"}}
  C: {Type: T}`, ""},
		{"own Sub variable named like the resource", `Resources:
  Cluster: {Type: T, Properties: {Tags: [{Key: a, Value: !Sub ["${Cluster}-x", {Cluster: abc}]}]}}`, ""},
		{"a Sub variable of itself", `Resources:
  Cluster: {Type: T, Properties: {Name: !Sub "${Cluster}-x"}}`, "Cluster -> Cluster"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(Cycle(parse(t, c.template)), " -> "); got != c.want {
				t.Errorf("cycle %q, want %q", got, c.want)
			}
		})
	}
}

// TestUnresolved: each kind of reference resolves where CloudFormation
// resolves it, and is reported where it does not.
func TestUnresolved(t *testing.T) {
	root := parse(t, `Parameters:
  P: {Type: String}
Conditions:
  IsProd: !Equals [!Ref P, prod]
  Broken: !Equals [!Ref Nope, x]
Resources:
  A:
    Type: T
    Condition: IsProd
    DependsOn: [B, Gone]
    Properties:
      Ok: [!Ref P, !Ref B, !GetAtt B.Arn, !Sub "${P}-${B}-${B.Arn}-${AWS::Region}-${Own}", !ImportValue x]
      Own: !Sub ["${Own}", {Own: !Ref P}]
      Bad: [!Ref Q, !GetAtt P.Arn, !Sub "${Q}-${P.Arn}", !If [Missing, a, b]]
  B: {Type: T}
Outputs:
  O: {Value: !Ref Gone2, Condition: IsProd}`)
	var got []string
	for _, b := range Unresolved(root) {
		got = append(got, b.String())
	}
	want := []string{
		"condition Broken: Ref Nope names nothing in the template",
		"resource A: DependsOn Gone names nothing in the template",
		"resource A: Sub variable Own names nothing in the template",
		"resource A: Ref Q names nothing in the template",
		"resource A: GetAtt P.Arn names nothing in the template",
		"resource A: Sub variable Q names nothing in the template",
		"resource A: Sub variable P.Arn names nothing in the template",
		"resource A: Condition Missing names nothing in the template",
		"output O: Ref Gone2 names nothing in the template",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckIsBoth: Check's one walk finds what Unresolved and Cycle find
// apart, on templates with broken references, a cycle, both and neither.
func TestCheckIsBoth(t *testing.T) {
	for _, template := range []string{
		`Resources:
  A: {Type: T, Properties: {X: !Ref B, Y: !Ref Gone}}
  B: {Type: T, DependsOn: [A, Missing]}
Outputs:
  O: {Value: !GetAtt Nope.Arn}`,
		`Parameters:
  P: {Type: String}
Conditions:
  C: !Equals [!Ref P, x]
Resources:
  A: {Type: T, Condition: C, Properties: {X: !Sub "${B.Arn}-${P}"}}
  B: {Type: T}`,
		`Conditions:
  Broken: !Equals [!Ref Nope, x]
Resources:
  A: {Type: T, Properties: {X: !GetAtt C.Arn, Y: !Ref A}}
  C: {Type: T, Properties: {X: !Ref A}}`,
		`Outputs:
  O: {Value: x}`,
	} {
		root := parse(t, template)
		broken, cycle := Check(root)
		if got, want := fmt.Sprint(broken), fmt.Sprint(Unresolved(root)); got != want {
			t.Errorf("%s\nCheck found %s, Unresolved %s", template, got, want)
		}
		if want := Cycle(root); !slices.Equal(cycle, want) {
			t.Errorf("%s\nCheck found the cycle %v, Cycle %v", template, cycle, want)
		}
	}
}

// TestForms: the short form written by ShortForm reads back by LongForm as
// the same tree.
func TestForms(t *testing.T) {
	text := "A: !Ref X\nB: !GetAtt X.Y\nC: !Sub [\"${a}\", {a: !Ref Z}]\nD: !Select [0, !GetAZs \"\"]\nE: !If [C, !Condition D, !ImportValue e]\n"
	root := parse(t, text)
	ShortFormAll(root)
	out, err := yaml.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	again := parse(t, string(out))
	ShortFormAll(again)
	out2, _ := yaml.Marshal(again)
	if string(out) != string(out2) {
		t.Errorf("round trip differs:\n%s\n%s", out, out2)
	}
	if !strings.Contains(string(out), "B: !GetAtt [X, Y]") || !strings.Contains(string(out), "D: !Select [0, !GetAZs \"\"]") {
		t.Errorf("short form:\n%s", out)
	}
}

// TestSubVariablesAsTheExpression checks the scanner of Fn::Sub variables
// against the regular expression it replaces, on random templates of the
// characters that decide it.
func TestSubVariablesAsTheExpression(t *testing.T) {
	expression := regexp.MustCompile(`\$\{[^!}][^}]*\}`)
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "${", "${}", "${!x}", "${a}", "x${a}y${b.c}z", "${a${b}}", "$${a}", "${\n}", "${a", "é${ü}"}
	for range 100000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = "${}!a.\n"[r.IntN(7)]
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		var got []string
		for _, sp := range subVariables(text) {
			got = append(got, text[sp[0]:sp[1]])
		}
		if want := expression.FindAllString(text, -1); !slices.Equal(got, want) {
			t.Fatalf("%q: scanner %q, expression %q", text, got, want)
		}
	}
}

// TestLongFormKey: a short-form tag names its long form's key; YAML's own
// tags and no tag are not intrinsics.
func TestLongFormKey(t *testing.T) {
	for tag, want := range map[string]string{
		"!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub",
		"!!str": "", "!!map": "", "": "", "Ref": "",
	} {
		key, ok := LongFormKey(tag)
		if key != want || ok != (want != "") {
			t.Errorf("LongFormKey(%q) = %q, %v; want %q", tag, key, ok, want)
		}
	}
}
