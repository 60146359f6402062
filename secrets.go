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
						m.KeyID = k.Alias(stack)
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
		name, region := m.Name, ""
		if strings.HasPrefix(name, "arn:") {
			// arn:aws:ssm:REGION:ACCOUNT:parameter/NAME
			parts := strings.SplitN(name, ":", 6)
			region = " --region " + parts[3]
			name = strings.TrimPrefix(parts[5], "parameter")
		}
		fmt.Fprintf(&b, "aws ssm put-parameter%s --name '%s' --type %s", region, name, m.Type)
		if m.KeyID != "" {
			fmt.Fprintf(&b, " --key-id '%s'", m.KeyID)
		}
		b.WriteString(" --value 'REPLACE_WITH_THE_VALUE'\n")
	}
	return b.String()
}
