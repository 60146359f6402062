package blueprint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// designBlueprint is a Blueprint that serves the document api.yaml with two
// services; the tests replace parts of it.
const designBlueprint = `name: shop
network:
  vpc: {cidr: 10.0.0.0/16, azs: 2}
ingress:
  nlb: {}
services:
  - name: catalog
    containers:
      - {name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}
    cpu: 256
    memory: 512
    nlb: {port: 80}
  - name: orders
    containers:
      - {name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}
    cpu: 256
    memory: 512
    nlb: {port: 8080}
userPools:
  - name: customers
    arn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123
api:
  openapi: api.yaml
  serve:
    - service: catalog
      paths: [/products]
    - service: orders
      tags: [orders]
  authorizers:
    auth: customers
`

// designDocument is the document designBlueprint serves.
const designDocument = `openapi: 3.0.3
info: {title: Shop, version: "1.0"}
paths:
  /products:
    get:
      operationId: listProducts
      security: []
      responses:
        '200': {description: ok}
  /orders:
    post:
      operationId: createOrder
      tags: [orders]
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/OrderInput'
      responses:
        '201': {description: created}
security:
  - auth: [shop/orders]
components:
  securitySchemes:
    auth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/oauth2/token
          scopes: {shop/orders: orders}
  schemas:
    OrderInput:
      type: object
      required: [items]
      properties:
        items:
          type: array
          items: {type: string}
`

// loadDesign writes a Blueprint and its files into a new directory and
// loads it.
func loadDesign(t *testing.T, blueprint string, files map[string]string) (*Blueprint, Problems) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "blueprint.yaml")
	if err := os.WriteFile(path, []byte(blueprint), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(path)
	var problems Problems
	if err != nil && !errors.As(err, &problems) {
		t.Fatal(err)
	}
	for i := range problems {
		problems[i].File = strings.TrimPrefix(problems[i].File, dir+string(filepath.Separator))
	}
	return b, problems
}

// at is the line and column of the first occurrence of marker in text,
// or of the place a | in the marker stands for.
func at(t *testing.T, text, marker string) string {
	t.Helper()
	before, _, cut := strings.Cut(marker, "|")
	i := strings.Index(text, strings.Replace(marker, "|", "", 1))
	if i < 0 {
		t.Fatalf("marker %q not in the text", marker)
	}
	if cut {
		i += len(before)
	}
	line := strings.Count(text[:i], "\n") + 1
	col := i - strings.LastIndex(text[:i], "\n")
	return fmt.Sprintf("%d:%d", line, col)
}

func TestDesignFirstBaseIsValid(t *testing.T) {
	b, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": designDocument})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	routes := b.API.Routes
	if len(routes) != 2 {
		t.Fatalf("routes %+v", routes)
	}
	if r := routes[0]; r.Path != "/products" || r.Method != "GET" || r.Service != "catalog" || r.Auth != nil {
		t.Errorf("route 0 %+v", r)
	}
	if r := routes[1]; r.Service != "orders" || r.Auth == nil || r.Auth.UserPool != "customers" || strings.Join(r.Auth.Scopes, ",") != "shop/orders" {
		t.Errorf("route 1 %+v auth %+v", r, r.Auth)
	}
	doc := b.APIDocument()
	if doc == nil || !doc.Operations[1].InheritsSecurity || !doc.Operations[1].ValidatesBody || doc.Operations[0].ValidatesBody {
		t.Errorf("operations %+v", doc.Operations)
	}
}

