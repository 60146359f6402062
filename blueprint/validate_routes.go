package blueprint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// listenerRule is one service's rule on an ALB's listener, as the listener
// evaluates it.
type listenerRule struct {
	service  string
	path     string // the field path of the service's alb section
	priority int
	paths    []string
	hosts    []string
	globs    []glob // paths as globs; * when the rule has only hosts
}

// listenerRulesOf lists the rules of a load balancer's listener in the order
// the ALB evaluates them (lowest priority number first). A service without
// paths and hosts has no rule: it is the default action.
func (b *Blueprint) listenerRulesOf(lb LoadBalancer) []listenerRule {
	var rules []listenerRule
	for i, s := range b.Services {
		if s.ALB == nil || s.ALB.LoadBalancer != lb.ID || !s.HasListenerRule() {
			continue
		}
		globs := []glob{albGlob("*")}
		if len(s.ALB.Paths) > 0 {
			globs = globs[:0]
			for _, p := range s.ALB.Paths {
				globs = append(globs, albGlob(p))
			}
		}
		rules = append(rules, listenerRule{s.Name, indexPath("services", i) + ".alb", s.ALB.Priority, s.ALB.Paths, s.ALB.Hosts, globs})
	}
	slices.SortStableFunc(rules, func(a, b listenerRule) int { return cmp.Compare(a.priority, b.priority) })
	return rules
}

// invalid reports whether a path or host pattern of the rule is not one,
// which has its own problem: what the rule matches is then unknown.
func (r listenerRule) invalid() bool {
	return slices.ContainsFunc(r.paths, func(p string) bool { return !isALBPathPattern(p, maxALBPathPattern) }) ||
		slices.ContainsFunc(r.hosts, func(h string) bool { return !albHostPattern.MatchString(h) })
}

// maxRouteCheckStates bounds the work of routesReachServices.
const maxRouteCheckStates = 100000

// routesReachServices checks, hop by hop, that every request of every API
// route that calls an ALB reaches the service the route names: the listener
// gives a request to the first rule (by priority) whose host and path
// conditions match it, so an earlier rule of another service that matches
// some of the route's requests takes them, and requests no rule of the
// service matches fall to the default action.
func (v *validator) routesReachServices() {
	// All searches share one budget: a Blueprint of thousands of routes
	// with pathological patterns is checked as far as it goes, not for
	// minutes.
	budget := maxRouteCheckStates
	rules := map[string][]listenerRule{}
	unknown := map[string]bool{} // a rule's pattern is not one
	for _, lb := range v.b.ApplicationLoadBalancers() {
		rules[lb.ID] = v.b.listenerRulesOf(lb)
		unknown[lb.ID] = slices.ContainsFunc(rules[lb.ID], listenerRule.invalid)
	}
	services := v.b.ServicesByName()
	for i, r := range v.b.API.Routes {
		s := services[r.Service]
		if s == nil || s.ALB == nil {
			continue // reported as an unknown or unattached service
		}
		lb, ok := v.b.ALBOf(s)
		if !ok {
			continue // reported at the service
		}
		if problem, _ := pathProblem(r.Path); problem != "" || unknown[lb.ID] {
			// A path that is not one has its own problem, and the
			// requests it would send, or the rules it would meet, are
			// not known until it is written.
			continue
		}
		// The integration's host, sent as Host: the ALB's first host name,
		// or its DNS name (written "") when it is called over HTTP without one.
		host := ""
		if len(lb.Hostnames) > 0 {
			host = lb.Hostnames[0]
		} else if lb.Certificate != nil || v.b.API.Backend == BackendALBPublic {
			continue // reported at the load balancer
		}
		// Computed only when a search needs it: most routes are settled
		// by the prefix shortcut, and the list is quadratic to build.
		var preferred []glob
		computed := false
		lazy := func() []glob {
			if !computed {
				preferred, computed = v.preferredOver(r), true
			}
			return preferred
		}
		v.routeReachesService(indexPath("api.routes", i), r, lb, host, rules[lb.ID], lazy, &budget)
	}
}

// preferredOver lists the routes API Gateway picks instead of r for a
// request both match (a literal segment before a variable, a variable
// before a greedy one): their requests never take r to the ALB.
func (v *validator) preferredOver(r Route) []glob {
	var list []glob
	seen := map[string]bool{r.Path: true}
	for _, o := range v.b.API.Routes {
		if !seen[o.Path] && apiPrefers(o.Path, r.Path) {
			list = append(list, routeGlob(o.Path))
		}
		seen[o.Path] = true
	}
	return list
}

