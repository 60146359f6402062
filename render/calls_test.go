package render

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// callingServices has a service web that calls orders through its internal
// ALB and stock through the NLB, by their addresses; orders calls nothing.
const callingServices = `name: shop
ingress:
  alb: {}
  albs:
    - {id: backend, scheme: internal}
  nlb: {}
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        port: 80
        environment:
          ORDERS: http://${ingress.albs.backend.dnsName}/orders
          STOCK: http://${ingress.nlb.dnsName}:8081
    alb: {paths: ["/*"]}
  - name: orders
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    alb: {loadBalancer: backend, paths: ["/*"]}
  - name: stock
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8081}
`

// TestCalls: a service that names load balancers' addresses gets their DNS
// names in its environment, egress to each one's group on its listener
// ports beside its own egress, and a rule of each one's group that admits
// it; a service that calls nothing gets neither.
func TestCalls(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(callingServices))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	ref := func(id string) string { return decode(intrinsic.Ref(id)) }
	web, err := tmpl.GetEC2SecurityGroupWithName("WebTaskSecurityGroup")
	if err != nil {
		t.Fatal(err)
	}
	var egress []string
	for _, e := range web.SecurityGroupEgress {
		to := ""
		if e.CidrIp != nil {
			to = *e.CidrIp
		} else {
			to = decode(*e.DestinationSecurityGroupId)
		}
		egress = append(egress, to+":"+strconv.Itoa(*e.FromPort))
	}
	if strings.Join(egress, " ") != "0.0.0.0/0:443 "+ref("BackendAlbSecurityGroup")+":80 "+ref("NlbSecurityGroup")+":8081" {
		t.Errorf("web's tasks may reach %v", egress)
	}
	for id, want := range map[string]struct {
		group string
		port  int
	}{"WebCallsBackendAlb80": {"BackendAlbSecurityGroup", 80}, "WebCallsNlb8081": {"NlbSecurityGroup", 8081}} {
		in, err := tmpl.GetEC2SecurityGroupIngressWithName(id)
		if err != nil {
			t.Fatal(err)
		}
		if decode(*in.GroupId) != ref(want.group) || decode(*in.SourceSecurityGroupId) != ref("WebTaskSecurityGroup") || *in.FromPort != want.port || *in.ToPort != want.port {
			t.Errorf("%s: %+v", id, in)
		}
	}
	orders, _ := tmpl.GetEC2SecurityGroupWithName("OrdersTaskSecurityGroup")
	if len(orders.SecurityGroupEgress) != 1 {
		t.Errorf("orders' tasks may reach %+v", orders.SecurityGroupEgress)
	}
	for id := range tmpl.Resources {
		if strings.HasPrefix(id, "OrdersCalls") || strings.HasPrefix(id, "StockCalls") {
			t.Errorf("%s: a service that calls nothing is admitted anywhere", id)
		}
	}
	body := mustYAML(t, tmpl)
	for _, want := range []string{"Value: !Sub http://${BackendAlb.DNSName}/orders", "Value: !Sub http://${Nlb.DNSName}:8081"} {
		if !strings.Contains(body, want) {
			t.Errorf("template lacks %q", want)
		}
	}
}

// TestCallsQuota: each caller is an inbound rule of the load balancer's
// group, counted with its other rules (the VPC's block): 59 callers pass,
// 60 fail at the load balancer with the fix that names the callers (in
// nested stacks: one template of 60 services would pass 500 resources).
func TestCallsQuota(t *testing.T) {
	withCallers := func(n int) *blueprint.Blueprint {
		src := "name: shop\nstacks: nested\ningress:\n  albs: [{id: backend, scheme: internal}]\nservices:\n" +
			"  - {name: orders, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}], alb: {loadBalancer: backend, paths: [\"/*\"]}}\n"
		for i := range n {
			src += fmt.Sprintf("  - {name: caller%d, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, environment: {ORDERS: \"http://${ingress.albs.backend.dnsName}\"}}]}\n", i)
		}
		b, err := blueprint.Read("shop.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if p := problems(t, withCallers(59)); p != nil {
		t.Errorf("59 callers: %v", p)
	}
	p := problems(t, withCallers(60))
	if len(p) != 1 || p[0].Path != "ingress.albs[0]" || !strings.Contains(p[0].Message, "the security group BackendAlbSecurityGroup (inbound IPv4) needs 61 rules; AWS allows 60") ||
		!strings.Contains(p[0].Fix, "have fewer call it by its address") {
		t.Errorf("60 callers: %v", p)
	}
}