// TestDesignFirstProblems: each problem of mapping operations to services,
// of security and of request models, at its file, line and column.
func TestDesignFirstProblems(t *testing.T) {
	type edit struct{ old, new string }
	cases := []struct {
		name      string
		blueprint []edit // replacements in designBlueprint
		document  []edit // replacements in designDocument
		file      string // the problem's file: blueprint.yaml or api.yaml
		marker    string // where it is: the first occurrence of this text in the file after the edits
		message   string
	}{
		{"an operation no rule reaches", nil, []edit{{"  /orders:\n", "  /health:\n    get:\n      operationId: health\n      responses:\n        '200': {description: ok}\n  /orders:\n"}},
			"api.yaml", "operationId: health", "no api.serve rule reaches GET /health"},
		{"a path rule that reaches no operation", []edit{{"paths: [/products]", "paths: [/products, /basket]"}}, nil,
			"blueprint.yaml", "/basket", `"/basket" reaches no operation of`},
		{"a rule that only loses", []edit{{"      tags: [orders]\n", "      tags: [orders]\n    - service: catalog\n      paths: [/orders]\n"}}, nil,
			"blueprint.yaml", "/orders]", `"/orders" reaches 1 operations, and a more specific rule takes every one of them`},
		{"two rules claim one operation", []edit{{"      tags: [orders]\n", "      tags: [orders]\n    - service: catalog\n      tags: [orders]\n"}}, nil,
			"blueprint.yaml", "orders]\n  authorizers", `tag "orders" of service catalog claims POST /orders (`},
		{"a prefix is whole segments", []edit{{"paths: [/products]", "paths: [/prod]"}}, nil,
			"blueprint.yaml", "/prod]", `"/prod" reaches no operation`},

		{"HTTP basic", nil, []edit{{"      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://auth.example.com/oauth2/token\n          scopes: {shop/orders: orders}\n", "      type: http\n      scheme: basic\n"}},
			"api.yaml", "type: http", "HTTP basic authentication: API Gateway has no authorizer that checks a user name and password"},
		{"an API key scheme", nil, []edit{{"      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://auth.example.com/oauth2/token\n          scopes: {shop/orders: orders}\n", "      type: apiKey\n      name: X-Key\n      in: header\n"}},
			"api.yaml", "type: apiKey", "an API key scheme: gen binds security schemes to Cognito user pools only"},
		{"a scheme bound to no pool", []edit{{"  authorizers:\n    auth: customers\n", ""}}, nil,
			"api.yaml", "type: oauth2", `api.authorizers binds it to no user pool`},
		{"a binding of a scheme the document lacks", []edit{{"    auth: customers\n", "    auth: customers\n    partner: customers\n"}}, nil,
			"blueprint.yaml", "partner: |customers", `api.yaml has no security scheme "partner"`},
		{"a binding to an unknown pool", []edit{{"    auth: customers\n", "    auth: staff\n"}}, nil,
			"blueprint.yaml", "auth: |staff", `user pool "staff" is not in userPools`},
		{"alternative requirements", nil, []edit{{"security:\n  - auth: [shop/orders]\n", "security:\n  - auth: [shop/orders]\n  - auth: []\n"}},
			"api.yaml", "- auth: [shop/orders]", "POST /orders lists 2 alternative security requirements"},
		{"optional authentication", nil, []edit{{"security:\n  - auth: [shop/orders]\n", "security:\n  - {}\n"}},
			"api.yaml", "{}\ncomponents", "an empty requirement makes authentication optional"},
		{"additionalProperties in a request model", nil, []edit{{"      required: [items]\n", "      required: [items]\n      additionalProperties: false\n"}},
			"api.yaml", "additionalProperties", "additionalProperties in a request schema: API Gateway's models do not support additionalProperties"},
		{"nullable in a request model", nil, []edit{{"          items: {type: string}\n", "          items: {type: string}\n          nullable: true\n"}},
			"api.yaml", "nullable", "nullable in a request schema: draft 4 models have no nullable"},
		{"oneOf in a request model", nil, []edit{{"          items: {type: string}\n", "          items:\n            oneOf: [{type: string}, {type: integer}]\n"}},
			"api.yaml", "oneOf", "oneOf in a request schema: API Gateway's models do not support oneOf"},
		{"int32 on a number", nil, []edit{{"          items: {type: string}\n", "          items: {type: number, format: int32}\n"}},
			"api.yaml", "format: int32", "format in a request schema: API Gateway does not support format int32 on type number"},
		{"a discriminator anywhere", nil, []edit{{"  schemas:\n", "  schemas:\n    Pet:\n      type: object\n      discriminator: {propertyName: kind}\n"}},
			"api.yaml", "discriminator", "API Gateway supports no discriminator in any schema"},
		{"a model name API Gateway refuses", nil, []edit{{"  schemas:\n", "  schemas:\n    order_line:\n      type: object\n"}},
			"api.yaml", "order_line:", `schema name "order_line": API Gateway model names are letters and digits only`},
		{"a $ref into a schema", nil, []edit{{"$ref: '#/components/schemas/OrderInput'", "$ref: '#/components/schemas/OrderInput/properties/items'"}},
			"api.yaml", "$ref: |'#/components/schemas/OrderInput/properties/items'", "a model refers to other models only"},
		{"routes and a document", []edit{{"  openapi: api.yaml\n", "  openapi: api.yaml\n  routes:\n    - {path: /x, method: GET, service: catalog}\n"}}, nil,
			"blueprint.yaml", "routes:", "api.routes and api.openapi both define the API"},
		{"a document that is not there", []edit{{"openapi: api.yaml", "openapi: missing.yaml"}}, nil,
			"blueprint.yaml", "missing.yaml", "missing.yaml: no such file or directory"},
		{"Swagger 2.0", nil, []edit{{"openapi: 3.0.3", "swagger: \"2.0\""}},
			"api.yaml", "swagger: |", "the document has no openapi field: gen reads OpenAPI 3.0 and 3.1"},
		{"a TRACE operation", nil, []edit{{"  /orders:\n    post:", "  /orders:\n    trace:\n      responses:\n        '200': {description: ok}\n    post:"}},
			"api.yaml", "trace:", "API Gateway has no TRACE method"},
		{"an example its own schema refuses", nil, []edit{{"      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/OrderInput'\n", "      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/OrderInput'\n            example: {note: hello}\n"}},
			"api.yaml", "operationId: createOrder", `the document is not valid OpenAPI: invalid paths: invalid path /orders: invalid operation POST: invalid example: Error at "/items": property "items" is missing`},
		{"a reference to a URL", nil, []edit{{"$ref: '#/components/schemas/OrderInput'", "$ref: 'https://example.com/schemas.yaml#/Order'"}},
			"api.yaml", "$ref: |'https", "API Gateway follows no reference to a URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bp, doc := designBlueprint, designDocument
			for _, e := range c.blueprint {
				if !strings.Contains(bp, e.old) {
					t.Fatalf("blueprint has no %q", e.old)
				}
				bp = strings.Replace(bp, e.old, e.new, 1)
			}
			for _, e := range c.document {
				if !strings.Contains(doc, e.old) {
					t.Fatalf("document has no %q", e.old)
				}
				doc = strings.Replace(doc, e.old, e.new, 1)
			}
			_, problems := loadDesign(t, bp, map[string]string{"api.yaml": doc})
			text := map[string]string{"blueprint.yaml": bp, "api.yaml": doc}[c.file]
			want := c.file + ":" + at(t, text, c.marker)
			for _, p := range problems {
				if strings.Contains(p.Message, c.message) {
					if got := fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column); got != want {
						t.Errorf("at %s, want %s: %s", got, want, p)
					}
					if p.Fix == "" {
						t.Errorf("no fix: %s", p)
					}
					return
				}
			}
			t.Errorf("no problem %q at %s; got:\n%v", c.message, want, problems)
		})
	}
}

