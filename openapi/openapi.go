package openapi

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
)

// Values are the stack values a document refers to, written as text that the
// consumer resolves: stage variables in openapi.yaml, Fn::Sub references in the
// template's Body.
type Values struct {
	// VpcLinkID is the VPC link's ID.
	VpcLinkID string
	// BackendHost is the NLB's host name as integration URIs use it.
	BackendHost string
	// ALBHost is the DNS name of an internal ALB that has no host name and
	// is called over HTTP.
	ALBHost func(lb blueprint.LoadBalancer) string
	// NLBTarget is the NLB's ARN, the integrationTarget of a VPC link V2.
	NLBTarget string
	// ALBTarget is an ALB's ARN, the integrationTarget of a VPC link V2.
	ALBTarget func(lb blueprint.LoadBalancer) string
	// UserPoolARN returns the ARN of the named user pool.
	UserPoolARN func(name string) string
}

// API Gateway's extensions that ecsgate writes, in a generated document
// and added to a team's (design first).
const (
	ExtIntegration       = "x-amazon-apigateway-integration"
	ExtRequestValidator  = "x-amazon-apigateway-request-validator"
	ExtRequestValidators = "x-amazon-apigateway-request-validators"
	ExtGatewayResponses  = "x-amazon-apigateway-gateway-responses"
	ExtAuthType          = "x-amazon-apigateway-authtype"
	ExtAuthorizer        = "x-amazon-apigateway-authorizer"
)

// Stage variable names set on the generated Stage.
const (
	VarVpcLinkID    = "vpcLinkId"
	VarBackendHost  = "backendHost"
	VarOriginVerify = "originVerify"
)

// StageVariables lists the stage variables the document uses, so that the
// Stage can define them: the VPC link, the DNS name of a load balancer called
// without a fixed host name, or, for public ALBs, the secret header's value
// (which thereby appears in neither document).
func StageVariables(b *blueprint.Resolved) []string {
	switch b.API.Backend {
	case blueprint.BackendALBPublic:
		return []string{VarOriginVerify}
	case blueprint.BackendALB:
		vars := []string{VarVpcLinkID}
		for _, lb := range b.APIALBs() {
			if len(lb.Hostnames) == 0 {
				vars = append(vars, ALBHostVariable(lb))
			}
		}
		return vars
	}
	vars := []string{VarVpcLinkID}
	if b.Ingress.NLB.Hostname == "" {
		vars = append(vars, VarBackendHost)
	}
	return vars
}

// ALBHostVariable is the stage variable holding the DNS name of an ALB the
// API calls over HTTP without a host name: albHost, or edgeAlbHost for the
// ALB "edge" (stage variable names take letters, digits and underscores).
func ALBHostVariable(lb blueprint.LoadBalancer) string {
	name := lb.Prefix + "AlbHost"
	return strings.ToLower(name[:1]) + name[1:]
}

// FileOutputs lists the stack outputs that openapi.yaml names as ${<output>}
// placeholders, to substitute before aws apigateway put-rest-api: the ARNs of
// the user pools the stack creates and of the load balancers a VPC link V2
// reaches. b must have its defaults applied.
func FileOutputs(b *blueprint.Resolved) []string {
	var list []string
	for _, p := range b.UserPools {
		if p.ARN == "" {
			list = append(list, blueprint.UserPoolARNOutput(p.Name))
		}
	}
	if b.API == nil || b.API.VpcLink != blueprint.VpcLinkV2 {
		return list
	}
	if b.API.Backend == blueprint.BackendNLB {
		return append(list, blueprint.NLBARNOutput)
	}
	for _, lb := range b.APIALBs() {
		list = append(list, lb.ARNOutput())
	}
	return list
}

// FileValues are the values of the importable openapi.yaml: stage variables for
// the VPC link (and load balancers' DNS names where they have no host name),
// literal ARNs of existing user pools, and ${...} placeholders naming the stack
// outputs that hold a created user pool's or load balancer's ARN: API Gateway
// documents stage variables in neither an authorizer nor an integrationTarget.
func FileValues(b *blueprint.Resolved) Values {
	host := "${stageVariables." + VarBackendHost + "}"
	if b.Ingress.NLB != nil && b.Ingress.NLB.Hostname != "" {
		host = b.Ingress.NLB.Hostname
	}
	return Values{
		VpcLinkID:   "${stageVariables." + VarVpcLinkID + "}",
		BackendHost: host,
		ALBHost: func(lb blueprint.LoadBalancer) string {
			return "${stageVariables." + ALBHostVariable(lb) + "}"
		},
		NLBTarget: "${" + blueprint.NLBARNOutput + "}",
		ALBTarget: func(lb blueprint.LoadBalancer) string { return "${" + lb.ARNOutput() + "}" },
		UserPoolARN: func(name string) string {
			if p := b.UserPool(name); p != nil && p.ARN != "" {
				return p.ARN
			}
			return "${" + blueprint.UserPoolARNOutput(name) + "}"
		},
	}
}

