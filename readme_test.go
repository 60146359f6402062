package ecsgate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/controls"
	"github.com/ecsgate/ecsgate/internal/golden"
)

// TestDocsQuotas keeps the quota table of docs/limits.md the table gen
// checks against (go test ./... -update rewrites it).
func TestDocsQuotas(t *testing.T) {
	var rows strings.Builder
	for _, q := range blueprint.Quotas {
		raise := "no"
		if q.Adjustable {
			raise = "yes"
			if q.Max > 0 {
				raise += fmt.Sprintf(", to %s at most", group(q.Max))
			}
		}
		fmt.Fprintf(&rows, "| `%s` | %s %s | %s | %s | [AWS](%s) |\n", q.Key, q.Unit, q.Per, group(q.Default), raise, q.Source)
	}
	docTable(t, "docs/limits.md", "| key | limit | default | raise in `quotas` | source |\n|---|---|---|---|---|\n", "<!-- /quotas -->", rows.String())
}

// TestDocsInventory keeps the inventory table of docs/security.md
// blueprint.Inventory (go test ./... -update rewrites it), and its counts.
func TestDocsInventory(t *testing.T) {
	var rows strings.Builder
	for _, f := range blueprint.Inventory {
		fmt.Fprintf(&rows, "| `%s` | %s | %s | %s |\n", f.Path, f.Handling, cell(f.Lands), cell(f.Rule))
	}
	docTable(t, inventoryDoc, "| field | how | lands in | rule |\n|---|---|---|---|\n", "<!-- /inventory -->", rows.String())
	data, err := os.ReadFile(inventoryDoc)
	if err != nil {
		t.Fatal(err)
	}
	n := len(blueprint.Inventory)
	numbers := map[string]bool{}
	for _, f := range blueprint.FieldPaths() {
		numbers[f.Path] = f.Number
	}
	corpus := 0
	for _, f := range blueprint.Inventory {
		corpus += len(hostileFor(rand.New(rand.NewPCG(1, 1)), numbers[f.Path]))
	}
	for _, claim := range []string{
		fmt.Sprintf("Each of the %d strings and numbers", n),
		fmt.Sprintf("The inventory (%d fields)", n),
		fmt.Sprintf("(%s in all)", group(corpus)),
	} {
		if !strings.Contains(string(data), claim) {
			t.Errorf("%s should say %q", inventoryDoc, claim)
		}
	}
}

// TestDocsOtherNames keeps the table of other tools' field names in
// docs/blueprint.md equal to the ones gen knows.
func TestDocsOtherNames(t *testing.T) {
	var rows strings.Builder
	for _, o := range blueprint.OtherNames() {
		fmt.Fprintf(&rows, "| `%s` | %s |\n", o.Path, cell(o.Fix))
	}
	docTable(t, "docs/blueprint.md", "| written | gen's fix says, for a value written VALUE |\n|---|---|\n", "<!-- /other-names -->", rows.String())
}

// cell escapes what Markdown would read in a table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "*", "\\*", "_", "\\_", "<", "&lt;", "$", "\\$").Replace(s)
}

// inventoryDoc is the page that lists every value a Blueprint holds.
const inventoryDoc = "docs/security.md"

// docTable checks (or with -update rewrites) the rows of the table in file
// that starts with header and ends before the line end.
func docTable(t *testing.T, file, header, end, rows string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, header)
	j := strings.Index(text[max(i, 0):], end) + max(i, 0)
	if i < 0 || j < i {
		t.Fatalf("%s has no table %q", file, strings.SplitN(header, "\n", 2)[0])
	}
	want := text[:i+len(header)] + rows + text[j:]
	if *golden.Update {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != text {
		t.Errorf("the table %q of %s differs from the code (go test ./... -update rewrites it)", strings.SplitN(header, "\n", 2)[0], file)
	}
}

// group writes n with thousands separators.
func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestDocsDiagram: the diagram docs/diagram.md shows is the golden one.
func TestDocsDiagram(t *testing.T) {
	page, err := os.ReadFile("docs/diagram.md")
	if err != nil {
		t.Fatal(err)
	}
	diagram, err := os.ReadFile("golden/private-api-alb/diagram.mmd")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, append([]byte("```mermaid\n"), diagram...)) {
		t.Error("docs/diagram.md's diagram is not golden/private-api-alb/diagram.mmd (copy it over)")
	}
}

// userDocs are the pages written for users: the README and docs/.
func userDocs(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob("docs/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no docs/*.md: %v", err)
	}
	return append([]string{"README.md"}, pages...)
}