// apiPrefers reports whether API Gateway's resource matching prefers path a
// over path b at the first segment where they differ in kind.
func apiPrefers(a, b string) bool {
	as, bs := SplitPath(a), SplitPath(b)
	rank := func(s PathSegment) int {
		switch {
		case s.Greedy:
			return 0
		case s.Param:
			return 1
		}
		return 2
	}
	for i := 0; i < len(as) && i < len(bs); i++ {
		ra, rb := rank(as[i]), rank(bs[i])
		switch {
		case ra != rb:
			return ra > rb
		case ra == 0:
			return false
		case ra == 2 && as[i].Name != bs[i].Name:
			return false // different literals: no request matches both
		}
	}
	return len(as) > len(bs) && len(bs) > 0 && bs[len(bs)-1].Greedy
}

// routeSearch finds a request of the route that API Gateway sends through
// it (no preferred route takes it), which the listener's rule patterns
// match and the service's own earlier patterns do not; with rule nil, one
// that the service's patterns miss.
func routeSearch(route glob, rule, own, preferred []glob, budget *int) (string, bool) {
	if rule != nil {
		// A preferred route no rule pattern can match changes nothing.
		var near []glob
		for _, p := range preferred {
			if slices.ContainsFunc(rule, func(g glob) bool { return !disjoint(p, g) }) {
				near = append(near, p)
			}
		}
		preferred = near
	}
	all := append(append(append([]glob{}, rule...), own...), preferred...)
	a, b := len(rule), len(rule)+len(own)
	return globSearch(route, all, budget, func(inRoute bool, accepted []bool) bool {
		if !inRoute || slices.Contains(accepted[b:], true) || slices.Contains(accepted[a:b], true) {
			return false
		}
		return rule == nil || slices.Contains(accepted[:a], true)
	})
}

func (v *validator) routeReachesService(path string, r Route, lb LoadBalancer, host string, rules []listenerRule, preferred func() []glob, budget *int) {
	route := routeGlob(r.Path)
	var own []glob // the service's path patterns seen so far
	ownPath := ""
	for _, rule := range rules {
		if len(rule.hosts) > 0 && (host == "" || !slices.ContainsFunc(rule.hosts, func(h string) bool { return hostMatches(h, host) })) {
			continue // the route's requests carry another host (a DNS name matches no host rule ecsgate accepts)
		}
		patterns := rule.globs
		if rule.service != r.Service {
			patterns = nil
			for _, g := range rule.globs {
				if !disjoint(route, g) {
					patterns = append(patterns, g)
				}
			}
			if len(patterns) == 0 {
				continue // no request of the route can match this rule
			}
		}
		if rule.service == r.Service {
			own, ownPath = append(own, patterns...), rule.path
			if slices.ContainsFunc(own, func(g glob) bool { return prefixCovers(g, route) }) {
				return
			}
			if _, gap := routeSearch(route, nil, own, preferred(), budget); !gap {
				return // every request that got this far is the service's
			}
			continue
		}
		if example, hit := routeSearch(route, patterns, own, preferred(), budget); hit {
			v.add(path, fmt.Sprintf("give service %s's rule a lower priority number than %d, or narrow the paths or hosts of %s", r.Service, rule.priority, rule.path),
				"%s %s (service %s): a request such as %s reaches the rule of service %q first (%s, priority %d, %s)",
				r.Method, r.Path, r.Service, example, rule.service, rule.path, rule.priority, describeConditions(rule))
			return
		}
	}
	if lb.Default == r.Service {
		return
	}
	example, gap := routeSearch(route, nil, own, preferred(), budget)
	if !gap {
		return
	}
	fix := fmt.Sprintf("add a path pattern that covers %s to the paths of service %s", wildcardOf(r.Path), r.Service)
	if ownPath != "" {
		fix = fmt.Sprintf("add a path pattern that covers %s to %s.paths", wildcardOf(r.Path), ownPath)
	}
	v.add(path, fix, "%s %s (service %s): a request such as %s matches no rule of the service and gets the ALB's default action (%s)",
		r.Method, r.Path, r.Service, example, lb.Default)
}

// describeConditions writes a rule's conditions for a message.
func describeConditions(r listenerRule) string {
	var parts []string
	if len(r.paths) > 0 {
		parts = append(parts, "paths ["+strings.Join(r.paths, ", ")+"]")
	}
	if len(r.hosts) > 0 {
		parts = append(parts, "hosts ["+strings.Join(r.hosts, ", ")+"]")
	}
	return strings.Join(parts, ", ")
}

// wildcardOf is the ALB path pattern that covers a route's requests: its
// path up to the first variable, then *.
func wildcardOf(path string) string {
	var b strings.Builder
	for _, s := range SplitPath(path) {
		if s.Param {
			b.WriteString("/*")
			return b.String()
		}
		b.WriteString("/" + s.Name)
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}
