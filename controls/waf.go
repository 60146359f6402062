package controls

// wafControls check the web ACL.
var wafControls = []Control{
	{
		ID: "CT.WAFV2.PR.1", SecurityHub: []string{"WAF.10"},
		Asks: "rules in every web ACL", Types: []string{"AWS::WAFv2::WebACL"},
		Setting: "always: AWS's managed rule groups and a rate limit", Cost: "none beyond the web ACL's",
		check: func(t *Template, r Resource) string {
			if !nonEmptyList(r.Properties["Rules"]) {
				return "no Rules"
			}
			return ""
		},
	},
}