// Document builds the OpenAPI document of b's API; it passes kin-openapi's
// validation (see [Validate]).
func Document(b *blueprint.Resolved, v Values) (*openapi3.T, error) {
	a := b.API
	if a == nil {
		return nil, fmt.Errorf("openapi: the Blueprint has no api")
	}
	doc := &openapi3.T{
		OpenAPI: "3.0.1",
		Info: &openapi3.Info{
			Title:       a.Name,
			Description: "Generated by ecsgate from Blueprint " + b.Name + ".",
			Version:     "1.0",
		},
		Servers: openapi3.Servers{{
			// The form API Gateway exports; importing ignores it by default.
			URL: "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}",
			Variables: map[string]*openapi3.ServerVariable{
				"restApiId": {Default: "REST_API_ID", Description: "ID of the REST API (stack output ApiId)."},
				"region":    {Default: "REGION", Description: "Region of the stack."},
				"basePath":  {Default: "/" + a.Stage},
			},
		}},
		Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{
			Schemas: openapi3.Schemas{"Empty": openapi3.NewSchemaRef("", emptySchema)},
		},
		Extensions: map[string]any{},
	}
	ids := operationIDs{}
	tagged := map[string]bool{}
	ops := operations(b, v)
	for i, r := range a.Routes {
		item := doc.Paths.Value(r.Path)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(r.Path, item)
		}
		op := ops[i]
		op.OperationID = ids.take(op.OperationID)
		if !tagged[r.Service] {
			tagged[r.Service] = true
			addTag(doc, r.Service, "Service "+r.Service+": the routes it handles.")
		}
		if r.Method == blueprint.MethodAny {
			if item.Extensions == nil {
				item.Extensions = map[string]any{}
			}
			item.Extensions[blueprint.AnyMethodKey] = op
		} else {
			item.SetOperation(r.Method, op)
		}
		if r.Auth != nil {
			addSecurityScheme(doc, r.Auth.UserPool, v)
		}
	}
	if c := a.CORS; c != nil {
		addCORS(doc, a, c, ids)
	}
	return doc, nil
}

// Validate checks a document with kin-openapi's validation. Every document
// Document builds passes it: the tests check the documents of every example,
// of the hostile corpus and of the fuzzers; render checks only what the
// apiOverrides changed, which comes from the user.
func Validate(doc *openapi3.T) error {
	if err := blueprint.ValidateOpenAPI(doc); err != nil {
		return fmt.Errorf("openapi: the generated document is invalid: %w", err)
	}
	return nil
}

// operations builds the operation of every route, in route order; a large
// API's side by side, since each reads only the Blueprint and v. Each
// operation ID is the route's base (see operationIDBase): the clashes are
// numbered in route order afterwards.
func operations(b *blueprint.Resolved, v Values) []*openapi3.Operation {
	routes := b.API.Routes
	ops := make([]*openapi3.Operation, len(routes))
	services := b.ServicesByName()
	parts := newSharedParts()
	build := func(_, from, to int) {
		for i := from; i < to; i++ {
			ops[i] = operation(b, routes[i], services[routes[i].Service], v, parts)
			ops[i].OperationID = operationIDBase(routes[i].Method, routes[i].Path)
		}
	}
	sidebyside.LargeChunks(len(routes), build)
	return ops
}

// sharedParts are what the operations of a document have alike, built once
// per document and shared by its operations: a large API's thousands of
// operations answer with the same response, and YAML writes a value that
// several places share from one lowering (see yamlout.NewLoweringBuilder),
// which nearly halved the time to write a 2,000-operation document. Nobody
// changes them once built: an operation's Responses is its own, the
// responses in it are shared.
type sharedParts struct {
	ok, clientError, serverError *openapi3.ResponseRef
	// pathString is the schema of every path parameter: a string.
	pathString *openapi3.SchemaRef
}

func newSharedParts() *sharedParts {
	return &sharedParts{
		ok:          jsonResponse("200 response"),
		clientError: jsonResponse("400 response"),
		serverError: jsonResponse("500 response"),
		pathString:  openapi3.NewStringSchema().NewRef(),
	}
}

