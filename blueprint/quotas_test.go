package blueprint

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestQuotaTable: every quota names its source, says what it counts and how
// to get under it, and has a unique lowerCamel key.
func TestQuotaTable(t *testing.T) {
	key := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	seen := map[string]bool{}
	for _, q := range Quotas {
		switch {
		case !key.MatchString(q.Key) || seen[q.Key]:
			t.Errorf("%q: key is not a unique lowerCamel name", q.Key)
		case !strings.HasPrefix(q.Source, "https://docs.aws.amazon.com/"):
			t.Errorf("%s: source %q is not an AWS documentation page", q.Key, q.Source)
		case q.Default <= 0 || q.Unit == "" || q.Per == "" || q.WayOut == "":
			t.Errorf("%s: incomplete row %+v", q.Key, q)
		case q.Max != 0 && (!q.Adjustable || q.Max <= q.Default):
			t.Errorf("%s: a maximum belongs to an adjustable quota, above its default", q.Key)
		}
		seen[q.Key] = true
	}
}

const quotaBase = `name: shop
quotas:
  albRules: 150
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
`

func TestQuotasField(t *testing.T) {
	checkRules(t, quotaBase, []ruleCase{
		{"raised", "albRules: 150", "albRules: 101", "", "", ""},
		{"unknown", "albRules: 150", "albRule: 150", "quotas.albRule", "albRule:", `did you mean "albRules"`},
		{"not adjustable", "albRules: 150", "albTargetGroups: 200", "quotas.albTargetGroups", "albTargetGroups", "AWS does not raise its limit of 100 target groups"},
		{"not raised", "albRules: 150", "albRules: 100", "quotas.albRules", "albRules", "100 does not raise AWS's default of 100"},
		{"past the maximum", "albRules: 150", "securityGroupRules: 1001", "quotas.securityGroupRules", "securityGroupRules", "to 1,000 at most"},
		{"not a number", "albRules: 150", "albRules: many", "quotas.albRules", "albRules", "must be a whole number"},
	})
}

// services returns n services attached as attach says.
func services(n int, attach func(i int, s *Service)) []Service {
	list := make([]Service, n)
	for i := range list {
		list[i] = Service{
			Name: fmt.Sprintf("svc-%03d", i), CPU: 256, Memory: 512,
			Containers: []Container{{Name: "app", Port: 8080, Image: Image{URI: "public.ecr.aws/nginx/nginx:1.27"}}},
		}
		attach(i, &list[i])
	}
	return list
}

// problemsOf validates b and returns its problems, one per line.
func problemsOf(t *testing.T, b *Blueprint) string {
	t.Helper()
	var problems Problems
	if err := b.Validate(); err != nil && !errors.As(err, &problems) {
		t.Fatal(err)
	}
	return problems.Error()
}