// TestDesignFirstExternalRefs: a $ref to another file is bundled into the
// document's components (API Gateway reads one document), its own refs with
// it.
func TestDesignFirstExternalRefs(t *testing.T) {
	doc := strings.Replace(designDocument, "$ref: '#/components/schemas/OrderInput'", "$ref: 'schemas/orders.yaml#/OrderInput'", 1)
	doc = strings.Replace(doc, "    OrderInput:\n      type: object\n      required: [items]\n      properties:\n        items:\n          type: array\n          items: {type: string}\n", "    Placeholder: {type: string}\n", 1)
	other := "OrderInput:\n  type: object\n  required: [items]\n  properties:\n    items:\n      type: array\n      items:\n        $ref: '#/Item'\nItem:\n  type: string\n  maxLength: 20\n"
	b, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": doc, "schemas/orders.yaml": other})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	root := b.APIDocument().Root
	schemas := yamlout.Value(yamlout.Value(root, "components"), "schemas")
	for _, name := range []string{"OrderInput", "Item"} {
		if yamlout.Value(schemas, name) == nil {
			t.Errorf("components.schemas.%s not bundled", name)
		}
	}
	items := yamlout.Value(yamlout.Value(yamlout.Value(yamlout.Value(schemas, "OrderInput"), "properties"), "items"), "items")
	if ref := scalarValue(yamlout.Value(items, "$ref")); ref != "#/components/schemas/Item" {
		t.Errorf("the bundled schema's own ref is %q", ref)
	}
	op := yamlout.Value(yamlout.Value(yamlout.Value(root, "paths"), "/orders"), "post")
	schema := yamlout.Value(yamlout.Value(yamlout.Value(yamlout.Value(op, "requestBody"), "content"), "application/json"), "schema")
	if ref := scalarValue(yamlout.Value(schema, "$ref")); ref != "#/components/schemas/OrderInput" {
		t.Errorf("the operation's ref is %q", ref)
	}
}

