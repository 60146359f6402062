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
// missing parameters, each after a read that asks the operator for the
// value: ecsgate never sees, stores or prints a secret, and the value is
// neither shown nor kept in the shell's history.
func PutParameterCommands(missing []MissingParameter) string {
	var b strings.Builder
	for _, m := range missing {
		fmt.Fprintf(&b, "# used by %s\n", strings.Join(m.UsedBy, ", "))
		if m.StackKey {
			fmt.Fprintf(&b, "# the stack creates the key %s: before its first deploy, create the parameter with --key-id alias/aws/ssm and run this afterwards (gen render prints the steps)\n", m.KeyID)
		}
		b.WriteString(strings.Join(createParameter(m, m.KeyID), "\n") + "\n")
	}
	return b.String()
}

// createParameter are the commands that create a missing parameter,
// encrypted with keyID: a read of its value (read -s, in bash and zsh,
// shows nothing, and the value stays out of the shell's history, where a
// value typed into the command would be kept), then the put.
func createParameter(m MissingParameter, keyID string) []string {
	return []string{
		"read -rs VALUE   # type the value of " + m.Name + " and press Enter (it does not show)",
		putParameter(m, keyID, false),
	}
}

// reencryptParameter is the command that encrypts a parameter again, with
// keyID: its value read back from Parameter Store, and nothing typed.
func reencryptParameter(m MissingParameter, keyID string) string {
	name, region := parameterName(m)
	return fmt.Sprintf(`VALUE="$(aws ssm get-parameter%s --name '%s' --with-decryption --query Parameter.Value --output text)" && `, region, name) +
		putParameter(m, keyID, true)
}

// parameterName is the name of a missing parameter as aws ssm takes it,
// and the --region of one named by an ARN of another Region.
func parameterName(m MissingParameter) (name, region string) {
	name = m.Name
	if strings.HasPrefix(name, "arn:") {
		// arn:aws:ssm:REGION:ACCOUNT:parameter/NAME
		parts := strings.SplitN(name, ":", 6)
		region = " --region " + parts[3]
		name = strings.TrimPrefix(parts[5], "parameter")
	}
	return name, region
}

// putParameter is the command that creates (or, with overwrite, replaces)
// a missing parameter, encrypted with keyID, with the value in $VALUE,
// which it then unsets.
func putParameter(m MissingParameter, keyID string, overwrite bool) string {
	name, region := parameterName(m)
	cmd := fmt.Sprintf("aws ssm put-parameter%s --name '%s' --type %s", region, name, m.Type)
	if overwrite {
		cmd += " --overwrite"
	}
	if keyID != "" {
		cmd += fmt.Sprintf(" --key-id '%s'", keyID)
	}
	return cmd + ` --value "$VALUE"; unset VALUE`
}

// awsManagedSSMKey is the key Parameter Store encrypts with when none is
// named; its key policy lets every principal of the account decrypt through
// Parameter Store, so the tasks can read a parameter encrypted with it.
const awsManagedSSMKey = "alias/aws/ssm"