// TestBlueprintQuotas: for each quota the Blueprint alone decides, a count at
// the limit passes and one past it fails with the count, the limit and the
// way out; a raised quota moves the limit.
func TestBlueprintQuotas(t *testing.T) {
	onALB := func(i int, s *Service) { s.ALB = &ServiceALB{Paths: []string{fmt.Sprintf("/s%d/*", i)}} }
	onNLB := func(i int, s *Service) { s.NLB = &ServiceNLB{} }
	alb := func(n int) *Blueprint {
		return &Blueprint{Name: "shop", Ingress: Ingress{ALB: &ALB{}}, Services: services(n, onALB)}
	}
	nlb := func(n int) *Blueprint {
		return &Blueprint{Name: "shop", Ingress: Ingress{NLB: &NLB{}}, Services: services(n, onNLB)}
	}
	api := func(routes []Route) *Blueprint {
		b := nlb(1)
		b.API = &API{Routes: routes}
		return b
	}
	routes := func(n int, pool func(i int) string) []Route {
		var list []Route
		for i := range n {
			r := Route{Path: fmt.Sprintf("/r%d", i), Method: "GET", Service: "svc-000"}
			if pool != nil {
				r.Auth = &RouteAuth{UserPool: pool(i)}
			}
			list = append(list, r)
		}
		return list
	}
	pools := func(b *Blueprint, n int) *Blueprint {
		for i := range n {
			b.UserPools = append(b.UserPools, UserPool{Name: fmt.Sprintf("p%d", i)})
		}
		return b
	}
	rule := func(paths ...string) *Blueprint {
		b := alb(1)
		b.Services[0].ALB.Paths = paths
		return b
	}
	containers := func(n int) *Blueprint {
		b := nlb(1)
		b.Services[0].CPU, b.Services[0].Memory = 4096, 8192
		for i := 1; i < n; i++ {
			b.Services[0].Containers = append(b.Services[0].Containers, Container{Name: fmt.Sprintf("side%d", i), Image: Image{URI: "busybox:1.36"}})
		}
		return b
	}
	raised := func(b *Blueprint, key string, value int) *Blueprint {
		b.Quotas = map[string]int{key: value}
		return b
	}
	cases := []struct {
		name       string
		atLimit    *Blueprint
		pastLimit  *Blueprint
		want       string
		noRaise    bool
		raisedPast *Blueprint
	}{
		{"ALB target groups", alb(100), alb(101), "ingress.alb: the ALB (one target group per attached service) needs 101 target groups; AWS allows 100 target groups per Application Load Balancer (1 too many) (attach at most 100 services to the ALB, the others to another one (ingress.albs); AWS does not raise this limit)", true, nil},
		{"ALB rules", alb(100), alb(101), "needs 101 listener rules; AWS allows 100 listener rules per Application Load Balancer (1 too many) (attach some of the services to another ALB (ingress.albs), or have AWS raise the quota and set quotas: {albRules: 101})", false, raised(alb(101), QuotaALBRules, 101)},
		{"NLB listeners", nlb(50), nlb(51), "ingress.nlb: the NLB (one listener per attached service) needs 51 listeners; AWS allows 50 listeners per Network Load Balancer (1 too many)", true, nil},
		{"API resources", api(routes(299, nil)), api(routes(300, nil)), "api.routes: the REST API (its root and every distinct path part) needs 301 resources (path parts); AWS allows 300", false, raised(api(routes(300, nil)), QuotaAPIResources, 301)},
		{"API authorizers", pools(api(routes(10, func(i int) string { return fmt.Sprintf("p%d", i) })), 11), pools(api(routes(11, func(i int) string { return fmt.Sprintf("p%d", i) })), 11), "needs 11 authorizers; AWS allows 10 authorizers per REST API", false, nil},
		{"condition values", rule("/a", "/b", "/c", "/d", "/e"), rule("/a", "/b", "/c", "/d", "/e", "/f"), `services[0].alb: the listener rule of service "svc-000" needs 6 condition values; AWS allows 5`, true, nil},
		{"wildcards", rule("/a*", "/b*", "/c*", "/d*", "/e*"), rule("/a*", "/b*", "/c*", "/d*", "/e??"), "needs 6 wildcards (* and ?); AWS allows 5", true, nil},
		{"containers", containers(10), containers(11), "services[0].containers: the service needs 11 containers; AWS allows 10 containers per ECS task definition", true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := problemsOf(t, c.atLimit); strings.Contains(got, "AWS allows") {
				t.Errorf("at the limit:\n%s", got)
			}
			got := problemsOf(t, c.pastLimit)
			if !strings.Contains(got, c.want) {
				t.Errorf("one past the limit, want ...%s..., got:\n%s", c.want, got)
			}
			for _, line := range strings.Split(got, "\n") {
				if strings.Contains(line, c.want) && c.noRaise != strings.Contains(line, "AWS does not raise this limit") {
					t.Errorf("raise advice wrong: %s", line)
				}
			}
			if c.raisedPast != nil {
				if got := problemsOf(t, c.raisedPast); strings.Contains(got, c.want[strings.Index(c.want, "needs"):][:20]) {
					t.Errorf("with the quota raised:\n%s", got)
				}
			}
		})
	}
}

// TestTwoHundredServicesOnOneALB: without a raised quota both the rule and
// the target group limits are named; raising the rule quota leaves the
// target group limit, which AWS does not raise, with the way out.
func TestTwoHundredServicesOnOneALB(t *testing.T) {
	b := &Blueprint{Name: "shop", Ingress: Ingress{ALB: &ALB{}}, Services: services(200, func(i int, s *Service) {
		s.ALB = &ServiceALB{Paths: []string{fmt.Sprintf("/s%d/*", i)}}
	})}
	got := problemsOf(t, b)
	for _, want := range []string{"needs 200 listener rules; AWS allows 100", "needs 200 target groups; AWS allows 100", "quotas: {albRules: 200}"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
	b.Quotas = map[string]int{QuotaALBRules: 200}
	got = problemsOf(t, b)
	if strings.Contains(got, "listener rules") || !strings.Contains(got, "needs 200 target groups") || !strings.Contains(got, "ingress.albs") {
		t.Errorf("with albRules raised:\n%s", got)
	}
	// Spread over two ALBs, the same services are valid.
	b.Ingress.ALBs = []ALB{{ID: "more"}}
	for i := 100; i < 200; i++ {
		b.Services[i].ALB.LoadBalancer = "more"
	}
	b.Quotas = nil
	if got := problemsOf(t, b); got != "" {
		t.Errorf("two ALBs:\n%s", got)
	}
}

// TestALBsEntries covers the rules of ingress.albs.
func TestALBsEntries(t *testing.T) {
	base := `name: shop
ingress:
  alb: {}
  albs:
    - id: more
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        port: 80
    alb: {paths: ["/web/*"]}
  - name: api
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        port: 80
    alb: {loadBalancer: more, paths: ["/api/*"]}
`
	checkRules(t, base, []ruleCase{
		{"unknown load balancer", "loadBalancer: more,", "loadBalancer: less,", "services[1].alb.loadBalancer", "loadBalancer: less", `there is no load balancer "less"`},
		{"id missing", "    - id: more\n", "    - scheme: internal\n", "ingress.albs[0].id", "scheme: internal", "is required"},
		{"id on ingress.alb", "  alb: {}", "  alb: {id: main}", "ingress.alb.id", "alb: {id", "id names the entries of ingress.albs"},
		{"duplicate id", "    - id: more\n", "    - id: more\n    - {id: more}\n", "ingress.albs[1].id", "{id: more}", "already defined"},
		{"unused ALB", "alb: {loadBalancer: more, paths", "alb: {paths", "ingress.albs[0]", "    - id: more", "no service is attached"},
		{"same priority on two ALBs", `paths: ["/api/*"]}`, `paths: ["/api/*"], priority: 100}`, "", "", ""},
	})
}