// document31 is designDocument as OpenAPI 3.1, with the constructs that
// have an exact OpenAPI 3.0 form.
const document31 = `openapi: 3.1.0
info: {title: Shop, version: "1.0"}
paths:
  /products:
    get:
      operationId: listProducts
      security: []
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Product'}
  /orders:
    post:
      operationId: createOrder
      tags: [orders]
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/OrderInput'
      responses:
        '201': {description: created}
security:
  - auth: [shop/orders]
components:
  securitySchemes:
    auth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/oauth2/token
          scopes: {shop/orders: orders}
  schemas:
    Product:
      type: object
      properties:
        note:
          type: [string, "null"]
        kind:
          const: book
        price:
          type: number
          exclusiveMinimum: 0
        sku:
          type: string
          examples: [BK-00001]
        money:
          $ref: '#/components/schemas/Money'
          description: The price with its currency.
    Money: {type: object}
    OrderInput:
      type: object
      required: [items]
      properties:
        items:
          type: array
          items: {type: string}
`

// TestOpenAPI31Converts: each 3.1 construct with an exact OpenAPI 3.0 form
// is rewritten in it.
func TestOpenAPI31Converts(t *testing.T) {
	b, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": document31})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	root := b.APIDocument().Root
	if v := scalarValue(yamlout.Value(root, "openapi")); v != "3.0.3" {
		t.Errorf("openapi %q", v)
	}
	props := yamlout.Value(yamlout.Value(yamlout.Value(yamlout.Value(root, "components"), "schemas"), "Product"), "properties")
	want := map[string]string{
		"note":  "{type: string, nullable: true}",
		"kind":  "{enum: [book]}",
		"price": "{type: number, exclusiveMinimum: true, minimum: 0}",
		"sku":   "{type: string, example: BK-00001}",
		"money": "{description: The price with its currency., allOf: [{$ref: '#/components/schemas/Money'}]}",
	}
	for name, w := range want {
		var got, expect any
		if err := yamlout.Value(props, name).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(w), &expect); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(expect) {
			t.Errorf("%s: %v, want %v", name, got, expect)
		}
	}
}

// TestOpenAPI31Refuses: a 3.1 construct without an exact 3.0 form is
// refused at its position with the rewrite to make; none is dropped.
func TestOpenAPI31Refuses(t *testing.T) {
	cases := []struct{ old, new, marker, message string }{
		{"type: [string, \"null\"]", "type: [string, integer]", "type: |[string, integer]", "type [string, integer]: OpenAPI 3.0 has one type per schema"},
		{"examples: [BK-00001]", "examples: [BK-00001, BK-00002]", "examples:", "a schema with 2 examples: OpenAPI 3.0 has one example per schema"},
		{"        kind:\n          const: book\n", "        kind:\n          type: array\n          prefixItems: [{type: string}]\n", "prefixItems", "prefixItems is JSON Schema 2020-12"},
		{"info: {title: Shop, version: \"1.0\"}\n", "info: {title: Shop, version: \"1.0\", summary: Shop}\n", "summary", "info.summary is OpenAPI 3.1 only"},
		{"paths:\n", "webhooks: {}\npaths:\n", "webhooks", "webhooks is OpenAPI 3.1 only"},
		{"          type: number\n          exclusiveMinimum: 0\n", "          type: number\n          minimum: 1\n          exclusiveMinimum: 0\n", "exclusiveMinimum: |0", "exclusiveMinimum beside minimum has no OpenAPI 3.0 form"},
		{"          const: book\n", "          const: book\n          enum: [book, cd]\n", "const", "const beside enum has no OpenAPI 3.0 form"},
		{"          type: [string, \"null\"]\n", "          type: \"null\"\n", "type: |\"null\"", "type null alone has no OpenAPI 3.0 form"},
	}
	for _, c := range cases {
		t.Run(c.message, func(t *testing.T) {
			if !strings.Contains(document31, c.old) {
				t.Fatalf("no %q", c.old)
			}
			doc := strings.Replace(document31, c.old, c.new, 1)
			_, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": doc})
			want := "api.yaml:" + at(t, doc, c.marker)
			for _, p := range problems {
				if strings.Contains(p.Message, c.message) {
					if got := fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column); got != want {
						t.Errorf("at %s, want %s", got, want)
					}
					return
				}
			}
			t.Errorf("no problem %q; got %v", c.message, problems)
		})
	}
}

