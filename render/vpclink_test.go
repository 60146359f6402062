package render

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// httpALBAPI is an API reaching an internal ALB without a certificate over
// plain HTTP inside the VPC, and a second internal ALB by HTTPS.
const httpALBAPI = `name: shop
network:
  vpc: {cidr: 10.0.0.0/16}
dns: {zone: example.com, zoneId: Z0123456789EXAMPLE}
ingress:
  alb:
    scheme: internal
  albs:
    - id: admin
      scheme: internal
      certificate: {domain: admin.example.com}
      hostnames: [admin.example.com]
services:
  - name: orders
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080}]
    alb: {paths: ["/orders/*"]}
  - name: admin
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080}]
    alb: {loadBalancer: admin, paths: ["/admin/*"]}
api:
  backend: alb
  httpInsideVpc: true
  routes:
    - {path: "/orders/{id}", method: GET, service: orders}
    - {path: "/admin/{proxy+}", method: ANY, service: admin}
`

// TestVpcLinkV2ToALBs: one link reaches both ALBs, each on the port the API
// calls it on (80 over HTTP, 443 over HTTPS); each ALB admits the link's group
// on that port only, and the HTTP one's DNS name reaches the file form of the
// document through a stage variable.
func TestVpcLinkV2ToALBs(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(httpALBAPI))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	link, err := tmpl.GetEC2SecurityGroupWithName("ApiVpcLinkSecurityGroup")
	if err != nil {
		t.Fatal(err)
	}
	ref := func(id string) string { return decode(intrinsic.Ref(id)) }
	var egress []string
	for _, e := range link.SecurityGroupEgress {
		egress = append(egress, decode(*e.DestinationSecurityGroupId)+":"+strconv.Itoa(*e.FromPort))
	}
	if strings.Join(egress, " ") != ref("AlbSecurityGroup")+":80 "+ref("AdminAlbSecurityGroup")+":443" {
		t.Errorf("the link's group may reach %v", egress)
	}
	for id, port := range map[string]int{"AlbIngressFromApiVpcLink": 80, "AdminAlbIngressFromApiVpcLink": 443} {
		in, err := tmpl.GetEC2SecurityGroupIngressWithName(id)
		if err != nil {
			t.Fatal(err)
		}
		if *in.FromPort != port || *in.ToPort != port || decode(*in.SourceSecurityGroupId) != ref("ApiVpcLinkSecurityGroup") {
			t.Errorf("%s: %+v", id, in)
		}
	}
	for _, id := range []string{"AlbSecurityGroup", "AdminAlbSecurityGroup"} {
		g, _ := tmpl.GetEC2SecurityGroupWithName(id)
		if len(g.SecurityGroupIngress) != 0 {
			t.Errorf("%s admits CIDRs besides the link: %+v", id, g.SecurityGroupIngress)
		}
	}
	stage, err := tmpl.GetApiGatewayStageWithName("ApiStage")
	if err != nil {
		t.Fatal(err)
	}
	if got := decode(stage.Variables["albHost"]); got != decode(intrinsic.GetAtt("Alb", "DNSName")) {
		t.Errorf("stage variable albHost = %q", got)
	}
	if _, ok := stage.Variables["adminAlbHost"]; ok {
		t.Error("the ALB with a host name needs no stage variable")
	}
	body := mustYAML(t, tmpl)
	for _, want := range []string{
		"uri: !Sub http://${Alb.DNSName}:80/orders/{id}",
		"uri: https://admin.example.com:443/admin/{proxy}",
		"integrationTarget: !Sub ${Alb}",
		"integrationTarget: !Sub ${AdminAlb}",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("template lacks %q", want)
		}
	}
}