// operation builds one route's operation and its integration to s, the
// route's service.
func operation(b *blueprint.Resolved, r blueprint.Route, s *blueprint.Service, v Values, parts *sharedParts) *openapi3.Operation {
	op := openapi3.NewOperation()
	for _, s := range blueprint.SplitPath(r.Path) {
		if s.Param {
			p := openapi3.NewPathParameter(s.Name)
			p.Schema = parts.pathString
			op.AddParameter(p)
		}
	}
	op.Responses = openapi3.NewResponses(openapi3.WithStatus(200, parts.ok))
	if r.Integration == blueprint.IntegrationClaims {
		// A non-proxy integration maps status codes itself; keep errors errors.
		op.Responses.Set("400", parts.clientError)
		op.Responses.Set("500", parts.serverError)
	}
	if r.Auth != nil {
		scopes := r.Auth.Scopes
		if scopes == nil {
			scopes = []string{}
		}
		op.Security = &openapi3.SecurityRequirements{{r.Auth.UserPool: scopes}}
	}
	op.Tags = []string{r.Service}
	op.Summary = fmt.Sprintf("%s %s (service %s)", r.Method, r.Path, r.Service)
	op.Description = operationDescription(r)
	op.Extensions = map[string]any{ExtIntegration: integration(b, r, s, v)}
	return op
}

// operationDescription says, for client teams, what the route does with a
// request.
func operationDescription(r blueprint.Route) string {
	d := "Passed to service " + r.Service + " as it is."
	if r.Integration == blueprint.IntegrationClaims {
		d = "Sent to service " + r.Service + " as a JSON body of the caller's token claims (" + strings.Join(r.Claims, ", ") + ")."
	}
	if r.Auth != nil {
		d += " Requires an `Authorization` header with a token from Cognito user pool " + r.Auth.UserPool
		if len(r.Auth.Scopes) > 0 {
			d += " carrying one of the scopes " + strings.Join(r.Auth.Scopes, ", ")
		}
		d += "."
	}
	return d
}

// addTag declares a tag once, in the order of first use.
func addTag(doc *openapi3.T, name, description string) {
	if doc.Tags.Get(name) == nil {
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: name, Description: description})
	}
}

// operationIDs hands out operation IDs: the method and the path's parts in
// lowerCamelCase (GET /orders/{id} is getOrdersById), valid as a method name
// in every SDK generator; a clash gets a number, in route order.
type operationIDs map[string]bool

func (ids operationIDs) next(method, path string) string {
	return ids.take(operationIDBase(method, path))
}

// take hands out base, or base with the first number from 2 not yet
// taken.
func (ids operationIDs) take(base string) string {
	id := base
	for n := 2; ids[id]; n++ {
		id = base + strconv.Itoa(n)
	}
	ids[id] = true
	return id
}