// TestREADMEIsAFrontPage: the README stays short; the rest is in docs/.
func TestREADMEIsAFrontPage(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n > 300 {
		t.Errorf("README.md has %d lines; keep it at 300 at most and move topics to docs/", n)
	}
	if !strings.HasPrefix(string(data), "# ecsgate\n\n```sh\ngo run ./cmd/gen ") {
		t.Error("README.md must start with the two commands: a go run ./cmd/gen render of an example, and the tests")
	}
}

// TestDocsBlueprints: every complete Blueprint the README and docs/ show (a
// yaml block with a top-level name:) is valid, environments included.
func TestDocsBlueprints(t *testing.T) {
	seen := 0
	for _, b := range docsYAML(t) {
		if !regexp.MustCompile(`(?m)^name: `).MatchString(b.text) {
			continue // a fragment
		}
		seen++
		if _, err := blueprint.Read(b.name, []byte(b.text)); err != nil {
			t.Errorf("%v", err)
		}
	}
	if seen < 3 {
		t.Errorf("the docs show %d complete Blueprints; the README's first deploy, the environments and the YAML pages each show one", seen)
	}
}

// docBlock is a yaml block of the README or docs/, named by its page and
// its place among the page's yaml blocks.
type docBlock struct{ name, text string }

// docsYAML are the yaml blocks of the README and docs/.
func docsYAML(t *testing.T) []docBlock {
	var blocks []docBlock
	for _, page := range userDocs(t) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, block := range codeBlocks(string(data), "yaml") {
			blocks = append(blocks, docBlock{fmt.Sprintf("%s block %d", page, i+1), block})
		}
	}
	return blocks
}

// codeBlocks returns the fenced code blocks of a Markdown text in language
// lang.
func codeBlocks(text, lang string) []string {
	var blocks []string
	for _, m := range regexp.MustCompile("(?ms)^```"+lang+"\n(.*?)^```").FindAllStringSubmatch(text, -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// TestDocsLinks: every relative link of the README and docs/ names a file
// of the repository, and every #fragment a heading of its page (as GitHub
// makes anchors of headings).
func TestDocsLinks(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	anchors := map[string]map[string]bool{}
	anchorsOf := func(page string) map[string]bool {
		if a, ok := anchors[page]; ok {
			return a
		}
		data, err := os.ReadFile(page)
		if err != nil {
			return nil
		}
		a := map[string]bool{}
		for _, h := range headings(string(data)) {
			a[githubAnchor(h)] = true
		}
		anchors[page] = a
		return a
	}
	checked := 0
	for _, page := range userDocs(t) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		text := regexp.MustCompile("(?ms)^```.*?^```").ReplaceAllString(string(data), "")
		for _, m := range link.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			checked++
			file, fragment, _ := strings.Cut(target, "#")
			if file == "" {
				file = page
			} else {
				file = filepath.Join(filepath.Dir(page), filepath.FromSlash(file))
			}
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: link %s: no file %s", page, target, file)
				continue
			}
			if fragment != "" && !anchorsOf(file)[fragment] {
				t.Errorf("%s: link %s: %s has no heading #%s", page, target, file, fragment)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d links checked", checked)
	}
}

// headings returns the headings of a Markdown text, outside code blocks.
func headings(text string) []string {
	text = regexp.MustCompile("(?ms)^```.*?^```").ReplaceAllString(text, "")
	var list []string
	for _, m := range regexp.MustCompile(`(?m)^#{1,6} (.+)$`).FindAllStringSubmatch(text, -1) {
		list = append(list, m[1])
	}
	return list
}

// githubAnchor is the anchor GitHub gives a heading: lower case, spaces to
// hyphens, punctuation other than hyphens and underscores dropped.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestGitHubAnchor pins the anchor rule on headings the docs link to.
func TestGitHubAnchor(t *testing.T) {
	for heading, want := range map[string]string{
		"A first deploy": "a-first-deploy",
		"API Gateway in front of a public ALB (`api.backend: alb-public`)": "api-gateway-in-front-of-a-public-alb-apibackend-alb-public",
		"Environments: one Blueprint for dev, staging and prod":            "environments-one-blueprint-for-dev-staging-and-prod",
		"ingress.alb": "ingressalb",
	} {
		if got := githubAnchor(heading); got != want {
			t.Errorf("%q: %q, want %q", heading, got, want)
		}
	}
}

// TestDocsNameArchitectures: the pages and the examples name architectures by
// what they are, never by the number of a document they came from.
func TestDocsNameArchitectures(t *testing.T) {
	numbered := regexp.MustCompile(`(?i)\bseeds?\b[ ']*(0\d\d|'s)|\bthe seeds\b|\barchitecture [A-Z]\b`)
	files := userDocs(t)
	examples, _ := filepath.Glob("golden/*/blueprint.yaml")
	files = append(append(files, examples...), "schema/blueprint.schema.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := numbered.FindString(line); m != "" {
				t.Errorf("%s:%d: %q names a document, not the architecture: %s", f, i+1, m, strings.TrimSpace(line))
			}
		}
	}
}

