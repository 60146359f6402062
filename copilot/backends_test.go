package copilot

import (
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// TestBackendsCalledByName: a Backend Service another service calls by
// Service Connect's or service discovery's name goes behind an internal ALB
// (its own without http, the shared one with), and the caller's value
// names that ALB's address; what cannot be converted keeps the note that
// says what to do. The Blueprint loads with no problem.
func TestBackendsCalledByName(t *testing.T) {
	res, err := Convert(fstest.MapFS{
		".workspace":          {Data: []byte("application: shop\n")},
		"web/manifest.yml":    {Data: []byte("name: web\ntype: Load Balanced Web Service\nhttp: {path: /}\nimage: {location: 'nginx:1.27', port: 8080}\nvariables:\n  ORDERS: http://orders:8080/v1\n  STOCK: stock.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:9000\n  ADMIN: http://admin:8080\n  ALIASED: http://stock-api:9000/q\n  NOPORT: http://noport:8080\n  FLAGS: --upstream=http://orders:8080\n")},
		"orders/manifest.yml": {Data: []byte("name: orders\ntype: Backend Service\nimage:\n  location: 'nginx:1.27'\n  port: 8080\n  healthcheck: {command: [CMD-SHELL, 'curl -f http://localhost:8080/health || exit 1']}\n")},
		"stock/manifest.yml":  {Data: []byte("name: stock\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 9000}\nnetwork: {connect: {alias: stock-api}}\n")},
		"admin/manifest.yml":  {Data: []byte("name: admin\ntype: Backend Service\nhttp: {path: admin}\nimage: {location: 'nginx:1.27', port: 8080}\n")},
		"noport/manifest.yml": {Data: []byte("name: noport\ntype: Backend Service\nimage: {location: 'nginx:1.27'}\n")},
		"alone/manifest.yml":  {Data: []byte("name: alone\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 8080}\n")},
	}, Options{Tag: "1.0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  albs:\n    - {id: internal, scheme: internal}\n    - {id: orders, scheme: internal}\n    - {id: stock, scheme: internal}\n",
		"    alb:\n      loadBalancer: orders\n      paths: [/*]\n      healthCheck: {path: /health}\n",
		"    alb:\n      loadBalancer: stock\n      paths: [/*]\n",
		"          ORDERS: http://${ingress.albs.orders.dnsName}/v1\n",
		"          STOCK: http://${ingress.albs.stock.dnsName}\n",
		"          ADMIN: http://${ingress.albs.internal.dnsName}\n",
		"          ALIASED: http://${ingress.albs.stock.dnsName}/q\n",
		"          NOPORT: http://noport:8080\n",
		"          FLAGS: --upstream=http://orders:8080\n",
	} {
		if !strings.Contains(string(res.Blueprint), want) {
			t.Errorf("the Blueprint lacks\n%s\n%s", want, res.Blueprint)
		}
	}
	calls := func(value, service string) string {
		return value + " calls the service " + service + " by the name Service Connect or service discovery gave it, which a Blueprint has neither of: "
	}
	hasNotes(t, res.Notes,
		"orders/manifest.yml:1: type: a Backend Service, which web calls by name through Service Connect: converted behind an internal ALB of its own (ingress.albs, id orders), at every path, whose address the callers' values name; the ALB asks GET /health for health, the path its container's health check asks",
		"stock/manifest.yml:1: type: a Backend Service, which web calls by name through Service Connect: converted behind an internal ALB of its own (ingress.albs, id stock), at every path, whose address the callers' values name; the ALB asks GET / for health, which must answer 200: write alb.healthCheck.path if it does not",
		"web/manifest.yml:6: variables.ORDERS: "+calls("http://orders:8080/v1", "orders")+"converted to http://${ingress.albs.orders.dnsName}/v1, the address of the internal ALB orders is behind (ingress.albs, id orders), which listens on port 80: the template writes the ALB's DNS name there and lets this service's tasks reach it",
		"web/manifest.yml:7: variables.STOCK: "+calls("stock.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:9000", "stock")+"converted to http://${ingress.albs.stock.dnsName}, the address of the internal ALB stock is behind (ingress.albs, id stock), which listens on port 80: the template writes the ALB's DNS name there and lets this service's tasks reach it",
		"web/manifest.yml:8: variables.ADMIN: "+calls("http://admin:8080", "admin")+"converted to http://${ingress.albs.internal.dnsName}, the address of the internal ALB admin is behind (ingress.albs, id internal) (the ALB sends it /admin and /admin/* alone), which listens on port 80: the template writes the ALB's DNS name there and lets this service's tasks reach it",
		"web/manifest.yml:10: variables.NOPORT: "+calls("http://noport:8080", "noport")+"put noport behind an internal ALB, an entry of ingress.albs (https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md), and write its address here as ${ingress.albs.ID.dnsName}, which the template fills in and opens the security groups for",
		"web/manifest.yml:11: variables.FLAGS: "+calls("--upstream=http://orders:8080", "orders")+"orders is behind the internal ALB orders (ingress.albs), which listens on port 80: write its address, http://${ingress.albs.orders.dnsName}, in place of the name and port, and the template fills it in and opens the security groups for it",
		"alone/manifest.yml:1: type: a Backend Service is reached by name through Service Connect, which a Blueprint has no counterpart for: put it behind an internal ALB (an entry of ingress.albs, https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md) and name its address in the callers' environment as ${ingress.albs.ID.dnsName}",
	)
	for _, n := range res.Notes {
		if strings.Contains(n.Text, "Copilot's variable") {
			t.Errorf("a converted address is still noted for Copilot's variable: %s", n)
		}
	}
	if _, err := blueprint.Read("shop.yaml", res.Blueprint); err != nil {
		t.Errorf("the Blueprint does not load: %v\n%s", err, res.Blueprint)
	}
}

// TestAddressed: a value that starts with a service's Copilot name becomes
// its ALB's address with the path after; one that does not stays.
func TestAddressed(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"http://orders:8080", "http://${ingress.albs.orders.dnsName}"},
		{"http://orders:8080/v1/items", "http://${ingress.albs.orders.dnsName}/v1/items"},
		{"http://orders/v1", "http://${ingress.albs.orders.dnsName}/v1"},
		{"https://orders:8443", "http://${ingress.albs.orders.dnsName}"},
		{"orders.prod.shop.local:8080", "http://${ingress.albs.orders.dnsName}"},
		{"http://orders.prod.shop.local/x", "http://${ingress.albs.orders.dnsName}/x"},
		{"orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:8080", "http://${ingress.albs.orders.dnsName}"},
		{"http://orders-db:5432", ""},
		{"--upstream=http://orders:8080", ""},
	} {
		got, ok := addressed(c.value, "orders", "orders")
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("addressed(%q) = %q, want %q", c.value, got, c.want)
		}
	}
}

// TestCommandPath: the path a health check command asks of the container.
func TestCommandPath(t *testing.T) {
	for _, c := range []struct{ command, want string }{
		{"[CMD-SHELL, 'curl -f http://localhost:8080/health || exit 1']", "/health"},
		{"[CMD, wget, -q, 'http://127.0.0.1/ready']", "/ready"},
		{"'curl -f http://localhost:8080 || exit 1'", "/"},
		{"[CMD-SHELL, 'pgrep app']", ""},
	} {
		if got := commandPath(node(t, c.command)); got != c.want {
			t.Errorf("commandPath(%s) = %q, want %q", c.command, got, c.want)
		}
	}
}

// node parses YAML text into the node it holds.
func node(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}
