package blueprint

import (
	"os"
	"testing"
)

// strategyBase is a storefront released as a canary behind a public ALB.
func strategyBase(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../golden/canary-public-alb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestStrategyRules: each rule ECS and CloudFormation apply to the
// traffic-shifting strategies, with the limit or rule in the message.
func TestStrategyRules(t *testing.T) {
	const (
		canary   = "      strategy: canary\n      canary: {percent: 10, minutes: 15}\n      bake: 10\n"
		nlbBase  = "ingress:\n"
		strategy = "      strategy: canary\n"
	)
	checkRules(t, strategyBase(t), []ruleCase{
		{"unknown strategy", strategy, "      strategy: bigbang\n", "services[0].deployment.strategy", "bigbang", "rolling, canary, linear, blueGreen"},
		{"canary at 0.1%", "percent: 10,", "percent: 0.1,", "", "", ""},
		{"canary below 0.1%", "percent: 10,", "percent: 0.05,", "services[0].deployment.canary.percent", "0.05", "multiples of 0.1 percent from 0.1 to 100"},
		{"canary not a tenth", "percent: 10,", "percent: 10.25,", "services[0].deployment.canary.percent", "10.25", "multiples of 0.1 percent"},
		{"canary past 100%", "percent: 10,", "percent: 101,", "services[0].deployment.canary.percent", "101", "from 0.1 to 100"},
		{"canary a day and more", "minutes: 15}", "minutes: 1441}", "services[0].deployment.canary.minutes", "1441", "1440"},
		{"bake a day and more", "      bake: 10\n", "      bake: 1441\n", "services[0].deployment.bake", "1441", "1440"},
		{"canary past 33 hours", canary, "      strategy: canary\n      canary: {percent: 10, minutes: 1440}\n      bake: 600\n", "services[0].deployment.bake",
			"bake: 600", "2040 minutes as CloudFormation counts them (bake plus the canary's minutes), and CloudFormation refuses a canary deployment past 33 hours"},
		{"linear step below 3%", canary, "      strategy: linear\n      linear: {percent: 2, minutes: 5}\n", "services[0].deployment.linear.percent", "percent: 2", "from 3 to 100"},
		{"linear past 33 hours", canary, "      strategy: linear\n      linear: {percent: 3, minutes: 60}\n", "services[0].deployment.bake",
			"    deployment:", "1990 minutes as CloudFormation counts them (bake plus the minutes of each step)"},
		{"linear at 33 hours", canary, "      strategy: linear\n      linear: {percent: 10, minutes: 218}\n      bake: 18\n", "", "", ""},
		{"canary settings on linear", strategy, "      strategy: linear\n", "services[0].deployment.canary", "      canary:", "canary applies to the canary strategy, and the service's is linear"},
		{"bake on rolling", canary, "      bake: 10\n", "services[0].deployment.bake", "bake: 10", "a rolling deployment has no bake time"},
		{"test port on a canary", "      bake: 10\n", "      bake: 10\n      testPort: 8443\n", "services[0].deployment.testPort", "testPort", "testPort applies to the blueGreen strategy"},
		{"circuit breaker on a canary", "      bake: 10\n", "      bake: 10\n      circuitBreaker: true\n", "services[0].deployment.circuitBreaker", "circuitBreaker", "AWS documents the deployment circuit breaker for rolling and blue/green deployments only"},
		{"default action shifts nothing", "      paths: [\"/*\"]\n", "", "services[0].deployment.strategy", "strategy: canary",
			"ECS shifts the weights of a listener rule (its production listener rule), and the listener's default action is not a rule"},
		{"login paths keep the old revision", "      healthCheck: {path: /healthz}\n", "      healthCheck: {path: /healthz}\n      loginPaths: [/admin]\n", "services[0].deployment.strategy", "strategy: canary",
			"ECS shifts only the service's production rule"},
		{"no load balancer", "    alb:\n      paths: [\"/*\"]\n      healthCheck: {path: /healthz}\n", "", "services[0].deployment.strategy", "strategy: canary", "canary shifts traffic between two target groups of a load balancer"},
		{"two load balancers", "    alb:\n", "    nlb: {port: 9000}\n    alb:\n", "services[0].deployment.strategy", "strategy: canary", "ECS shifts the traffic of one load balancer per deployment"},
		{"blue/green test port on 443", canary, "      strategy: blueGreen\n      testPort: 443\n", "services[0].deployment.testPort", "testPort", "the ALB already listens on 443"},
		{"blue/green test port", canary, "      strategy: blueGreen\n      testPort: 8443\n", "", "", ""},
	})
}

// TestStrategyRulesOnTheNLB: a blue/green service on the NLB, whose traffic
// shifts each wait ten more minutes, and whose test listener takes a port of
// its own.
func TestStrategyRulesOnTheNLB(t *testing.T) {
	data, err := os.ReadFile("../golden/blue-green-nlb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const deployment = "      strategy: blueGreen\n      bake: 20\n      testPort: 9443\n"
	checkRules(t, string(data), []ruleCase{
		{"test port of the production listener", "testPort: 9443", "testPort: 443", "services[0].deployment.testPort", "testPort", "the NLB already listens on 443 for service \"api\""},
		{"past 36 hours with the NLB's delays", deployment, "      strategy: blueGreen\n      bake: 1440\n      testPort: 9443\n", "", "", ""},
		{"linear on the NLB past 36 hours", deployment, "      strategy: linear\n      linear: {percent: 3, minutes: 57}\n      bake: 99\n", "services[0].deployment.bake",
			"bake: 99", "behind the NLB, ECS waits 10 more minutes at each traffic shift, so the deployment takes 2320 minutes, past the 36-hour timeout"},
	})
}

// TestLinearSteps is CloudFormation's count of a linear deployment's waits.
func TestLinearSteps(t *testing.T) {
	for percent, want := range map[float64]int{10: 9, 11: 9, 20: 4, 25: 3, 3: 33, 33.3: 3, 50: 1, 100: 0, 3.3: 30} {
		if got := LinearSteps(percent); got != want {
			t.Errorf("LinearSteps(%g) = %d, want %d", percent, got, want)
		}
	}
}

// TestAutoscalingOnRequests: requests per task are the ALB's metric.
func TestAutoscalingOnRequests(t *testing.T) {
	checkRules(t, strategyBase(t), []ruleCase{
		{"requests without an ALB", "    alb:\n      paths: [\"/*\"]\n      healthCheck: {path: /healthz}\n", "", "services[0].autoscaling.requests", "requests: 1000", "the request count per target is the ALB's metric"},
		{"no request", "requests: 1000", "requests: 0", "", "", ""},
		{"requests negative", "requests: 1000", "requests: -5", "services[0].autoscaling.requests", "requests: -5", "requests per task per minute"},
	})
}
