package controls

import "github.com/ecsgate/ecsgate/internal/lazyre"

// iamControls check roles and policies.
var iamControls = []Control{
	{
		ID:   "CT.IAM.PR.1",
		Asks: "no inline policy grants every action on every resource", Types: []string{roleType, policyType, "AWS::IAM::User", "AWS::IAM::Group"},
		Setting: "always: roles name their actions and resources", Cost: "none",
		check: inlinePolicies(adminAccess),
	},
	{
		ID: "CT.IAM.PR.2", SecurityHub: []string{"IAM.1"},
		Asks: "no managed policy grants every action on every resource", Types: []string{managedPolicyType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string { return adminAccess(r.Properties["PolicyDocument"]) },
	},
	{
		ID: "CT.IAM.PR.3", SecurityHub: []string{"IAM.21"},
		Asks: "no managed policy grants a service's every action", Types: []string{managedPolicyType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string { return wildcardActions(r.Properties["PolicyDocument"]) },
	},
	{
		ID: "CT.IAM.PR.4", SecurityHub: []string{"IAM.2"},
		Asks: "no policies attached to IAM users", Types: []string{policyType, managedPolicyType, "AWS::IAM::User"},
		Setting: "always: ecsgate creates no users", Cost: "none",
		check: func(t *Template, r Resource) string {
			keys := []string{"Users"}
			if r.Type == "AWS::IAM::User" {
				keys = []string{"Policies", "ManagedPolicyArns"}
			}
			for _, k := range keys {
				if v, ok := r.Properties[k]; ok {
					if l, isList := list(v); !isList || len(l) > 0 {
						return "policies are attached to a user"
					}
				}
			}
			return ""
		},
	},
	{
		ID:   "CT.IAM.PR.5",
		Asks: "no inline policy grants a service's every action", Types: []string{roleType, policyType, "AWS::IAM::User", "AWS::IAM::Group"},
		Setting: "always: roles name their actions", Cost: "none",
		check: inlinePolicies(wildcardActions),
	},
}

const (
	roleType          = "AWS::IAM::Role"
	policyType        = "AWS::IAM::Policy"
	managedPolicyType = "AWS::IAM::ManagedPolicy"
)

// wildcardAction matches "*" and a service's every action (s3:*).
var wildcardAction = lazyre.New(`^[\w]*[:]*\*$`)

// inlinePolicies applies a policy check to an IAM::Policy's document or to
// each inline policy of a role, user or group.
func inlinePolicies(check func(doc any) string) func(t *Template, r Resource) string {
	return func(t *Template, r Resource) string {
		if r.Type == policyType {
			return check(r.Properties["PolicyDocument"])
		}
		policies, _ := list(r.Properties["Policies"])
		for _, p := range policies {
			if why := check(mustGet(p, "PolicyDocument")); why != "" {
				return why
			}
		}
		return ""
	}
}

// statements are a policy document's statements, when it has any.
func statements(doc any) []map[string]any {
	d, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	s, ok := d["Statement"]
	if !ok || (!nonEmptyList(s) && !isMap(s)) {
		return nil
	}
	var list []map[string]any
	for _, x := range items(s) {
		if m, ok := x.(map[string]any); ok {
			list = append(list, m)
		}
	}
	return list
}

// adminAccess is why a policy allows "*" on "*", or "".
func adminAccess(doc any) string {
	for _, s := range statements(doc) {
		action, hasAction := s["Action"]
		resource, hasResource := s["Resource"]
		if !isText(s["Effect"], "Allow") || !hasAction || !hasResource {
			continue
		}
		admin := false
		for _, a := range items(action) {
			admin = admin || isText(a, "*")
		}
		if !admin {
			continue
		}
		for _, r := range items(resource) {
			if isText(r, "*") {
				return "a statement allows every action on every resource"
			}
		}
	}
	return ""
}

// wildcardActions is why a policy allows a service's every action or uses
// NotAction, or "".
func wildcardActions(doc any) string {
	for _, s := range statements(doc) {
		if !isText(s["Effect"], "Allow") {
			continue
		}
		if _, ok := s["NotAction"]; ok {
			return "a statement allows with NotAction"
		}
		for _, a := range items(s["Action"]) {
			if _, ok := s["Action"]; ok && matches(a, wildcardAction) {
				return "a statement allows a wildcard action"
			}
		}
	}
	return ""
}
