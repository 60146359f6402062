package blueprint

import (
	"os"
	"testing"
)

// TestResolveSeesChanges: Read resolves a Blueprint once and Resolve reuses
// that result, but only while the Blueprint is unchanged; a field set after
// Read is resolved anew.
func TestResolveSeesChanges(t *testing.T) {
	data, err := os.ReadFile("../golden/private-api/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read("bp.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	first, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	if first != again {
		t.Error("an unchanged Blueprint was resolved twice")
	}
	b.Services[0].Memory = 2048
	changed, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	if changed == first || changed.Services[0].Memory != 2048 {
		t.Errorf("a changed Blueprint resolved to the old result (memory %d)", changed.Services[0].Memory)
	}
	b.Services[0].Name = ""
	if _, err := Resolve(b); err == nil {
		t.Error("a Blueprint made invalid after Read still resolved")
	}
}
