package diff

import (
	"bytes"
	"strings"
	"testing"
)

const apiBase = `openapi: 3.0.3
info: {title: t, version: "1"}
security:
  - auth: [shop/orders]
paths:
  /orders:
    parameters:
      - {name: tenant, in: header, required: true, schema: {type: string}}
    post:
      x-amazon-apigateway-request-validator: body-and-parameters
      x-amazon-apigateway-integration: {type: http_proxy, uri: "https://backend:8443/orders"}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses: {'201': {description: ok}}
  /products:
    get:
      security: []
      x-amazon-apigateway-request-validator: parameters
      x-amazon-apigateway-integration: {type: http_proxy, uri: "https://backend:443/products"}
      responses: {'200': {description: ok}}
components:
  schemas:
    Order:
      type: object
      required: [items]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Line'}}
    Line:
      type: object
      properties:
        quantity: {type: integer, minimum: 1}
`

// TestAPIChanges: each kind of API change is named on its operation.
func TestAPIChanges(t *testing.T) {
	cases := []struct{ name, old, new, want string }{
		{"an operation added", "  /products:\n", "  /basket:\n    delete:\n      responses: {'204': {description: ok}}\n  /products:\n", "added operation DELETE /basket"},
		{"an operation removed", "    get:\n      security: []", "    put:\n      security: []", "removed operation GET /products"},
		{"a required parameter", "required: true, schema", "required: false, schema", "required parameters: header tenant -> (none)"},
		{"a shared schema's constraint", "minimum: 1}", "minimum: 2}", "request body schema.properties.items.items.properties.quantity.minimum: 1 -> 2"},
		{"a required field", "required: [items]", "required: []", `request body schema.required: ["items"] -> []`},
		{"the scopes", "  - auth: [shop/orders]", "  - auth: [shop/admin]", `security: [{"auth":["shop/orders"]}] -> [{"auth":["shop/admin"]}]`},
		{"an operation made public", "    post:\n", "    post:\n      security: []\n", `-> public`},
		{"the validator", "validator: body-and-parameters", "validator: parameters", "request validator: body-and-parameters -> parameters"},
		{"the service", "https://backend:8443/orders", "https://backend:9443/orders", "integration: http_proxy https://backend:8443/orders -> http_proxy https://backend:9443/orders"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(apiBase, c.old) {
				t.Fatalf("no %q", c.old)
			}
			r, err := APIs([]byte(apiBase), []byte(strings.Replace(apiBase, c.old, c.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			WriteAPI(&out, r)
			if !strings.Contains(out.String(), c.want) {
				t.Errorf("want %q in:\n%s", c.want, out.String())
			}
		})
	}
	if r, _ := APIs([]byte(apiBase), []byte(apiBase)); !r.Empty() {
		t.Errorf("the same document compares as changed: %+v", r)
	}
}
