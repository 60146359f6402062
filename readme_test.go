package ecsgate_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/golden"
)

// TestREADMEQuotas keeps the README's quota table the table gen checks
// against (go test ./... -update rewrites it).
func TestREADMEQuotas(t *testing.T) {
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
	readmeTable(t, "| key | limit | default | raise in `quotas` | source |\n|---|---|---|---|---|\n", "<!-- /quotas -->", rows.String())
}

// TestREADMEInventory keeps the README's inventory table blueprint.Inventory
// (go test ./... -update rewrites it).
func TestREADMEInventory(t *testing.T) {
	var rows strings.Builder
	for _, f := range blueprint.Inventory {
		fmt.Fprintf(&rows, "| `%s` | %s | %s | %s |\n", f.Path, f.Handling, cell(f.Lands), cell(f.Rule))
	}
	readmeTable(t, "| field | how | lands in | rule |\n|---|---|---|---|\n", "<!-- /inventory -->", rows.String())
	data, err := os.ReadFile("README.md")
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
			t.Errorf("README.md should say %q", claim)
		}
	}
}

// cell escapes what Markdown would read in a table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "*", "\\*", "_", "\\_", "<", "&lt;", "$", "\\$").Replace(s)
}

// readmeTable checks (or with -update rewrites) the rows of the README
// table that starts with header and ends before the line end.
func readmeTable(t *testing.T, header, end, rows string) {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, header)
	j := strings.Index(text[max(i, 0):], end) + max(i, 0)
	if i < 0 || j < i {
		t.Fatalf("README.md has no table %q", strings.SplitN(header, "\n", 2)[0])
	}
	want := text[:i+len(header)] + rows + text[j:]
	if *golden.Update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != text {
		t.Errorf("the README's table %q differs from the code (go test ./... -update rewrites it)", strings.SplitN(header, "\n", 2)[0])
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

// TestREADMEDiagram: the diagram the README shows is the golden one.
func TestREADMEDiagram(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	diagram, err := os.ReadFile("golden/private-api-alb/diagram.mmd")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, append([]byte("```mermaid\n"), diagram...)) {
		t.Error("README's diagram is not golden/private-api-alb/diagram.mmd (copy it over)")
	}
}

// TestREADMEBlueprints: every complete Blueprint the README shows (a yaml
// block that begins with name:) is valid, environments included.
func TestREADMEBlueprints(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(name: .*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("the README shows no Blueprint")
	}
	for i, m := range blocks {
		if _, err := blueprint.Read(fmt.Sprintf("README block %d", i+1), m[1]); err != nil {
			t.Errorf("%v", err)
		}
	}
}