// operationIDBase is a route's operation ID before clashes are numbered.
func operationIDBase(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	parts := blueprint.SplitPath(path)
	if len(parts) == 0 {
		b.WriteString("Root")
	}
	for _, s := range parts {
		if s.Param {
			b.WriteString("By")
		}
		for _, word := range strings.FieldsFunc(s.Name, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') }) {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// emptySchema is the Empty model API Gateway uses for pass-through bodies.
var emptySchema = &openapi3.Schema{Title: "Empty Schema", Type: &openapi3.Types{"object"}}

// jsonResponse is a response with description whose body is the Empty model.
func jsonResponse(description string) *openapi3.ResponseRef {
	// The reference carries its target so the document validates as built;
	// it is still written as a $ref.
	return &openapi3.ResponseRef{Value: openapi3.NewResponse().
		WithDescription(description).
		WithContent(openapi3.NewContentWithJSONSchemaRef(openapi3.NewSchemaRef("#/components/schemas/Empty", emptySchema)))}
}

// integration is the x-amazon-apigateway-integration of a route: through the
// VPC link to the service's NLB listener or internal ALB or, for public ALBs,
// over the internet to the ALB's HTTPS name with the secret header.
//
// The URI is absolute and ends in the route's own path, with its variables
// filled from the request's (integration.request.path.*): API Gateway sends a
// REST integration's request to that URI, so the backend receives the route's
// path without the stage (see TestBackendPaths and docs/api.md). s is the
// route's service (a large API looks each up in [blueprint.Blueprint.ServicesByName]).
func integration(b *blueprint.Resolved, r blueprint.Route, s *blueprint.Service, v Values) map[string]any {
	in := map[string]any{
		"httpMethod":      r.Method,
		"timeoutInMillis": r.Timeout * 1000,
		"responses":       map[string]any{"default": map[string]any{"statusCode": "200"}},
	}
	params := pathParameters(r.Path)
	switch b.API.Backend {
	case blueprint.BackendALBPublic:
		in["connectionType"] = "INTERNET"
		lb, _ := b.ALBOf(s)
		in["uri"] = "https://" + lb.Hostnames[0] + backendPath(r.Path)
		params["integration.request.header."+blueprint.OriginHeader] = "stageVariables." + VarOriginVerify
	case blueprint.BackendALB:
		lb, _ := b.ALBOf(s)
		scheme, host, port := "https", "", lb.ServingPort()
		if lb.Certificate == nil {
			scheme = "http"
		}
		if len(lb.Hostnames) > 0 {
			host = lb.Hostnames[0]
		} else {
			host = v.ALBHost(lb)
		}
		in["connectionType"] = "VPC_LINK"
		in["connectionId"] = v.VpcLinkID
		in["integrationTarget"] = v.ALBTarget(lb)
		in["uri"] = fmt.Sprintf("%s://%s:%d%s", scheme, host, port, backendPath(r.Path))
	default:
		scheme := "http"
		if b.Ingress.NLB.Protocol == blueprint.ProtocolTLS {
			scheme = "https"
		}
		in["connectionType"] = "VPC_LINK"
		in["connectionId"] = v.VpcLinkID
		if b.API.VpcLink == blueprint.VpcLinkV2 {
			in["integrationTarget"] = v.NLBTarget
		}
		in["uri"] = fmt.Sprintf("%s://%s:%d%s", scheme, v.BackendHost, s.NLB.Port, backendPath(r.Path))
	}
	if len(params) > 0 {
		in["requestParameters"] = params
	}
	switch r.Integration {
	case blueprint.IntegrationClaims:
		in["type"] = "http"
		in["requestTemplates"] = map[string]any{"application/json": claimsTemplate(r.Claims)}
		// "never": a request whose content type has no template is refused
		// (415) instead of passed through, so a client cannot send the backend a
		// body of forged claims.
		in["passthroughBehavior"] = "never"
		in["responses"] = map[string]any{
			"default": map[string]any{"statusCode": "200"},
			`4\d{2}`:  map[string]any{"statusCode": "400"},
			`5\d{2}`:  map[string]any{"statusCode": "500"},
		}
	default:
		in["type"] = "http_proxy"
		in["passthroughBehavior"] = "when_no_match"
	}
	if b.API.InsecureSkipVerification {
		in["tlsConfig"] = map[string]any{"insecureSkipVerification": true}
	}
	return in
}

// backendPath is the route path in an integration URI: the greedy {proxy+}
// is referred to as {proxy}.
func backendPath(path string) string {
	return strings.ReplaceAll(strings.ReplaceAll(path, "+}", "}"), "//", "/")
}

// pathParameters maps each path parameter of the method to the integration.
func pathParameters(path string) map[string]any {
	params := map[string]any{}
	for _, s := range blueprint.SplitPath(path) {
		if s.Param {
			params["integration.request.path."+s.Name] = "method.request.path." + s.Name
		}
	}
	return params
}

// claimsTemplate is the request mapping template that sends the authorizer's
// claims as JSON. Values are escaped so a claim holding a quote cannot break
// the JSON; escapeJavaScript escapes single quotes, which JSON does not allow,
// hence the replaceAll.
func claimsTemplate(claims []string) string {
	var b strings.Builder
	b.WriteString("{\n")
	for i, c := range claims {
		fmt.Fprintf(&b, `  "%s": "$util.escapeJavaScript($context.authorizer.claims['%s']).replaceAll("\\'","'")"`, blueprint.ClaimKey(c), c)
		if i < len(claims)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}")
	return b.String()
}

// addSecurityScheme declares a Cognito user pool authorizer, once per pool.
func addSecurityScheme(doc *openapi3.T, pool string, v Values) {
	if doc.Components.SecuritySchemes == nil {
		doc.Components.SecuritySchemes = openapi3.SecuritySchemes{}
	}
	if _, ok := doc.Components.SecuritySchemes[pool]; ok {
		return
	}
	doc.Components.SecuritySchemes[pool] = &openapi3.SecuritySchemeRef{Value: cognitoScheme(v.UserPoolARN(pool))}
}

// cognitoScheme is a Cognito user pool authorizer in the form AWS documents
// it: an apiKey scheme on the Authorization header (AWS documents its
// authorizer extensions on apiKey schemes only), the pool in
// x-amazon-apigateway-authorizer.
func cognitoScheme(poolARN string) *openapi3.SecurityScheme {
	scheme := openapi3.NewSecurityScheme()
	scheme.Type, scheme.Name, scheme.In = "apiKey", "Authorization", "header"
	scheme.Extensions = map[string]any{
		ExtAuthType: "cognito_user_pools",
		ExtAuthorizer: map[string]any{
			"type":         "cognito_user_pools",
			"providerARNs": []string{poolARN},
		},
	}
	return scheme
}

// allMethods is what ANY stands for in CORS headers.
var allMethods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}

// addCORS answers preflight requests on every path with a mock integration, and
// makes API Gateway's own 4XX/5XX responses (401 from the authorizer, 403, 429,
// 504...) carry the CORS headers, without which browsers hide the error.
func addCORS(doc *openapi3.T, a *blueprint.API, c *blueprint.CORS, ids operationIDs) {
	methods := map[string][]string{}
	for _, r := range a.Routes {
		if r.Method == blueprint.MethodAny {
			methods[r.Path] = append(methods[r.Path], allMethods...)
		} else {
			methods[r.Path] = append(methods[r.Path], r.Method, "OPTIONS")
		}
	}
	origin := quoted(c.Origin)
	headers := quoted(strings.Join(c.Headers, ","))
	paths := slices.Sorted(maps.Keys(methods)) // operation IDs in a stable order
	if len(paths) > 0 {
		addTag(doc, corsTag, "Browser preflight requests, answered by API Gateway itself.")
	}
	for _, path := range paths {
		list := methods[path]
		slices.Sort(list)
		list = slices.Compact(list)
		op := openapi3.NewOperation()
		op.OperationID = ids.next("options", path)
		op.Tags = []string{corsTag}
		op.Summary = "CORS preflight of " + path
		op.Description = "Answers browsers' preflight requests for " + path + " with the allowed origin, methods and headers; no service is called."
		for _, s := range blueprint.SplitPath(path) {
			// The mock integration reads no parameter. A greedy one is left
			// out: API Gateway names it proxy for {proxy+}, which OpenAPI
			// linters read as a parameter proxy+ that is not declared.
			if s.Param && !s.Greedy {
				op.AddParameter(openapi3.NewPathParameter(s.Name).WithSchema(openapi3.NewStringSchema()))
			}
		}
		resp := openapi3.NewResponse().WithDescription("CORS preflight")
		resp.Headers = openapi3.Headers{}
		for _, h := range corsHeaders {
			resp.Headers[h] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Schema: openapi3.NewStringSchema().NewRef()}}}
		}
		op.Responses = openapi3.NewResponses(openapi3.WithStatus(200, &openapi3.ResponseRef{Value: resp}))
		op.Extensions = map[string]any{ExtIntegration: map[string]any{
			"type":                "mock",
			"passthroughBehavior": "when_no_match",
			"requestTemplates":    map[string]any{"application/json": `{"statusCode": 200}`},
			"responses": map[string]any{"default": map[string]any{
				"statusCode": "200",
				"responseParameters": map[string]any{
					"method.response.header.Access-Control-Allow-Origin":  origin,
					"method.response.header.Access-Control-Allow-Methods": quoted(strings.Join(list, ",")),
					"method.response.header.Access-Control-Allow-Headers": headers,
					"method.response.header.Access-Control-Max-Age":       quoted(strconv.Itoa(c.MaxAge)),
				},
			}},
		}}
		doc.Paths.Value(path).SetOperation("OPTIONS", op)
	}
	gatewayHeaders := map[string]any{
		"gatewayresponse.header.Access-Control-Allow-Origin":  origin,
		"gatewayresponse.header.Access-Control-Allow-Headers": headers,
	}
	doc.Extensions[ExtGatewayResponses] = map[string]any{
		"DEFAULT_4XX": map[string]any{"responseParameters": gatewayHeaders},
		"DEFAULT_5XX": map[string]any{"responseParameters": gatewayHeaders},
	}
}

// corsTag tags the generated preflight operations.
const corsTag = "cors"

var corsHeaders = []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"}

// quoted writes a static value for a response parameter: API Gateway takes
// literals in single quotes.
func quoted(s string) string { return "'" + s + "'" }
