package blueprint

import (
	"strings"
	"testing"
)

// TestClaimOverlays: a name two environments in one account hold is told
// the overlay that gives the later one its own, written out; that overlay,
// applied as it is written, makes the Blueprint valid.
func TestClaimOverlays(t *testing.T) {
	const service = `services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
`
	for _, c := range []struct{ name, src, overlay string }{
		{"the ALB's name", "name: shop\ningress:\n  alb: {name: shop-web}\n" + service + "    alb: {paths: [\"/*\"]}\n",
			"{ingress: {alb: {name: shop-web-prod}}}"},
		{"an entry of ingress.albs", "name: shop\ningress:\n  albs: [{id: backend, scheme: internal, name: shop-backend}]\n" + service + "    alb: {loadBalancer: backend, paths: [\"/*\"]}\n",
			"{ingress: {albs: [{id: backend, name: shop-backend-prod}]}}"},
		{"the NLB's name", "name: shop\ningress:\n  nlb: {name: shop-nlb}\n" + service + "    nlb: {}\n",
			"{ingress: {nlb: {name: shop-nlb-prod}}}"},
		{"a log group", "name: shop\n" + service + "    logs: {group: /shop/web}\n",
			"{services: [{name: web, logs: {group: /shop/web/prod}}]}"},
		{"a parameter under parameters.prefix", "name: shop\nparameters: {prefix: /shop, create: [{name: db/host, value: db.internal}]}\n" + service,
			"{parameters: {prefix: /shop/prod}}"},
		{"a Cognito domain's prefix", "name: shop\nuserPools: [{name: staff, domain: {prefix: shop-staff}}]\n" + service,
			"{userPools: [{name: staff, domain: {prefix: shop-staff-prod}}]}"},
	} {
		_, err := Read("bp.yaml", []byte(c.src+"environments:\n  dev: {}\n  prod: {}\n"))
		want := "give each environment its own value in its overlay, as environments: {prod: " + c.overlay + "}, or, where the two are in different accounts, give each its accountId"
		if strings.Contains(c.name, "Cognito") {
			want = "give each environment its own value in its overlay, as environments: {prod: " + c.overlay + "}"
		}
		if err == nil || !strings.Contains(err.Error(), "is also environment dev's") || !strings.HasSuffix(err.Error(), "("+want+")") {
			t.Errorf("%s:\n got %v\nwant the fix %s", c.name, err, want)
			continue
		}
		if _, err := Read("bp.yaml", []byte(c.src+"environments: {dev: {}, prod: "+c.overlay+"}\n")); err != nil {
			t.Errorf("%s: the overlay the fix writes does not make it valid: %v", c.name, err)
		}
	}
}

// TestCognitoPrefixAcrossAccounts: a Cognito domain's prefix is one DNS
// name in a Region, whatever the account, so environments in accounts of
// their own cannot share one either; a load balancer's name they can.
func TestCognitoPrefixAcrossAccounts(t *testing.T) {
	const src = `name: shop
userPools: [{name: staff, domain: {prefix: shop-staff}}]
ingress:
  nlb: {name: shop-nlb}
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {}
environments:
  dev: {accountId: "111111111111"}
  prod: {accountId: "222222222222"}
`
	_, err := Read("bp.yaml", []byte(src))
	want := `bp.yaml:2:44: prod: userPools[0].domain.prefix: "shop-staff" is also environment dev's (bp.yaml:2:44): the Cognito domain: shop-staff.auth.REGION.amazoncognito.com is one name, which one user pool in a Region holds, in any account (give each environment its own value in its overlay, as environments: {prod: {userPools: [{name: staff, domain: {prefix: shop-staff-prod}}]}})`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestClaimAbsoluteParameter: a parameter named from / is an entry named
// by the name two environments hold, which no overlay renames: the fix
// moves it under parameters.prefix, and gives the environment a prefix of
// its own, which, applied, makes the Blueprint valid.
func TestClaimAbsoluteParameter(t *testing.T) {
	const rest = `services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
`
	_, err := Read("bp.yaml", []byte("name: shop\nparameters: {create: [{name: /shop/db/host, value: db.internal}]}\n"+rest+"environments: {dev: {}, prod: {}}\n"))
	want := `bp.yaml:2:30: prod: parameters.create[0].name: "/shop/db/host" is also environment dev's (bp.yaml:2:30): the SSM parameter can belong to one stack only, and every environment is a stack of its own in the account (an overlay cannot rename an entry: write its name under parameters.prefix (parameters: {prefix: /shop/db, create: [{name: host, ...}]}), and give prod a prefix of its own in its overlay (environments: {prod: {parameters: {prefix: /shop/db/prod}}}), or, where the two are in different accounts, give each its accountId)`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if _, err := Read("bp.yaml", []byte("name: shop\nparameters: {prefix: /shop/db, create: [{name: host, value: db.internal}]}\n"+rest+"environments: {dev: {}, prod: {parameters: {prefix: /shop/db/prod}}}\n")); err != nil {
		t.Errorf("the fix, applied: %v", err)
	}
}
