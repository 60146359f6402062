package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBinaryLinksOnlyTheResourcesItWrites builds gen and checks that the
// linker left out goformation's table of every resource type. Reading a
// template by reflection through anything that keeps Resources' or Globals'
// UnmarshalJSON (a *cloudformation.Template in an interface, maps.Keys of a
// cloudformation.Resources) links that table and every type in it: gen's
// machine code went from 9 MB to 25 MB, and the runtime's work over it
// before main made gen version 6% slower against the start-up floor.
func TestBinaryLinksOnlyTheResourcesItWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gen")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "gen")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	symbols, err := exec.Command(goTool, "tool", "nm", bin).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	const unwanted = "github.com/awslabs/goformation/v7/cloudformation.AllResources"
	if bytes.Contains(symbols, []byte(" "+unwanted+"\n")) {
		t.Errorf("gen links %s, and with it every resource type goformation knows: see templateSections in render/yaml.go", unwanted)
	}
}
