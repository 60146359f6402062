package controls

import (
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// kmsControls check the keys.
var kmsControls = []Control{
	{
		ID: "CT.KMS.PR.1", SecurityHub: []string{"KMS.4"},
		Asks: "yearly rotation of symmetric keys", Types: []string{keyType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			if spec, ok := r.Properties["KeySpec"]; ok && !isText(spec, "SYMMETRIC_DEFAULT") {
				return ""
			}
			if !isTrue(r.Properties["EnableKeyRotation"]) {
				return "EnableKeyRotation is not true"
			}
			return ""
		},
	},
	{
		ID:   "CT.KMS.PR.2",
		Asks: "RSA encryption keys of more than 2048 bits", Types: []string{keyType},
		Setting: "always: ecsgate's keys are symmetric", Cost: "none",
		check: func(t *Template, r Resource) string {
			if usage, ok := r.Properties["KeyUsage"]; ok && !isText(usage, "ENCRYPT_DECRYPT") {
				return ""
			}
			spec, ok := text(r.Properties["KeySpec"])
			if ok && strings.HasPrefix(spec, "RSA_") && spec == "RSA_2048" {
				return "KeySpec is RSA_2048"
			}
			return ""
		},
	},
	{
		ID:   "CT.KMS.PR.3",
		Asks: "grants on keys only for AWS services acting for AWS resources", Types: []string{keyType},
		Setting: "always: every key's policy denies kms:CreateGrant otherwise", Cost: "none",
		check: func(t *Template, r Resource) string {
			statements, _ := list(mustGet(r.Properties, "KeyPolicy", "Statement"))
			for _, s := range statements {
				if grantsOnlyForAWS(s) {
					return ""
				}
			}
			return "the key policy has no statement that denies grants to all but AWS services"
		},
	},
}

const keyType = "AWS::KMS::Key"

var (
	grantIsForAWSResource = lazyre.New(`^(?i)kms:GrantIsForAWSResource$`)
	principalIsAWSService = lazyre.New(`^(?i)aws:PrincipalIsAWSService$`)
)

// grantsOnlyForAWS reports whether a key policy statement is the one
// CT.KMS.PR.3 asks for: deny kms:CreateGrant to every principal when the
// grant is not for an AWS resource and the caller is not an AWS service.
func grantsOnlyForAWS(s any) bool {
	st, ok := s.(map[string]any)
	if !ok {
		return false
	}
	for _, k := range []string{"Effect", "Action", "Principal", "Condition", "Resource"} {
		if _, ok := st[k]; !ok {
			return false
		}
	}
	if !isText(st["Effect"], "Deny") || !all(st["Action"], "kms:CreateGrant") || !everyone(st["Principal"]) || !all(st["Resource"], "*") {
		return false
	}
	cond, ok := st["Condition"].(map[string]any)
	if !ok || len(cond) != 1 {
		return false
	}
	b, ok := cond["BoolIfExists"].(map[string]any)
	if !ok {
		return false
	}
	var grant, service bool
	for k, v := range b {
		switch {
		case grantIsForAWSResource.MatchString(k):
			grant = isText(v, "false")
		case principalIsAWSService.MatchString(k):
			service = isText(v, "false")
		default:
			return false
		}
	}
	return grant && service
}

// all reports whether v, a value or a list, holds only the string s.
func all(v any, s string) bool {
	for _, x := range items(v) {
		if !isText(x, s) {
			return false
		}
	}
	return true
}

// everyone reports whether a policy principal is "*" or {"AWS": "*"}.
func everyone(p any) bool {
	if isText(p, "*") {
		return true
	}
	aws, ok := get(p, "AWS")
	return ok && all(aws, "*")
}
