package ecsgate_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/golden"
)

// TestREADMEQuotas keeps the README's quota table the table gen checks
// against (go test ./... -update rewrites it).
func TestREADMEQuotas(t *testing.T) {
	const begin, end = "| key | limit | default | raise in `quotas` | source |\n|---|---|---|---|---|\n", "<!-- /quotas -->"
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatal("README.md has no quota table")
	}
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
	want := text[:i+len(begin)] + rows.String() + text[j:]
	if *golden.Update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != text {
		t.Error("the README's quota table differs from blueprint.Quotas (go test ./... -update rewrites it)")
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
