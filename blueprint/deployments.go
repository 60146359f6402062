package blueprint

import (
	"fmt"
	"math"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// codeDeployConfig is the name of a CodeDeploy deployment configuration for
// ECS (CodeDeployDefault.ECSCanary10Percent5Minutes), as CodeDeploy's
// blue/green deployments, AWS CDK and Copilot write a traffic shift.
var codeDeployConfig = lazyre.New(`(?i)^(?:CodeDeployDefault\.)?ECS(Canary|Linear)(\d+)Percent(?:Every)?(\d+)Minutes?$`)

// codeDeployConfigFix is the fix for a strategy written as a CodeDeploy
// deployment configuration: ECS's own strategy of the same shift, with its
// percent and minutes; "" for any other value.
func codeDeployConfigFix(value string) string {
	if m := codeDeployConfig.FindStringSubmatch(value); m != nil {
		kind := strings.ToLower(m[1])
		return fmt.Sprintf("%s is ECS's own %s deployment in a Blueprint: write strategy: %s, %s: {percent: %s, minutes: %s}", value, kind, kind, kind, m[2], m[3])
	}
	if strings.EqualFold(strings.TrimPrefix(value, "CodeDeployDefault."), "ECSAllAtOnce") {
		return value + " is ECS's own blue/green deployment in a Blueprint, which moves every request at once to the new revision once it is healthy: write strategy: blueGreen"
	}
	return ""
}

// Defaults of ECS's traffic-shifting strategies, as ECS documents them
// (canary 5% for 10 minutes, linear 10% every 6 minutes), and the bake time
// ecsgate chooses: long enough for a 5xx rate over 3 minutes to fire.
const (
	DefaultBake          = 10
	DefaultCanaryPercent = 5.0
	DefaultCanaryMinutes = 10
	DefaultLinearPercent = 10.0
	DefaultLinearMinutes = 6
)

// Limits of ECS's deployment strategies and of CloudFormation's stack
// operations, from AWS's documentation of AWS::ECS::Service
// (CanaryConfiguration, LinearConfiguration) and of ECS's load balancer
// resources for blue/green deployments.
const (
	// maxBakeMinutes is the most a bake time (of a deployment, a canary or
	// a linear step) may be: 1440 minutes.
	maxBakeMinutes = 1440
	// cfnDeploymentMinutes is the deployment time above which CloudFormation
	// refuses a canary or linear deployment: 33 hours, under the 36-hour
	// timeout of a stack operation.
	cfnDeploymentMinutes = 33 * 60
	// stackTimeoutMinutes is the timeout of a CloudFormation stack operation.
	stackTimeoutMinutes = 36 * 60
	// nlbShiftDelay is the delay ECS adds to each traffic shift on a Network
	// Load Balancer, whose weights take effect with a lag.
	nlbShiftDelay = 10
)

// applyStrategyDefaults completes a deployment's strategy settings. The
// circuit breaker is on where AWS supports it (rolling and blue/green
// deployments) and off for canary and linear ones, whose alarms roll back.
func (d *Deployment) applyStrategyDefaults() {
	setIfZero(&d.Strategy, StrategyRolling)
	if d.CircuitBreaker == nil {
		d.CircuitBreaker = Bool(d.Strategy == StrategyRolling || d.Strategy == StrategyBlueGreen)
	}
	if d.Alarms == nil {
		d.Alarms = Bool(true)
	}
	if !d.ShiftsTraffic() {
		return
	}
	if d.Bake == nil {
		d.Bake = Int(DefaultBake)
	}
	switch d.Strategy {
	case StrategyCanary:
		if d.Canary == nil {
			d.Canary = &TrafficStep{}
		}
		setIfZero(&d.Canary.Percent, DefaultCanaryPercent)
		if d.Canary.Minutes == nil {
			d.Canary.Minutes = Int(DefaultCanaryMinutes)
		}
	case StrategyLinear:
		if d.Linear == nil {
			d.Linear = &TrafficStep{}
		}
		setIfZero(&d.Linear.Percent, DefaultLinearPercent)
		if d.Linear.Minutes == nil {
			d.Linear.Minutes = Int(DefaultLinearMinutes)
		}
	}
}

// LinearSteps is how many times a linear deployment waits its step time,
// as CloudFormation counts them: 100/percent - 1 when the percent divides
// 100, else the floor of 100/percent (no wait after the last shift).
func LinearSteps(percent float64) int {
	tenths := int(math.Round(percent * 10))
	if tenths <= 0 {
		return 0
	}
	if 1000%tenths == 0 {
		return 1000/tenths - 1
	}
	return 1000 / tenths
}

// Shifts is how many times a deployment moves production traffic.
func (d *Deployment) Shifts() int {
	switch d.Strategy {
	case StrategyCanary:
		return 2
	case StrategyLinear:
		return LinearSteps(d.Linear.Percent) + 1
	case StrategyBlueGreen:
		return 1
	}
	return 0
}

// Minutes is how long a traffic-shifting deployment takes at least, as
// CloudFormation computes it from the template: the bake time plus the
// canary's or every linear step's wait.
func (d *Deployment) Minutes() int {
	switch d.Strategy {
	case StrategyCanary:
		return *d.Bake + *d.Canary.Minutes
	case StrategyLinear:
		return *d.Bake + *d.Linear.Minutes*LinearSteps(d.Linear.Percent)
	case StrategyBlueGreen:
		return *d.Bake
	}
	return 0
}

// strategy checks a service's deployment strategy against what ECS and
// CloudFormation accept.
func (v *validator) strategy(path string, s *Service, raw *Deployment) {
	d := s.Deployment
	if fix := codeDeployConfigFix(d.Strategy); fix != "" {
		v.add(path+".strategy", fix, "%q is not allowed", d.Strategy)
		return
	}
	if !v.oneOf(path+".strategy", d.Strategy, strategyChoices...) {
		return // what the strategy asks of the service follows from a known one
	}
	only := func(field string, set bool, strategy string) {
		if set && d.Strategy != strategy {
			v.add(path+"."+field, fmt.Sprintf("set strategy: %s, or remove %s", strategy, field), "%s applies to the %s strategy, and the service's is %s", field, strategy, d.Strategy)
		}
	}
	only("canary", raw.Canary != nil, StrategyCanary)
	only("linear", raw.Linear != nil, StrategyLinear)
	only("testPort", raw.TestPort != 0, StrategyBlueGreen)
	if raw.Bake != nil && !d.ShiftsTraffic() {
		v.add(path+".bake", "remove bake, or choose canary, linear or blueGreen", "a rolling deployment has no bake time: it stops old tasks as new ones become healthy")
	}
	if !d.ShiftsTraffic() {
		return
	}
	if raw.CircuitBreaker != nil && *raw.CircuitBreaker && (d.Strategy == StrategyCanary || d.Strategy == StrategyLinear) {
		v.add(path+".circuitBreaker", "remove circuitBreaker: the service's alarms stop and roll back a "+d.Strategy+" deployment",
			"AWS documents the deployment circuit breaker for rolling and blue/green deployments only")
	}
	waitsOK := v.between(path+".bake", *d.Bake, 0, maxBakeMinutes, " minutes")
	switch d.Strategy {
	case StrategyCanary:
		waitsOK = v.trafficStep(path+".canary", *d.Canary, 0.1) && waitsOK
	case StrategyLinear:
		waitsOK = v.trafficStep(path+".linear", *d.Linear, 3) && waitsOK
	}
	v.trafficTarget(path, s)
	if d.TestPort != 0 {
		v.between(path+".testPort", d.TestPort, 1, maxPort, "")
		v.testPort(path+".testPort", s)
	}
	if !waitsOK {
		return // the whole deployment's length follows from waits that have their own problem
	}
	if (d.Strategy == StrategyCanary || d.Strategy == StrategyLinear) && d.Minutes() > cfnDeploymentMinutes {
		v.add(path+".bake", fmt.Sprintf("shorten bake or the step minutes to at most %d minutes in all", cfnDeploymentMinutes),
			"the deployment takes %d minutes as CloudFormation counts them (bake plus %s), and CloudFormation refuses a %s deployment past 33 hours, under its 36-hour stack timeout",
			d.Minutes(), map[string]string{StrategyCanary: "the canary's minutes", StrategyLinear: "the minutes of each step"}[d.Strategy], d.Strategy)
	} else if s.NLB != nil && d.Minutes()+nlbShiftDelay*(d.Shifts()+boolInt(d.TestPort != 0)) > stackTimeoutMinutes {
		total := d.Minutes() + nlbShiftDelay*(d.Shifts()+boolInt(d.TestPort != 0))
		v.add(path+".bake", "shorten bake or the steps: the whole deployment must end within 36 hours",
			"behind the NLB, ECS waits 10 more minutes at each traffic shift, so the deployment takes %d minutes, past the 36-hour timeout of a CloudFormation stack operation", total)
	}
}

// trafficStep checks a canary's or linear step's share and wait: ECS takes
// multiples of 0.1 percent (from 0.1 for a canary, 3 for a linear step) up
// to 100, and 0 to 1440 minutes; it says whether the minutes are in range.
func (v *validator) trafficStep(path string, step TrafficStep, least float64) (minutesOK bool) {
	tenths := step.Percent * 10
	if step.Percent < least || step.Percent > 100 || math.Abs(tenths-math.Round(tenths)) > 1e-9 {
		v.add(path+".percent", fmt.Sprintf("use a multiple of 0.1 from %g to 100", least), "%g%% is not a share ECS shifts: it takes multiples of 0.1 percent from %g to 100", step.Percent, least)
	}
	return v.between(path+".minutes", *step.Minutes, 0, maxBakeMinutes, " minutes")
}

// trafficTarget checks that ECS has what it shifts traffic on: one load
// balancer, and behind an ALB a listener rule of the service's own.
func (v *validator) trafficTarget(path string, s *Service) {
	d := s.Deployment
	switch {
	case s.ALB == nil && s.NLB == nil:
		v.add(path+".strategy", "attach the service to a load balancer (alb or nlb), or use strategy: rolling",
			"%s shifts traffic between two target groups of a load balancer, and the service has none", d.Strategy)
	case s.ALB != nil && s.NLB != nil:
		v.add(path+".strategy", "keep one load balancer for the service, or use strategy: rolling",
			"ECS shifts the traffic of one load balancer per deployment, and the service is behind an ALB and the NLB")
	case s.ALB != nil && !s.HasListenerRule():
		v.add(path+".strategy", "give the service paths or hosts (alb.paths: [/*] with a priority after the others) instead of making it the listener's default",
			"ECS shifts the weights of a listener rule (its production listener rule), and the listener's default action is not a rule")
	case s.ALB != nil && len(s.ALB.LoginPaths) > 0:
		v.add(path+".strategy", "use login: true for the whole service, or strategy: rolling",
			"ECS shifts only the service's production rule, and the rules of loginPaths would keep sending /admin to the old revision's target group")
	}
}

// boolInt is 1 for true.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// testPort checks that a blue/green service's test listener takes a port
// its load balancer does not listen on for anything else: a load balancer
// has one listener per port.
func (v *validator) testPort(path string, s *Service) {
	port := s.Deployment.TestPort
	if lb, ok := v.b.ALBOf(s); ok {
		if port == 80 || port == 443 && lb.ALB.Certificate != nil {
			v.add(path, "choose another port, e.g. 8443", "the ALB already listens on %d for production traffic", port)
		}
		return
	}
	if s.NLB == nil {
		return
	}
	for _, other := range v.b.Services {
		switch {
		case other.NLB != nil && other.NLB.Port == port:
			v.add(path, "choose a port no NLB listener uses, e.g. 9443", "the NLB already listens on %d for service %q", port, other.Name)
			return
		case other.Name != s.Name && other.NLB != nil && other.Deployment.TestPort == port:
			v.add(path, "give each service on the NLB its own test port", "service %q tests on port %d too, and the NLB has one listener per port", other.Name, port)
			return
		}
	}
}

// Summary says in a few words how a deployment moves traffic: "canary 10%
// for 15 min", "linear 20% every 5 min", "blue/green, test port 9443" or
// "rolling".
func (d *Deployment) Summary() string {
	switch d.Strategy {
	case StrategyCanary:
		return fmt.Sprintf("canary %g%% for %d min", d.Canary.Percent, *d.Canary.Minutes)
	case StrategyLinear:
		return fmt.Sprintf("linear %g%% every %d min", d.Linear.Percent, *d.Linear.Minutes)
	case StrategyBlueGreen:
		if d.TestPort != 0 {
			return fmt.Sprintf("blue/green, test port %d", d.TestPort)
		}
		return "blue/green"
	}
	return "rolling"
}
