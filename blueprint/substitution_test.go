package blueprint

import (
	"strings"
	"testing"
)

// TestHostileValues covers the cases issue reports gave: text that
// CloudFormation or AWS would read otherwise than written is refused with
// its position, or (stack values in environment and parameter values)
// accepted to be rendered through Fn::Sub.
func TestHostileValues(t *testing.T) {
	const withParams = base + `parameters:
  prefix: /shop
  create:
    - {name: url, value: "https://example.com"}
`
	checkRules(t, withParams, []ruleCase{
		{"tag with ${}", "name: shop\n", "name: shop\ntags: {team: \"${AWS::AccountId}\"}\n", "tags.team", "tags:", "has characters AWS refuses in tags"},
		{"tag with a short-form function", "name: shop\n", "name: shop\ntags: {cost-center: \"!GetAtt X.Y\"}\n", "tags.cost-center", "tags:", "has characters AWS refuses in tags"},
		{"tag key", "name: shop\n", "name: shop\ntags: {\"a{b}\": x}\n", "tags.a{b}", "tags:", "tag key \"a{b}\""},
		{"environment stack value", `healthCheck: {command: [CMD-SHELL, "true"]}`, `healthCheck: {command: [CMD-SHELL, "true"]}
        environment: {REGION: "${AWS::Region}", LITERAL: "${!HOME}", BOTH: "${AWS::StackName}-${!x}"}`, "", "", ""},
		{"environment other reference", `healthCheck: {command: [CMD-SHELL, "true"]}`, `healthCheck: {command: [CMD-SHELL, "true"]}
        environment: {URL: "${Endpoint}/x"}`, "services[0].containers[1].environment.URL", "Endpoint", "write ${!Endpoint} for the literal text ${Endpoint}"},
		{"environment unclosed", `healthCheck: {command: [CMD-SHELL, "true"]}`, `healthCheck: {command: [CMD-SHELL, "true"]}
        environment: {URL: "${AWS::Region"}`, "services[0].containers[1].environment.URL", "URL:", "has a ${ without its closing }"},
		{"parameter stack value", `value: "https://example.com"`, `value: "https://${AWS::Region}.example.com"`, "", "", ""},
		{"parameter other reference", `value: "https://example.com"`, `value: "https://${Host}"`, "parameters.create[0].value", "Host", "${Host} is not a stack value"},
		{"memory negative next to a broken cpu", "    cpu: 256\n    memory: 512\n", "    cpu: lots\n    memory: -1\n", "services[0].memory", "memory: -1", "-1 is not a Fargate memory size"},
		{"memory zero written", "    memory: 512\n", "    memory: 0\n", "services[0].memory", "memory: 0", "0 is not a Fargate memory size (memory counts MiB: with cpu 256 use memory 512, 1024 or 2048)"},
		{"cpu not a size", "    cpu: 256\n", "    cpu: 300\n", "services[0].cpu", "cpu: 300", "300 is not a Fargate CPU size"},
		{"number too large", "    memory: 512\n", "    memory: 99999999999999999999\n", "services[0].memory", "memory: 9999", "is too large a number"},
		{"control character", "name: nginx\n", "name: \"ngi\\0nx\"\n", "services[0].containers[0].name", "ngi", "the control character U+0000"},
		{"escape sequence in a command", `healthCheck: {command: [CMD-SHELL, "true"]}`, `healthCheck: {command: [CMD-SHELL, "\e[0mtrue"]}`, "services[0].containers[1].healthCheck.command[1]", "CMD-SHELL", "the control character U+001B"},
		{"dynamic reference", `value: "https://example.com"`, `value: "{{resolve:ssm:/prod/db}}"`, "parameters.create[0].value", "resolve", "a dynamic reference, which CloudFormation would resolve"},
		{"tab and line break are text", `value: "https://example.com"`, `value: "a\tb\nc"`, "", "", ""},
		{"container memory below Docker's", "        port: 80\n", "        port: 80\n        memory: 4\n", "services[0].containers[0].memory", "memory: 4", "4 MiB is not a container memory limit"},
	})
}

// TestBrokenTaskSizeNamesItself: with memory -1 the message names -1 and the
// allowed values, never a comparison with the containers' needs.
func TestBrokenTaskSizeNamesItself(t *testing.T) {
	src := strings.Replace(base, "    memory: 512\n", "    memory: -1\n", 1)
	src = strings.Replace(src, "        port: 80\n", "        port: 80\n        memory: 128\n", 1)
	_, err := Read("case.yaml", []byte(src))
	if err == nil || strings.Contains(err.Error(), "the containers need") || strings.Contains(err.Error(), "to -1") || !strings.Contains(err.Error(), "-1 is not a Fargate memory size") {
		t.Errorf("got:\n%v", err)
	}
}
