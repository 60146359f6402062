package ecsgate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
)

// MissingParameter is an SSM parameter that containers reference but the
// template does not create: an operator must create it before the tasks start.
type MissingParameter struct {
	// Name (or full ARN, for another region).
	Name string
	// Type is SecureString or String.
	Type string
	// KeyID is the --key-id for a SecureString encrypted with a customer key:
	// the alias of a key the stack creates, or an existing key's ARN.
	KeyID string
	// StackKey says KeyID is the alias of a key the stack creates, which
	// does not exist before the stack's first deploy.
	StackKey bool
	// UsedBy lists where it is referenced (service/container/VARIABLE).
	UsedBy []string
}

// MissingParameters lists the parameters b references and does not create,
// sorted by name. stack is the stack name, which the aliases of created keys
// contain.
func MissingParameters(b *blueprint.Resolved, stack string) []MissingParameter {
	found := map[string]*MissingParameter{}
	for _, s := range b.Services {
		for _, c := range s.Containers {
			for name, ref := range c.Secrets {
				if ref.Parameter == "" || b.CreatedParameter(ref.Parameter) != nil {
					continue
				}
				m := found[ref.Parameter]
				if m == nil {
					m = &MissingParameter{Name: ref.Parameter, Type: ref.Type}
					found[ref.Parameter] = m
				}
				if k := b.KMSKey(ref.KMSKey); k != nil {
					m.KeyID = k.ARN
					if k.ARN == "" {
						m.KeyID, m.StackKey = k.Alias(stack), true
					}
				}
				m.UsedBy = append(m.UsedBy, s.Name+"/"+c.Name+"/"+name)
			}
		}
	}
	list := make([]MissingParameter, 0, len(found))
	for _, m := range found {
		sort.Strings(m.UsedBy)
		list = append(list, *m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list
}

// PutParameterCommands are the aws ssm put-parameter commands that create the
// missing parameters, with a placeholder where the operator types the value:
// ecsgate never sees, stores or prints a secret.
func PutParameterCommands(missing []MissingParameter) string {
	var b strings.Builder
	for _, m := range missing {
		fmt.Fprintf(&b, "# used by %s\n", strings.Join(m.UsedBy, ", "))
		if m.StackKey {
			fmt.Fprintf(&b, "# the stack creates the key %s: before its first deploy, create the parameter with --key-id alias/aws/ssm and run this afterwards (gen render prints the steps)\n", m.KeyID)
		}
		b.WriteString(putParameter(m, m.KeyID, false) + "\n")
	}
	return b.String()
}

// putParameter is the command that creates (or, with overwrite, replaces)
// a missing parameter, encrypted with keyID.
func putParameter(m MissingParameter, keyID string, overwrite bool) string {
	name, region := m.Name, ""
	if strings.HasPrefix(name, "arn:") {
		// arn:aws:ssm:REGION:ACCOUNT:parameter/NAME
		parts := strings.SplitN(name, ":", 6)
		region = " --region " + parts[3]
		name = strings.TrimPrefix(parts[5], "parameter")
	}
	cmd := fmt.Sprintf("aws ssm put-parameter%s --name '%s' --type %s", region, name, m.Type)
	if overwrite {
		cmd += " --overwrite"
	}
	if keyID != "" {
		cmd += fmt.Sprintf(" --key-id '%s'", keyID)
	}
	return cmd + " --value 'REPLACE_WITH_THE_VALUE'"
}

// awsManagedSSMKey is the key Parameter Store encrypts with when none is
// named; its key policy lets every principal of the account decrypt through
// Parameter Store, so the tasks can read a parameter encrypted with it.
const awsManagedSSMKey = "alias/aws/ssm"