// TestOpenAPI31NullInARequest: 3.1's type list with null, in a schema the
// gateway validates requests against, is refused where it is written and
// as it is written, not as the nullable gen converts it to.
func TestOpenAPI31NullInARequest(t *testing.T) {
	doc := strings.Replace(document31, "          type: array\n          items: {type: string}\n", "          type: [array, \"null\"]\n          items: {type: string}\n", 1)
	_, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": doc})
	want := "api.yaml:" + at(t, doc, "type: |[array") + ": components.schemas.OrderInput.properties.items.type: type [array, null] in a request schema: API Gateway imports OpenAPI 3.0, where this is nullable, which its draft 4 models do not have, so the gateway would refuse the null the document allows (leave the property out instead of sending null, and write type: array)"
	if len(problems) != 1 || !strings.HasSuffix(problems[0].String(), want) {
		t.Errorf("got %v\nwant …%s", problems, want)
	}
}

// TestServeRuleMisspelt: a serve rule whose paths are misspelt (path:) has
// that one problem: neither its emptiness nor the operations it was meant
// to reach are said beside it.
func TestServeRuleMisspelt(t *testing.T) {
	for _, c := range []struct{ written, fix string }{
		{"path: /products", `write paths: ["/products"]`},
		{"path: [/products]", ""},
	} {
		bp := strings.Replace(designBlueprint, "      paths: [/products]\n", "      "+c.written+"\n", 1)
		_, problems := loadDesign(t, bp, map[string]string{"api.yaml": designDocument})
		want := "blueprint.yaml:" + at(t, bp, c.written) + `: api.serve[0].path: unknown field "path" (did you mean "paths"?`
		if c.fix != "" {
			want += " " + c.fix
		}
		if len(problems) != 1 || !strings.HasSuffix(problems[0].String(), want+")") {
			t.Errorf("%s: got %v\nwant …%s)", c.written, problems, want)
		}
	}
}

// TestDesignFirstDocumentSize: a document larger than API Gateway imports
// is refused at api.openapi, with the quota.
func TestDesignFirstDocumentSize(t *testing.T) {
	big := strings.Replace(designDocument, `info: {title: Shop, version: "1.0"}`, `info: {title: Shop, version: "1.0", description: "`+strings.Repeat("x", 6<<20)+`"}`, 1)
	_, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": big})
	want := "blueprint.yaml:" + at(t, designBlueprint, "openapi: |api.yaml")
	for _, p := range problems {
		if strings.Contains(p.Message, "bytes per imported API definition") {
			if got := fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column); got != want {
				t.Errorf("at %s, want %s", got, want)
			}
			return
		}
	}
	t.Errorf("no size problem: %v", problems)
}