// TestREADMEExamples keeps the README's table of examples what gen examples
// lists (go test ./... -update rewrites it).
func TestREADMEExamples(t *testing.T) {
	var rows strings.Builder
	for _, e := range ecsgate.ExampleList() {
		fmt.Fprintf(&rows, "| `%s` | %s |\n", e.Name, cell(e.Description))
	}
	docTable(t, "README.md", "| example | what it builds |\n|---|---|\n", "<!-- /examples -->", rows.String())
}

// TestDocsControls keeps the controls tables of docs/security.md (every
// control, and the exceptions on single resources) and of README.md (the
// controls a Blueprint chooses) controls.Table (go test ./... -update
// rewrites them).
func TestDocsControls(t *testing.T) {
	var all, choices strings.Builder
	always := 0
	for _, c := range controls.Table {
		met := c.Setting
		if c.Exception != "" {
			met = "never: " + c.Exception
		}
		fmt.Fprintf(&all, "| %s | %s | %s | %s | %s |\n", c.ID, strings.Join(c.SecurityHub, ", "), cell(c.Asks), cell(met), cell(c.Cost))
		switch {
		case c.Exception != "":
		case strings.HasPrefix(c.Setting, "always"):
			always++
		default:
			fmt.Fprintf(&choices, "| %s | %s | %s | %s | %s |\n", c.ID, strings.Join(c.SecurityHub, ", "), cell(c.Asks), cell(c.Setting), cell(c.Cost))
		}
	}
	docTable(t, "docs/security.md", "| Control Tower | Security Hub | asks | met by | cost |\n|---|---|---|---|---|\n", "<!-- /controls -->", all.String())
	var exceptions strings.Builder
	for _, e := range controls.Exceptions {
		fmt.Fprintf(&exceptions, "| %s | `%s` | %s |\n", e.Control, e.Resource, cell(e.Reason))
	}
	docTable(t, "docs/security.md", "| control | resource | why it cannot be met |\n|---|---|---|\n", "<!-- /exceptions -->", exceptions.String())
	docTable(t, "README.md", "| Control Tower | Security Hub | asks | met by | cost |\n|---|---|---|---|---|\n", "<!-- /control-choices -->", choices.String())
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	claim := fmt.Sprintf("%d of the %d controls that can apply", always, len(controls.Table))
	if !strings.Contains(string(data), claim) {
		t.Errorf("README.md should say %q", claim)
	}
}

// TestDocsFragments: every part of a Blueprint the README and docs/ show (a
// yaml block without a top-level name:) names fields the Blueprint has, with
// values of their types, as the schema says; the fields a complete
// Blueprint requires beside them are left out of the check. A fragment of a
// container's fields is checked where it belongs, in a service's container.
func TestDocsFragments(t *testing.T) {
	s := fragmentSchema(t)
	nested := map[string]func(any) any{
		"environment": func(v any) any {
			return map[string]any{"services": []any{map[string]any{"containers": []any{v}}}}
		},
	}
	seen := 0
	for _, b := range docsYAML(t) {
		var v map[string]any
		if err := yaml.Unmarshal([]byte(b.text), &v); err != nil {
			t.Errorf("%s: %v", b.name, err)
			continue
		}
		if v == nil || v["name"] != nil {
			continue // a comment, or a complete Blueprint (TestDocsBlueprints)
		}
		seen++
		var doc any = v
		for key, wrap := range nested {
			if _, ok := v[key]; ok && len(v) == 1 {
				doc = wrap(v)
			}
		}
		if err := s.Validate(jsonValue(t, doc)); err != nil {
			t.Errorf("%s:\n%s\n%v", b.name, b.text, err)
		}
	}
	if seen < 10 {
		t.Errorf("the docs show %d parts of Blueprints; they show more than 10", seen)
	}
}

// fragmentSchema compiles the committed schema without its required fields.
// The schema has no conditions (if, not, oneOf), so dropping required
// leaves every other rule as it is.
func fragmentSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	var drop func(any)
	drop = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["required"].([]any); ok {
				delete(v, "required") // the keyword; a property named required is an object
			}
			for _, e := range v {
				drop(e)
			}
		case []any:
			for _, e := range v {
				drop(e)
			}
		}
	}
	return compileSchemaAs(t, drop)
}

