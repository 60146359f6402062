package blueprint

import (
	"testing"
)

// TestInventoryNamesEveryField keeps the inventory and the model in step: a
// field added to the model without its rule, or an entry left behind by a
// removed field, fails here.
func TestInventoryNamesEveryField(t *testing.T) {
	model := map[string]bool{}
	for _, f := range FieldPaths() {
		model[f.Path] = true
		if _, ok := InventoryField(f.Path); !ok {
			t.Errorf("%s is in the model but not in the inventory: add where it lands and AWS's rule there", f.Path)
		}
	}
	seen := map[string]bool{}
	for _, f := range Inventory {
		if !model[f.Path] {
			t.Errorf("inventory entry %s is not a field of the model", f.Path)
		}
		if seen[f.Path] {
			t.Errorf("inventory entry %s is listed twice", f.Path)
		}
		seen[f.Path] = true
		if f.Lands == "" || f.Rule == "" || f.Handling == "" {
			t.Errorf("inventory entry %s needs where it lands, its rule and its handling", f.Path)
		}
	}
}