// FuzzDesignDocument: whatever the API document holds, loading the
// Blueprint that names it reports problems or succeeds; it never panics.
func FuzzDesignDocument(f *testing.F) {
	f.Add([]byte(designDocument))
	f.Add([]byte(document31))
	f.Add([]byte("openapi: 3.1.0\npaths:\n  /a:\n    get: &x {security: [*x]}\n"))
	f.Add([]byte(`{"openapi": "3.0.0", "paths": {"/x": {"post": {"requestBody": {"$ref": "#/nowhere"}}}}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		files := func(name string) ([]byte, error) {
			if name == "api.yaml" {
				return doc, nil
			}
			return nil, os.ErrNotExist
		}
		b, err := parse("blueprint.yaml", []byte(designBlueprint), files)
		if b != nil && err == nil {
			b.resolveOnRead()
		}
	})
}

// TestServeValueMeantFix: a serve rule's value that reaches no operation
// gets the path whose part it begins, or the operation ID or tag it is a
// typo of.
func TestServeValueMeantFix(t *testing.T) {
	tagged := func(tag string) *yaml.Node {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte("{tags: ["+tag+"]}"), &n); err != nil {
			t.Fatal(err)
		}
		return n.Content[0]
	}
	doc := &APIDocument{Operations: []APIOperation{
		{Path: "/products", Method: "GET", ID: "listProducts", Node: tagged("catalog")},
		{Path: "/products/{id}", Method: "GET", ID: "getProduct", Node: tagged("catalog")},
		{Path: "/orders", Method: "POST", ID: "createOrder", Node: tagged("orders")},
	}}
	for _, tt := range []struct{ field, value, want string }{
		{"paths", "/prod", "write /products: a path reaches the operations at and under it by whole parts, and /prod only begins /products"},
		{"paths", "/products/{i", "write /products/{id}: a path reaches the operations at and under it by whole parts, and /products/{i only begins /products/{id}"},
		{"paths", "/users", "correct it, or remove it"},
		{"operations", "getProdcut", `did you mean "getProduct"?`},
		{"operations", "deleteEverything", "correct it, or remove it"},
		{"tags", "order", `did you mean "orders"?`},
	} {
		if got := (serveValue{field: tt.field, value: tt.value}).meantFix(doc); got != tt.want {
			t.Errorf("%s %q: %s, want %s", tt.field, tt.value, got, tt.want)
		}
	}
}

// TestDesignFirstAsWritten: the team's document named as it is not there,
// by an address, a pool bound under a typo, and a serve path written as a
// pattern each get the one problem with the fix to write.
func TestDesignFirstAsWritten(t *testing.T) {
	for _, c := range []struct{ name, old, new, message, fix string }{
		{"another extension", "openapi: api.yaml", "openapi: api.yml",
			"cannot read api.yml: no such file or directory", `did you mean "api.yaml"?`},
		{"another name", "openapi: api.yaml", "openapi: shop.yaml",
			"cannot read shop.yaml: no such file or directory", `name the document's file relative to the Blueprint; its folder has "api.yaml", "blueprint.yaml"`},
		{"an address", "openapi: api.yaml", "openapi: https://example.com/api.yaml",
			`"https://example.com/api.yaml" is an address: gen reads the document from a file, and fetches nothing`, "save the document beside the Blueprint, in the repository, and name its file: what is deployed is then what was reviewed"},
		{"a pool's typo", "auth: customers", "auth: customer",
			`user pool "customer" is not in userPools`, `did you mean "customers"?`},
		{"a scheme's name misspelt", "    auth: customers", "    Auth: customers",
			`api.yaml has no security scheme "Auth"`, `did you mean "auth"?`},
		{"another name for the only scheme", "    auth: customers", "    cognito: customers",
			`api.yaml has no security scheme "cognito"`, "name one of the document's security schemes: auth"},
		{"a path as a pattern", "paths: [/products]", "paths: [/products/*]",
			`"/products/*" reaches no operation of api.yaml`, "write /products: a path takes no wildcard, and reaches the operations at and under it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bp := strings.Replace(designBlueprint, c.old, c.new, 1)
			if bp == designBlueprint {
				t.Fatalf("no %q", c.old)
			}
			_, problems := loadDesign(t, bp, map[string]string{"api.yaml": designDocument})
			if len(problems) != 1 {
				t.Fatalf("want one problem, got:\n%v", problems)
			}
			// The folder is a temporary one: messages name files relative to it.
			message := regexp.MustCompile(regexp.QuoteMeta(os.TempDir())+`/\S*?/\d{3}/`).ReplaceAllString(problems[0].Message, "")
			if message != c.message || problems[0].Fix != c.fix {
				t.Errorf("got %s (%s)\nwant %s (%s)", message, problems[0].Fix, c.message, c.fix)
			}
		})
	}
}

// TestDesignFirstProblemsInOtherFiles: a problem in a schema bundled from
// another file is reported at its position in that file, with its path
// there, not at the document's components it was copied into.
func TestDesignFirstProblemsInOtherFiles(t *testing.T) {
	doc := strings.Replace(designDocument, "$ref: '#/components/schemas/OrderInput'", "$ref: 'schemas/orders.yaml#/OrderInput'", 1)
	doc = strings.Replace(doc, "    OrderInput:\n", "    Placeholder: {type: string}\n    Unused:\n", 1)
	other := "OrderInput:\n  type: object\n  properties:\n    note: {type: string, nullable: true}\n"
	_, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": doc, "schemas/orders.yaml": other})
	want := "schemas/orders.yaml:" + at(t, other, "|nullable") + ": OrderInput.properties.note.nullable: nullable in a request schema: draft 4 models have no nullable, so the gateway would refuse the null the document allows (leave the property out instead of sending null, or remove nullable)"
	if len(problems) != 1 || problems[0].String() != want {
		t.Errorf("got %v\nwant %s", problems, want)
	}
}

// TestDocumentThatIsNoMapping: a file that holds a list, a word or
// nothing is no OpenAPI document, told at what it holds, or at its start.
func TestDocumentThatIsNoMapping(t *testing.T) {
	for text, want := range map[string]string{
		"- openapi\n- info\n": "api.yaml:1:1: the file is not an OpenAPI document (no top-level mapping) (write an OpenAPI document: openapi, info, paths)",
		"\n\n  root:x:0:0\n":  "api.yaml:3:3: the file is not an OpenAPI document (no top-level mapping) (write an OpenAPI document: openapi, info, paths)",
		"":                    "api.yaml:1:1: the file is not an OpenAPI document (no top-level mapping) (write an OpenAPI document: openapi, info, paths)",
	} {
		_, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": text})
		if len(problems) != 1 || problems[0].String() != want {
			t.Errorf("%q: got %v\nwant %s", text, problems, want)
		}
	}
}

