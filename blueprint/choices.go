package blueprint

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
