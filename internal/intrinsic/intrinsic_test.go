package intrinsic

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
)

// TestExpandOnlyWhatItWrote: a string in goformation's encoding of a function
// is text unless this package's helpers wrote it; what they wrote expands,
// functions inside functions included.
func TestExpandOnlyWhatItWrote(t *testing.T) {
	for _, text := range []string{
		cloudformation.Ref("AWS::Region"), // what a user can write: eyJSZWYiOiJBV1M6OlJlZ2lvbiJ9 and the like
		base64.StdEncoding.EncodeToString([]byte(`{"Ref":"AWS::Region"}`)),
		cloudformation.GetAtt("Db", "Endpoint.Address"),
		cloudformation.ImportValue("other-stack-Secret"),
		prefix + "00000000000000000000000000000000~" + cloudformation.Ref("X"), // a guessed key
		"plain text", "",
	} {
		if v, ok := Expand(text); ok {
			t.Errorf("Expand(%q) = %v: text became a function", text, v)
		}
		if Is(text) {
			t.Errorf("Is(%q) is true", text)
		}
		if Encoded(text) != text {
			t.Errorf("Encoded(%q) changed text", text)
		}
	}
	cases := []struct {
		in   string
		want any
	}{
		{Ref("Vpc"), map[string]any{"Ref": "Vpc"}},
		{GetAtt("Alb", "DNSName"), map[string]any{"Fn::GetAtt": []any{"Alb", "DNSName"}}},
		{Sub("${AWS::StackName}-x"), map[string]any{"Fn::Sub": "${AWS::StackName}-x"}},
		{ImportValue("shared-RepoArn"), map[string]any{"Fn::ImportValue": "shared-RepoArn"}},
		{Join(",", []string{Ref("A"), "b"}), map[string]any{"Fn::Join": []any{",", []any{Ref("A"), "b"}}}},
		{Select(1, GetAZs("")), map[string]any{"Fn::Select": []any{float64(1), GetAZs("")}}},
	}
	for _, c := range cases {
		got, ok := Expand(c.in)
		if !ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Expand(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
		if Encoded(c.in) == c.in || Is(Encoded(c.in)) {
			t.Errorf("Encoded(%q) kept the mark", c.in)
		}
	}
}

// TestRememberedAsDecoded checks what Expand remembers of the commonest
// helpers against what it decodes of goformation's encoding of them.
func TestRememberedAsDecoded(t *testing.T) {
	for _, name := range []string{"Cluster", "AWS::Region", `a "quoted" \\ name`, "${AWS::StackName}-x", "日本語", "<tag>&amp;", ""} {
		for _, s := range []string{Ref(name), GetAtt(name, "Arn"), Sub(name)} {
			remembered, ok := written.Load(s)
			if !ok {
				t.Fatalf("%q: not remembered", s)
			}
			decoded, ok := decode(strings.TrimPrefix(s, mark()))
			if !ok {
				t.Fatalf("%q: goformation's encoding does not decode", s)
			}
			if !reflect.DeepEqual(remembered, decoded) {
				t.Errorf("%q: remembered %#v, decoded %#v", name, remembered, decoded)
			}
			if got, _ := Expand(s); !reflect.DeepEqual(got, decoded) {
				t.Errorf("%q: Expand gives %#v, want %#v", name, got, decoded)
			}
		}
	}
}

// TestHelpersRememberTheirResults checks that a helper asked again returns
// the same function, written as goformation writes it, and that different
// arguments never share a result.
func TestHelpersRememberTheirResults(t *testing.T) {
	cases := []struct {
		got, again, want string
	}{
		{Ref("Cluster"), Ref("Cluster"), cloudformation.Ref("Cluster")},
		{GetAtt("Role", "Arn"), GetAtt("Role", "Arn"), cloudformation.GetAtt("Role", "Arn")},
		{GetAtt("Role", "Arn.X"), GetAtt("Role", "Arn.X"), cloudformation.GetAtt("Role", "Arn.X")},
		{Sub("${AWS::StackName}-x"), Sub("${AWS::StackName}-x"), cloudformation.Sub("${AWS::StackName}-x")},
		{Ref("Arn"), Ref("Arn"), cloudformation.Ref("Arn")},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if c.got != c.again || c.got != mark()+c.want {
			t.Errorf("got %q then %q, want %q", c.got, c.again, mark()+c.want)
		}
		if seen[c.got] {
			t.Errorf("%q returned for two different calls", c.got)
		}
		seen[c.got] = true
	}
}
