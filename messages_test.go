package ecsgate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// problemsOf reads and renders a Blueprint and returns its problems, one
// per line as gen prints them.
func problemsOf(t *testing.T, src string) []string {
	t.Helper()
	b, err := blueprint.Read("bp.yaml", []byte(src))
	if err == nil {
		_, err = ecsgate.Render(b)
	}
	var problems blueprint.Problems
	if err != nil && !errors.As(err, &problems) {
		t.Fatal(err)
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	return lines
}

// service is a Blueprint of one service behind the NLB, with containers and
// extra fields written in.
func service(containers, extra string) string {
	return "name: a\ningress: {nlb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers:\n" + containers + "    nlb: {}\n" + extra
}

// TestMessages: the messages a new user met that pointed at the wrong line
// or said too little, each with its exact text: the right line for a tab and
// for a line indented like nothing above it, and the word tab; no problem
// for a field the user did not write; the unit of cpu; a field path for a
// security group's rules; the fix that helps first.
func TestMessages(t *testing.T) {
	cidrs := make([]string, 31)
	for i := range cidrs {
		cidrs[i] = fmt.Sprintf("10.%d.0.0/16", i)
	}
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a tab that indents a line", "name: a\nservices:\n  - name: w\n\tcpu: 256\n",
			[]string{"bp.yaml:4:1: is not valid YAML: a tab character; YAML indents with spaces only (replace the tab with spaces)"}},
		{"a tab before a list item", "name: a\nservices:\n\t- name: w\n",
			[]string{"bp.yaml:3:1: is not valid YAML: a tab character; YAML indents with spaces only (replace the tab with spaces)"}},
		{"a line indented like nothing above it", "name: a\nservices:\n  - name: w\n   cpu: 256\n",
			[]string{"bp.yaml:4:4: is not valid YAML: this line is indented with 3 spaces, like no field or list item above it (did not find expected '-' indicator) (indent it like the other fields of the mapping or items of the list it belongs to)"}},
		{"a field dedented out of its list item", "name: a\nservices:\n  - name: w\n    cpu: 256\n  memory: 512\n",
			[]string{"bp.yaml:5:3: is not valid YAML: this line is indented with 2 spaces, like no field or list item above it (did not find expected '-' indicator) (indent it like the other fields of the mapping or items of the list it belongs to)"}},
		{"a quoted port, and nothing about fields it leaves unset", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: \"8080\"}\n", ""),
			[]string{`bp.yaml:8:55: services[0].containers[0].port: must be a whole number, not "8080" (write the number without quotes: port: 8080)`}},
		{"two containers with a port and no traffic", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 8080}\n      - {name: side, image: {uri: \"envoy:1.0\"}, port: 9901}\n", ""),
			[]string{"bp.yaml:4:5: services[0].traffic: the load balancer needs one container port to send traffic to, and 2 containers have a port (app on 8080, side on 9901) (say which one: traffic: {container: app, port: 8080})"}},
		{"no container with a port", service("      - {name: app, image: {uri: \"nginx:1.27\"}}\n", ""),
			[]string{"bp.yaml:4:5: services[0].traffic: the load balancer needs a container port to send traffic to, and no container has a port (give the container that serves requests a port (port: 8080))"}},
		{"cpu in vCPU", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "cpu: 256", "cpu: 0.5", 1),
			[]string{`bp.yaml:5:10: services[0].cpu: must be a whole number, not "0.5" (cpu counts CPU units, 1024 per vCPU: 0.5 vCPU is cpu: 512)`}},
		{"memory in GB", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "memory: 512", "memory: 0.5", 1),
			[]string{`bp.yaml:6:13: services[0].memory: must be a whole number, not "0.5" (memory counts MiB: 0.5 GB is memory: 512)`}},
		{"the rules of an ingress.albs group", "name: a\ndns: {zone: example.com, zoneId: Z0123456789EXAMPLE}\ningress:\n  albs:\n    - id: edge\n      allow: [" + strings.Join(cidrs, ", ") + "]\n      certificate: {arn: \"arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\"}\n      hostnames: [a.example.com]\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {loadBalancer: edge, paths: [\"/*\"]}\n",
			[]string{"bp.yaml:5:7: ingress.albs[0]: the security group EdgeAlbSecurityGroup (inbound IPv4) needs 62 rules; AWS allows 60 rules per security group and direction (inbound, outbound) (2 too many)"}},
		{"a huge environment value", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80, environment: {BIG: "+strings.Repeat("x", 2_000_000)+"}}\n", ""),
			[]string{"bp.yaml:7:5: services[0].containers: the task definition WTaskDefinition (an estimate) needs 2,001,"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if len(got) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("got  %s\nwant %s", got[i], w)
				}
			}
		})
	}
}
