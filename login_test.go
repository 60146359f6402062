package ecsgate_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
)

// listenerRule is what the ALB evaluates of a rendered listener rule.
type listenerRule struct {
	priority int
	paths    []string
	login    bool
	target   string
}

// listenerRules reads the ALB listener rules of a template, in the order
// the ALB evaluates them (lowest priority number first).
func listenerRules(t *testing.T, template []byte) []listenerRule {
	t.Helper()
	var doc struct {
		Resources map[string]struct {
			Type       string `yaml:"Type"`
			Properties struct {
				Priority   int `yaml:"Priority"`
				Conditions []struct {
					Field             string `yaml:"Field"`
					PathPatternConfig struct {
						Values []string `yaml:"Values"`
					} `yaml:"PathPatternConfig"`
				} `yaml:"Conditions"`
				Actions []struct {
					Type           string    `yaml:"Type"`
					TargetGroupArn yaml.Node `yaml:"TargetGroupArn"`
				} `yaml:"Actions"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(template, &doc); err != nil {
		t.Fatal(err)
	}
	var rules []listenerRule
	for _, r := range doc.Resources {
		if r.Type != "AWS::ElasticLoadBalancingV2::ListenerRule" {
			continue
		}
		rule := listenerRule{priority: r.Properties.Priority}
		for _, c := range r.Properties.Conditions {
			if c.Field == "path-pattern" {
				rule.paths = c.PathPatternConfig.Values
			}
		}
		for _, a := range r.Properties.Actions {
			switch a.Type {
			case "authenticate-cognito":
				rule.login = true
			case "forward":
				rule.target = a.TargetGroupArn.Value
			}
		}
		rules = append(rules, rule)
	}
	slices.SortFunc(rules, func(a, b listenerRule) int { return a.priority - b.priority })
	return rules
}

// albMatch is the ALB's path-pattern match: * any characters, ? one, case
// sensitive, the whole path.
// (path.Match will not do: its * stops at a slash.)
func albMatch(pattern, s string) bool {
	for pattern != "" {
		switch pattern[0] {
		case '*':
			for i := 0; i <= len(s); i++ {
				if albMatch(pattern[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != pattern[0] {
				return false
			}
		}
		pattern, s = pattern[1:], s[1:]
	}
	return s == ""
}

// TestLoginOnSomePaths sends requests through the rendered listener rules
// of a service whose /admin needs a login and whose other paths are open
// (it is the listener's default action): /admin and everything under it
// meet the login, nothing else does, and all reach the service.
func TestLoginOnSomePaths(t *testing.T) {
	data, err := os.ReadFile("golden/existing-vpc/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rules := listenerRules(t, data)
	for _, c := range []struct {
		path  string
		login bool
	}{
		{"/admin", true},
		{"/admin/", true},
		{"/admin/users/7", true},
		{"/", false},
		{"/administrator", false},
		{"/adminx/y", false},
		{"/shop/admin", false},
		{"/Admin", false}, // ALB path patterns are case sensitive: the app sees /Admin, not /admin
	} {
		login, target := false, "WebAlbTargetGroup" // the listener's default action
		for _, r := range rules {
			if slices.ContainsFunc(r.paths, func(p string) bool { return albMatch(p, c.path) }) {
				login, target = r.login, r.target
				break
			}
		}
		if login != c.login || target != "WebAlbTargetGroup" {
			t.Errorf("%s: login %v, forwarded to %s; want login %v, to WebAlbTargetGroup", c.path, login, target, c.login)
		}
	}
}

// TestLoginPathsExpand: each login path becomes one rule, just before the
// service's own, matching the path and everything under it, with the
// service's hosts.
func TestLoginPathsExpand(t *testing.T) {
	b, err := ecsgate.LoadExample("alb-multi-service")
	if err != nil {
		t.Fatal(err)
	}
	api := &b.Services[0]
	api.ALB.LoginPaths = []string{"/api/admin", "/api/reports/*", "/api/v?/internal*"}
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	var got []listenerRule
	for _, r := range listenerRules(t, files[0].Data) {
		if r.target == "ApiAlbTargetGroup" {
			got = append(got, r)
		}
	}
	want := []listenerRule{
		{97, []string{"/api/admin", "/api/admin/*"}, true, "ApiAlbTargetGroup"},
		{98, []string{"/api/reports", "/api/reports/*"}, true, "ApiAlbTargetGroup"},
		{99, []string{"/api/v?/internal*"}, true, "ApiAlbTargetGroup"},
		{100, []string{"/api/*"}, false, "ApiAlbTargetGroup"},
	}
	if len(got) != len(want) {
		t.Fatalf("rules %v, want %v", got, want)
	}
	for i := range want {
		if got[i].priority != want[i].priority || !slices.Equal(got[i].paths, want[i].paths) || got[i].login != want[i].login {
			t.Errorf("rule %d: %v, want %v", i, got[i], want[i])
		}
	}
}
