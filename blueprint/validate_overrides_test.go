package blueprint

import "testing"

// TestOverrideOpFix: an op JSON Patch does not have gets the op written in
// lowercase, the op another tool's word stands for (set is replace or
// add, delete is remove), or the op it is a slip of.
func TestOverrideOpFix(t *testing.T) {
	for op, want := range map[string]string{
		"Add":     "write op: add (JSON Patch's ops are lowercase)",
		"REPLACE": "write op: replace (JSON Patch's ops are lowercase)",
		"set":     "write op: replace where the template has the value, or op: add where it does not yet",
		"Update":  "write op: replace where the template has the value, or op: add where it does not yet",
		"delete":  "write op: remove",
		"append":  "write op: add",
		"rename":  "write op: move",
		"ad":      `did you mean "add"?`,
		"zzz":     "use one of add, remove, replace, move, copy, test",
	} {
		if got := overrideOpFix(op); got != want {
			t.Errorf("overrideOpFix(%q) = %q, want %q", op, got, want)
		}
	}
}

// TestPointerFix: a path written with dots, after JSONPath's $. or without
// its leading / gets the pointer it stands for; one whose dots and slashes
// cannot be told apart, or that is no pointer either way, gets how to write
// one.
func TestPointerFix(t *testing.T) {
	const how = "write a JSON Pointer: /-separated, each ~ written ~0 and each / inside a name ~1"
	for p, want := range map[string]string{
		"Resources.ApiService.Properties.EnableExecuteCommand": `write "/Resources/ApiService/Properties/EnableExecuteCommand": a JSON Pointer starts with / and separates names with /`,
		"$.Resources.Nlb.Properties.Scheme":                    `write "/Resources/Nlb/Properties/Scheme": a JSON Pointer starts with / and separates names with /`,
		"Resources/Nlb/Properties/Scheme":                      `write "/Resources/Nlb/Properties/Scheme": a JSON Pointer starts with / and separates names with /`,
		"paths./orders.get":                                    how,
		"Resources..Nlb":                                       how,
		"a~b":                                                  how,
		"$.":                                                   how,
	} {
		if got := pointerFix(p); got != want {
			t.Errorf("pointerFix(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestOverrideWithoutOp: an override written without op (a path and a
// value, as CDK's addOverride takes them) is told op is required and which
// to write, not that the op "" is not allowed; an op written empty is.
func TestOverrideWithoutOp(t *testing.T) {
	const base = "name: a\ningress: {nlb: {}}\nservices:\n  - {name: api, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}], nlb: {}}\noverrides:\n"
	for _, c := range []struct{ override, want string }{
		{"  - path: /Resources/ApiService/Properties/DesiredCount\n    value: 3\n",
			"bp.yaml:6:5: overrides[0].op: is required (write op: replace where the template has the value, op: add where it does not yet, or op: remove)"},
		{"  - {op: \"\", path: /Resources/ApiService/Properties/DesiredCount, value: 3}\n",
			`bp.yaml:6:10: overrides[0].op: "" is not allowed (use one of add, remove, replace, move, copy, test)`},
	} {
		_, err := Read("bp.yaml", []byte(base+c.override))
		if err == nil || err.Error() != c.want {
			t.Errorf("got  %v\nwant %s", err, c.want)
		}
	}
}
