package ecsgate_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/controls"
)

// TestStrictGoldensMeetEveryControl: every template of an example written
// under security: strict meets every AWS Control Tower proactive control
// but the listed exceptions (controls.TestSameFindingsAsCfnGuard checks
// that cfn-guard with AWS's rules finds the same on every golden).
func TestStrictGoldensMeetEveryControl(t *testing.T) {
	strict := 0
	for _, dir := range goldenDirs(t) {
		if !strings.HasPrefix(filepath.Base(dir), "strict-") {
			continue
		}
		strict++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if b.Security != "strict" {
				t.Fatalf("security is %q", b.Security)
			}
			files, err := ecsgate.Render(b)
			if err != nil {
				t.Fatal(err)
			}
			findings, err := ecsgate.UnmetControls(files)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				if f.Exception == "" {
					t.Errorf("%s: not an exception: %s", f.File, f)
				}
			}
		})
	}
	if strict < 3 {
		t.Errorf("%d strict examples, want one per architecture (private API, public ALB, pipeline)", strict)
	}
}

// TestUnmetControlsAreTheChoices: under security: standard what a template
// does not meet is the Blueprint's choice, each with the setting that
// meets it, and the exceptions.
func TestUnmetControlsAreTheChoices(t *testing.T) {
	files, err := ecsgate.RenderFile("golden/private-api-alb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	findings, err := ecsgate.UnmetControls(files)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range findings {
		got[f.Control] = true
		c := controls.Lookup(f.Control)
		if f.Exception == "" && strings.HasPrefix(c.Setting, "always") {
			t.Errorf("%s is met by every template, yet %s breaks it: %s", f.Control, f.Resource, f.Why)
		}
	}
	for _, want := range []string{"CT.CLOUDWATCH.PR.2", "CT.CLOUDWATCH.PR.3", "CT.ECS.PR.3", "CT.ECS.PR.6", "CT.ELASTICLOADBALANCING.PR.5", "CT.ELASTICLOADBALANCING.PR.6", "CT.APIGATEWAY.PR.1", "CT.APIGATEWAY.PR.2", "CT.CLOUDFRONT.PR.5"} {
		if !got[want] {
			t.Errorf("%s is not reported under security: standard", want)
		}
	}
}

// TestControlsReadTheTreeAsTheText: UnmetControls reads the nodes a
// template was written from; for every golden (and its environments) that
// gives exactly the findings of parsing the written text, as cfn-guard
// does.
func TestControlsReadTheTreeAsTheText(t *testing.T) {
	compared := 0
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			done, err := ecsgate.RenderEach(b, append([]string{""}, b.EnvironmentNames()...))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range done {
				fromTree, err := ecsgate.UnmetControls(r.Files)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				data := map[string][]byte{}
				for _, f := range r.Files {
					if f.IsTemplate() {
						names = append(names, f.Name)
						data[f.Name] = f.Data
					}
				}
				fromText, err := controls.CheckFiles(names, data)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := fmt.Sprint(fromTree), fmt.Sprint(fromText); got != want {
					t.Errorf("env %q: from the nodes:\n%s\nfrom the text:\n%s", r.Env, got, want)
				}
				compared += len(fromText)
			}
		})
	}
	if compared < 100 {
		t.Errorf("only %d findings compared: the goldens should give hundreds", compared)
	}
}
