package blueprint

import (
	"slices"
	"strings"
)

// The values each choice field takes, in one place: validation refuses any
// other (oneOf), and the JSON Schema lists them (schemaHints).
var (
	stacksChoices         = []string{StacksSingle, StacksNested}
	insightsChoices       = []string{InsightsEnabled, InsightsEnhanced, InsightsDisabled}
	egressChoices         = []string{EgressNAT, EgressNATPerAZ, EgressEndpoints, EgressNone}
	nlbProtocolChoices    = []string{ProtocolTCP, ProtocolTLS}
	platformChoices       = []string{PlatformX86, PlatformARM}
	egressProtocolChoices = []string{"tcp", "udp"}
	conditionChoices      = []string{ConditionStart, ConditionComplete, ConditionSuccess, ConditionHealthy}
	schemeChoices         = []string{SchemeInternetFacing, SchemeInternal}
	integrationChoices    = []string{IntegrationProxy, IntegrationClaims}
	backendChoices        = []string{BackendNLB, BackendALB, BackendALBPublic}
	vpcLinkChoices        = []string{VpcLinkV2, VpcLinkV1}
	deployChoices         = []string{DeployCloudFormation, DeployECS}
	parameterTypeChoices  = []string{ParameterString, ParameterSecureString}
	roleChoices           = []string{RoleCreate, RoleExisting}
	strategyChoices       = []string{StrategyRolling, StrategyCanary, StrategyLinear, StrategyBlueGreen}
	securityChoices       = []string{SecurityStandard, SecurityStrict}
	executionLogsChoices  = []string{ExecutionLogsOff, ExecutionLogsError, ExecutionLogsInfo}
)

// otherChoiceNames are the words other tools write for a choice, in
// lowercase, by the choice they stand for: Docker's and Go's names of the
// CPU architectures (docker build --platform linux/amd64, GOARCH=amd64),
// Kubernetes' RollingUpdate, public and private for a load balancer's
// scheme, ALL or * for every HTTP method, and string, number or binary for
// DynamoDB's attribute types. choiceFix tries them before a
// spelling's likeness, which would take amd64 for ARM64.
var otherChoiceNames = map[string]string{
	"amd64": PlatformX86, dockerAMD64: PlatformX86, "x86": PlatformX86, "x64": PlatformX86, "linux/x86_64": PlatformX86, "intel": PlatformX86,
	"aarch64": PlatformARM, dockerARM64: PlatformARM, "linux/arm64/v8": PlatformARM, "arm64v8": PlatformARM, "arm": PlatformARM, "linux/arm": PlatformARM, "graviton": PlatformARM,
	"rollingupdate": StrategyRolling,
	"public":        SchemeInternetFacing, "external": SchemeInternetFacing, "private": SchemeInternal,
	"all": MethodAny, "*": MethodAny,
	// DynamoDB's attribute types as a schema or a language names them.
	"string": KeyString, "str": KeyString, "text": KeyString,
	"number": KeyNumber, "numeric": KeyNumber, "int": KeyNumber, "integer": KeyNumber, "float": KeyNumber, "decimal": KeyNumber,
	"binary": KeyBinary, "bytes": KeyBinary, "blob": KeyBinary,
}

// PlatformNamed is the platform (PlatformX86, PlatformARM) that name
// stands for, as a Blueprint or another tool writes it (Docker's and
// Copilot's linux/amd64, linux/arm64), or "" for none.
func PlatformNamed(name string) string {
	if slices.Contains(platformChoices, name) {
		return name
	}
	return otherChoiceName(name, platformChoices)
}

// otherChoiceName is the choice of allowed another tool's word stands for,
// or "".
func otherChoiceName(value string, allowed []string) string {
	lower := strings.ToLower(value)
	for _, word := range []string{lower, strings.NewReplacer("-", "", "_", "", " ", "").Replace(lower)} {
		// As written, then as one word (rolling-update, Rolling_Update).
		if meant, ok := otherChoiceNames[word]; ok && slices.Contains(allowed, meant) {
			return meant
		}
	}
	return ""
}
