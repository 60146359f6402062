package blueprint

import (
	"slices"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// StackValues are the pseudo parameters a container environment value or a
// String parameter value may name as ${...}: the template writes such a
// value through Fn::Sub, so ${AWS::Region} arrives as the stack's region.
var StackValues = []string{"AWS::Region", "AWS::StackName", "AWS::AccountId", "AWS::URLSuffix", "AWS::Partition"}

// subVariable matches ${...} in a value; ${!...} is Fn::Sub's literal.
var subVariable = lazyre.New(`\$\{([^}]*)\}`)

// Substitutes reports whether a value written where stack values are
// allowed renders through Fn::Sub: it has a ${...}, a stack value or a
// literal ${!...}.
func Substitutes(value string) bool { return strings.Contains(value, "${") }

// stackValues checks a value where ${...} names a stack value: anything else
// would be read by Fn::Sub as a reference to a resource or parameter.
func (v *validator) stackValues(path, value string) {
	if !Substitutes(value) {
		return
	}
	if strings.Count(value, "${") != len(subVariable.FindAllString(value, -1)) {
		v.add(path, "close it with }, or write ${! for the literal text ${", "%q has a ${ without its closing }", value)
		return
	}
	for _, m := range subVariable.FindAllStringSubmatch(value, -1) {
		name := m[1]
		if strings.HasPrefix(name, "!") || slices.Contains(StackValues, name) {
			continue
		}
		v.add(path, "write ${!"+name+"} for the literal text ${"+name+"}, or name one of ${"+strings.Join(StackValues, "}, ${")+"}",
			"${%s} is not a stack value: the value is written through Fn::Sub, which would read it as a reference", name)
	}
}

// noSubstitution refuses ${ in a value that reaches a place where Fn::Sub
// reads it (the REST API's document), with the reason.
func (v *validator) noSubstitution(path, value, where string) {
	if strings.Contains(value, "${") {
		v.add(path, "remove the ${", "%q has a ${, which %s would read as a reference to a stack value", value, where)
	}
}