// TestServerBasePath: a base path in the document's first server that is
// not in the address clients call is a warning, at the server's URL, with
// the fix that fits: the stage named after it, or the paths written with
// it. The stage itself, a URL without a path, and CloudFront without a base
// path are what clients call.
func TestServerBasePath(t *testing.T) {
	const cdn = "dns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\ncdn: {domains: [api.shop.test], certificate: \"arn:aws:acm:us-east-1:111122223333:certificate/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}\n"
	for _, c := range []struct {
		name, servers, stage, cdn, want string
	}{
		{"a version as the base path, stage dev", "servers: [{url: 'https://api.shop.test/v1'}]\n", "", "",
			"api.yaml:3:17: warning: servers[0].url: the base path /v1 is not in the address clients call: API Gateway's import leaves it out, so the operations are at the stage's URL as /dev/products, not /v1/products, and the services receive /products (name the stage after it (api.stage: v1), or leave it out of the URL)"},
		{"the stage as the base path", "servers: [{url: 'https://api.shop.test/v1'}]\n", "  stage: v1\n", "", ""},
		{"a base path of two parts", "servers: [{url: 'https://{host}/api/{version}/', variables: {host: {default: api.shop.test}, version: {default: v2}}}]\n", "", "",
			"api.yaml:3:17: warning: servers[0].url: the base path /api/v2 is not in the address clients call: API Gateway's import leaves it out, so the operations are at the stage's URL as /dev/products, not /api/v2/products, and the services receive /products (write /api/v2 in front of each of the document's paths (/api/v2/products), or leave it out of the URL)"},
		{"a basePath variable, which API Gateway reads first", "servers: [{url: 'https://api.shop.test/{basePath}', variables: {basePath: {default: /dev}}}]\n", "", "", ""},
		{"a relative URL", "servers: [{url: /v1}]\n", "", "",
			"api.yaml:3:17: warning: servers[0].url: the base path /v1 is not in the address clients call: API Gateway's import leaves it out, so the operations are at the stage's URL as /dev/products, not /v1/products, and the services receive /products (name the stage after it (api.stage: v1), or leave it out of the URL)"},
		{"no path", "servers: [{url: 'https://api.shop.test'}]\n", "", "", ""},
		{"CloudFront in front, a version as the base path", "servers: [{url: 'https://api.shop.test/v1'}]\n", "  stage: v1\n", cdn,
			"api.yaml:3:17: warning: servers[0].url: the base path /v1 is not in the address clients call: API Gateway's import leaves it out, so the operations are at CloudFront's domain as /products, not /v1/products, and the services receive /products (write /v1 in front of each of the document's paths (/v1/products), or leave it out of the URL)"},
		{"CloudFront in front, no base path", "servers: [{url: 'https://api.shop.test/'}]\n", "", cdn, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(designDocument, "paths:\n", c.servers+"paths:\n", 1)
			bp := strings.Replace(designBlueprint, "  openapi: api.yaml\n", "  openapi: api.yaml\n"+c.stage, 1)
			b, problems := loadDesign(t, strings.Replace(bp, "api:\n", c.cdn+"api:\n", 1), map[string]string{"api.yaml": doc})
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			var got []string
			for _, w := range b.Warnings() {
				if w.Path == "servers[0].url" {
					w.File = filepath.Base(w.File)
					got = append(got, w.String())
				}
			}
			if want := []string{c.want}; c.want == "" && len(got) > 0 || c.want != "" && !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestServerBasePathOfAnEnvironment: the warning at the document's server
// URL names the environment it is about when that environment's stage is
// not the document's base path and the base's is.
func TestServerBasePathOfAnEnvironment(t *testing.T) {
	doc := strings.Replace(designDocument, "paths:\n", "servers: [{url: 'https://api.shop.test/v1'}]\npaths:\n", 1)
	bp := strings.Replace(designBlueprint, "  openapi: api.yaml\n", "  openapi: api.yaml\n  stage: v1\n", 1) + "environments:\n  prod: {api: {stage: prod}}\n"
	b, problems := loadDesign(t, bp, map[string]string{"api.yaml": doc})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if w := b.Warnings(); slices.ContainsFunc(w, func(p Problem) bool { return p.Path == "servers[0].url" }) {
		t.Errorf("the base, stage v1, is warned: %v", w)
	}
	r, err := b.ResolveEnvironment("prod")
	if err != nil {
		t.Fatal(err)
	}
	const want = "api.yaml:3:17: warning: prod: servers[0].url: the base path /v1 is not in the address clients call: API Gateway's import leaves it out, so the operations are at the stage's URL as /prod/products, not /v1/products, and the services receive /products (name the stage after it (api.stage: v1), or leave it out of the URL)"
	var got []string
	for _, w := range r.Warnings {
		if w.Path == "servers[0].url" {
			w.File = filepath.Base(w.File)
			got = append(got, w.String())
		}
	}
	if !slices.Equal(got, []string{want}) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestRouteNamesInMessages: a message about two routes names the other by
// its field and its method and path in api.routes, and by its method and
// path alone for an API from the team's document, which has no api.routes.
func TestRouteNamesInMessages(t *testing.T) {
	doc := strings.Replace(designDocument, "paths:\n", "paths:\n  /products/{id}:\n    get: {security: [], parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}\n  /products/{productId}/assets:\n    get: {security: [], parameters: [{name: productId, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}\n", 1)
	_, problems := loadDesign(t, designBlueprint, map[string]string{"api.yaml": doc})
	want := "api.yaml:" + at(t, doc, "/products/{productId}/assets:\n    get: |{") + `: GET /products/{productId}/assets.path: {productId} and {id} (GET /products/{id}) are both variables under "/products/"; API Gateway allows one (use the same parameter name at this level in every route)`
	if len(problems) != 1 || problems[0].String() != want {
		t.Errorf("design first: got %v\nwant %s", problems, want)
	}
	const routes = "name: shop\ningress: {nlb: {}}\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}]\n    nlb: {}\napi:\n  routes:\n    - {method: GET, path: \"/orders/{id}\", service: web}\n    - {method: GET, path: \"/orders/{orderId}/items\", service: web}\n"
	_, err := Read("bp.yaml", []byte(routes))
	want = `bp.yaml:12:27: api.routes[1].path: {orderId} and {id} (api.routes[0] (GET /orders/{id})) are both variables under "/orders/"; API Gateway allows one (use the same parameter name at this level in every route)`
	if err == nil || err.Error() != want {
		t.Errorf("routes: got %v\nwant %s", err, want)
	}
}

// TestGatewayExtensionsOfTheDocument: an API Gateway extension that gen
// writes, written by the team's document too (as API Gateway's export
// writes integrations on every operation), is refused where it is written,
// instead of a document with the key twice. Gateway responses are gen's
// only with api.cors.
func TestGatewayExtensionsOfTheDocument(t *testing.T) {
	for _, c := range []struct {
		name, from, to, cors, want string
	}{
		{"an operation's integration", "      operationId: listProducts\n", "      operationId: listProducts\n      x-amazon-apigateway-integration: {type: mock}\n", "",
			"api.yaml:7:7: GET /products.x-amazon-apigateway-integration: the document writes an integration of its own, and gen writes each operation's, to the service api.serve sends it to (remove it (in a document exported from API Gateway, it names the old backend))"},
		{"an operation's request validator", "      operationId: createOrder\n", "      operationId: createOrder\n      x-amazon-apigateway-request-validator: all\n", "",
			"api.yaml:13:7: POST /orders.x-amazon-apigateway-request-validator: the document names a request validator of its own, and gen gives each operation one, of its required parameters and of its JSON body where it has one (remove it)"},
		{"the document's request validators", "security:\n", "x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}\nsecurity:\n", "",
			"api.yaml:21:1: x-amazon-apigateway-request-validators: the document declares request validators of its own, and gen declares those its operations use (remove them)"},
		{"gateway responses with api.cors", "security:\n", "x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {statusCode: 400}}\nsecurity:\n", "  cors: {origin: 'https://shop.test'}\n",
			"api.yaml:21:1: x-amazon-apigateway-gateway-responses: the document writes gateway responses of its own, and with api.cors gen writes those that carry the CORS headers (remove them, or api.cors)"},
		{"gateway responses without api.cors", "security:\n", "x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {statusCode: 400}}\nsecurity:\n", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(designDocument, c.from, c.to, 1)
			_, problems := loadDesign(t, strings.Replace(designBlueprint, "  openapi: api.yaml\n", "  openapi: api.yaml\n"+c.cors, 1), map[string]string{"api.yaml": doc})
			var got []string
			for _, p := range problems {
				p.File = filepath.Base(p.File)
				got = append(got, p.String())
			}
			if want := []string{c.want}; c.want == "" && len(got) > 0 || c.want != "" && !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}