// jsonValue is a YAML value as the JSON value the schema validates.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOverridesPageWebACLRule: the overrides page's rule of one's own on
// gen's web ACL applies to the WAF example as shown: its IP set and rule
// are in the template, and the reference check passes (every Ref and
// GetAtt resolves).
func TestOverridesPageWebACLRule(t *testing.T) {
	template := renderWithPageOverrides(t, "docs/overrides.md", "golden/api-waf/blueprint.yaml", func(path string) bool {
		return strings.HasPrefix(path, "/Resources/OfficeIpSet") || strings.HasPrefix(path, "/Resources/WebAcl/")
	}, 2)
	for _, want := range []string{"OfficeIpSet:\n    Type: AWS::WAFv2::IPSet", "Name: OnlyFromTheOffice", "Arn: !GetAtt [OfficeIpSet, Arn]"} {
		if !strings.Contains(template, want) {
			t.Errorf("no %q in the template", want)
		}
	}
}

// TestOverridesPageSchedule: the overrides page's scaling on a schedule
// applies to an example whose service web scales on load: its scalable
// target has the scheduled action.
func TestOverridesPageSchedule(t *testing.T) {
	template := renderWithPageOverrides(t, "docs/overrides.md", "golden/canary-public-alb/blueprint.yaml", func(path string) bool {
		return strings.HasPrefix(path, "/Resources/WebScalableTarget/")
	}, 1)
	for _, want := range []string{"      ScheduledActions:\n        - ScalableTargetAction:\n            MinCapacity: 4\n          Schedule: cron(0 8 * * ? *)\n          ScheduledActionName: business-hours\n"} {
		if !strings.Contains(template, want) {
			t.Errorf("no %q in the template", want)
		}
	}
}

// TestPipelinePageApproval: the pipeline page's manual approval applies to
// the pipeline example: an Approval stage between Build and Deploy.
func TestPipelinePageApproval(t *testing.T) {
	pipeline := renderFileWithPageOverrides(t, "docs/pipeline.md", "golden/private-api-pipeline/blueprint.yaml", ecsgate.PipelineFile, func(string) bool { return true }, 1)
	build, approve, deploy := strings.Index(pipeline, "          Name: Build\n"), strings.Index(pipeline, "          Name: Approve\n"), strings.Index(pipeline, "          Name: Deploy\n")
	if build < 0 || approve < build || deploy < approve || !strings.Contains(pipeline, "Category: Approval") {
		t.Errorf("no Approval stage between Build and Deploy:\n%s", pipeline)
	}
}

// TestAPIPageAuthOverride: the API page's override, applied to the
// private-api example its commands use, lets the route's app client take
// the administrator's sign-in beside SRP, and the stack outputs and the
// route those commands name are the template's.
func TestAPIPageAuthOverride(t *testing.T) {
	template := renderWithPageOverrides(t, "docs/api.md", "golden/private-api/blueprint.yaml", func(string) bool { return true }, 1)
	for _, want := range []string{
		"  UsersUserPoolClient:\n    Type: AWS::Cognito::UserPoolClient\n    Properties:\n      ClientName: users-api\n      EnableTokenRevocation: true\n      ExplicitAuthFlows:\n        - ALLOW_USER_SRP_AUTH\n        - ALLOW_REFRESH_TOKEN_AUTH\n        - ALLOW_ADMIN_USER_PASSWORD_AUTH\n",
		"\n  UsersUserPoolId:\n", "\n  UsersUserPoolClientId:\n", "\n  ApiUrl:\n",
		"\n          /test:\n            post:\n",
	} {
		if !strings.Contains(template, want) {
			t.Errorf("no %q in the template", want)
		}
	}
}

// renderWithPageOverrides renders an example with the overrides of a docs
// page's first YAML block that keep takes (by path), which must be want of
// them, and returns the template.
func renderWithPageOverrides(t *testing.T, page, example string, keep func(path string) bool, want int) string {
	t.Helper()
	return renderFileWithPageOverrides(t, page, example, ecsgate.TemplateFile, keep, want)
}

// renderFileWithPageOverrides is renderWithPageOverrides for the rendered
// file of that name (pipeline.yaml, say).
func renderFileWithPageOverrides(t *testing.T, page, example, file string, keep func(path string) bool, want int) string {
	t.Helper()
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	var blocks struct {
		Overrides []map[string]any `yaml:"overrides"`
	}
	if err := yaml.Unmarshal([]byte(codeBlocks(string(data), "yaml")[0]), &blocks); err != nil {
		t.Fatal(err)
	}
	var ops []map[string]any
	for _, op := range blocks.Overrides {
		if path, _ := op["path"].(string); keep(path) {
			ops = append(ops, op)
		}
	}
	if len(ops) != want {
		t.Fatalf("%s's first block has %d of the operations, want %d", page, len(ops), want)
	}
	patch, err := yaml.Marshal(map[string]any{"overrides": ops})
	if err != nil {
		t.Fatal(err)
	}
	bp, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	b, err := blueprint.Read("bp.yaml", append(bp, patch...))
	if err != nil {
		t.Fatal(err)
	}
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := ecsgate.FileNamed(files, file)
	if !ok {
		t.Fatalf("no %s", file)
	}
	return string(f.Data)
}
