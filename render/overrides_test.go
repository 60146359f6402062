package render

import "testing"

// TestMissingPart: where an override's path leaves the document, with the
// key it is a typo of; an add needs its parent only, and an add to a
// list's end that has no list is told to add the list.
func TestMissingPart(t *testing.T) {
	doc := []byte(`{"Resources": {"WebService": {"Type": "AWS::ECS::Service", "Properties": {"DesiredCount": 1, "Tags": []}}, "Role": {"Properties": {"Policies": [{"PolicyName": "a"}]}}}}`)
	for _, c := range []struct {
		op, path     string
		missing, fix string
	}{
		{"replace", "/Resources/WebService/Properties/DesiredCount", "", ""},
		{"add", "/Resources/WebService/Properties/NewKey", "", ""},
		{"add", "/Resources/Role/Properties/Policies/-", "", ""},
		{"replace", "/Resources/WebServce/Properties", `/Resources has no key "WebServce"`, `did you mean "WebService"?`},
		{"remove", "/Resources/Nothing", `/Resources has no key "Nothing"`, ""},
		{"add", "/Resources/WebService/Properties/Volumes/-", `/Resources/WebService/Properties has no key "Volumes"`, "add the list itself, with the item in it: op: add, path: /Resources/WebService/Properties/Volumes, value: [ITEM]"},
		{"add", "/Resources/WebService/Settings/Volumes/-", `/Resources/WebService has no key "Settings"`, ""},
		{"replace", "/Resources/Role/Properties/Policies/3/PolicyName", "/Resources/Role/Properties/Policies has no index 3 (its indexes are 0 to 0)", ""},
		{"replace", "/Resources/WebService/Properties/Tags/0", "/Resources/WebService/Properties/Tags has no index 0 (the list is empty)", ""},
		{"replace", "/Resources/WebService/Type/x", `/Resources/WebService/Type is a single value, with no "x" in it`, ""},
		{"replace", "/Outputs", `the document has no key "Outputs"`, ""},
	} {
		missing, fix := missingPart(doc, c.op, c.path)
		if missing != c.missing || fix != c.fix {
			t.Errorf("%s %s: got %q, %q\nwant %q, %q", c.op, c.path, missing, fix, c.missing, c.fix)
		}
	}
	if missing, fix := missingPart([]byte("not json"), "remove", "/a"); missing != "" || fix != "" {
		t.Errorf("a document that is not JSON: got %q, %q", missing, fix)
	}
}
