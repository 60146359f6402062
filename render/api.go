package render

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/apigateway"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
	"github.com/ecsgate/ecsgate/openapi"
)

// api creates the REST API from the generated OpenAPI document, the VPC link
// it reaches the load balancers through, and a Deployment and Stage that always carry the
// current document.
func (r *builder) api() {
	a := r.bp.API
	if a == nil {
		return
	}
	switch a.VpcLink {
	case blueprint.VpcLinkV1:
		r.add(blueprint.VpcLinkV1ID, &apigateway.VpcLink{
			Name:        intrinsic.Sub("${AWS::StackName}-nlb"),
			Description: cloudformation.String("API Gateway to the internal NLB"),
			TargetArns:  []string{intrinsic.Ref(blueprint.NLBID)},
		})
		r.output(blueprint.VpcLinkIDOutput, "ID of the VPC link to the NLB.", intrinsic.Ref(blueprint.VpcLinkV1ID))
	case blueprint.VpcLinkV2:
		r.at("api.vpcLink", r.vpcLinkV2)
	}
	restAPI := &apigateway.RestApi{
		Name:                  cloudformation.String(a.Name),
		Description:           cloudformation.String("REST API of Blueprint " + r.bp.Name),
		EndpointConfiguration: &apigateway.RestApi_EndpointConfiguration{Types: []string{"REGIONAL"}},
		// Import warnings (an unsupported extension, a bad integration) fail
		// the stack instead of leaving a half-imported API.
		FailOnWarnings: cloudformation.Bool(true),
	}
	wrapped := &restAPIWithExtras{RestApi: restAPI, SecurityPolicy: a.SecurityPolicy}
	if a.EnhancedSecurityPolicy() {
		// API Gateway takes an enhanced policy only with an endpoint access
		// mode; STRICT refuses requests that reach the API through another
		// endpoint type or a mismatched host name (SNI).
		wrapped.EndpointAccessMode = "STRICT"
	}
	r.add(blueprint.APIID, wrapped)
	variables := r.stageVariables()
	stage := r.stage(variables)
	// The document is still being written (startAPIDocument): the Body and
	// the Deployment named after it are added once every concern has run.
	r.later(func() { r.deployAPI(wrapped, stage, variables) }, blueprint.APIID, blueprint.APIStageID)
	r.output(blueprint.APIIDOutput, "ID of the REST API (for aws apigateway put-rest-api).", intrinsic.Ref(blueprint.APIID))
	r.output("ApiStageName", "Stage of the REST API.", a.Stage)
	r.output(blueprint.APIURLOutput, "Invoke URL of the stage.", intrinsic.Sub("https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}"+r.bp.StagePath()))
}

// deployAPI gives the REST API its document, as Body or as the file
// openapi.yaml, and adds the Deployment that carries it to the stage.
func (r *builder) deployAPI(wrapped *restAPIWithExtras, stage *apigateway.Stage, variables map[string]string) {
	body, hashed, ok := r.apiDocuments()
	if !ok {
		return
	}
	if r.apiBodyFile {
		// openapi.yaml refers to stack values through the stage variables
		// the Stage defines, so it can serve as the body as it is.
		wrapped.BodyFile = openapi.File
	} else {
		wrapped.Body = body
	}
	// The hash covers the document wherever it lives, so a new Deployment
	// reaches the stage exactly when the document changes.
	if hashed == nil {
		hashed = hashBody(body)
	}
	deployment := "ApiDeployment" + deploymentHash(hashed, variables)
	r.add(deployment, &apigateway.Deployment{
		RestApiId:   intrinsic.Ref(blueprint.APIID),
		Description: cloudformation.String("Deployment of the current OpenAPI document"),
	})
	stage.DeploymentId = intrinsic.RefPtr(deployment)
}

// startAPIDocument begins writing openapi.yaml, which needs only the
// Blueprint, before the concerns run: on a large API it is the longest
// part of the build, and it goes on side by side with the others.
func (r *builder) startAPIDocument() {
	if r.bp.API == nil {
		return
	}
	r.apiSource = r.generatedSource()
	if r.bp.APIDocument() != nil {
		r.apiSource = r.designSource()
	}
	file := r.apiSource.file
	f := &apiFile{done: make(chan struct{})}
	limit := maxEmbeddedDocument(r.bp)
	go func() {
		defer close(f.done)
		f.data, f.problems, f.err = file()
		if f.err == nil && len(f.data) > limit {
			// Too large to embed: the Body is the file's text, and the
			// Deployment's hash of it is taken here, beside the concerns.
			f.body = string(f.data)
			f.hashed = hashBody(f.body)
		}
	}()
	r.apiFile = f
}

// apiFile is openapi.yaml being written, with what the apiOverrides could
// not do; done is closed once it is.
type apiFile struct {
	done     chan struct{}
	data     []byte
	problems blueprint.Problems
	err      error
	// body is the REST API's Body when the document is too large to
	// embed (its text), and hashed the Deployment's hash of it so far.
	body   string
	hashed hash.Hash
}

// apiSource is where the API's documents come from: openapi.yaml (stack
// values through stage variables and ${Output} placeholders) and the
// RestApi Body (the same document, stack values through Fn::Sub). file
// returns nil data and the problems when an apiOverride cannot be applied;
// it reads only the Blueprint, since it runs beside the concerns (body
// records its problems on the builder).
type apiSource struct {
	file func() ([]byte, blueprint.Problems, error)
	body func() (any, error)
}

// apiDocuments writes openapi.yaml and returns the REST API's Body: the
// document itself, or, when it is too large to embed, the text that the
// RestApi reads from the file, with the Deployment's hash of it begun. False
// after recording what went wrong.
func (r *builder) apiDocuments() (any, hash.Hash, bool) {
	<-r.apiFile.done
	data, err := r.apiFile.data, r.apiFile.err
	for _, p := range r.apiFile.problems {
		r.apiProblem(p)
	}
	if err != nil {
		r.errs = append(r.errs, err.Error())
		return nil, nil, false
	}
	if data == nil {
		return nil, nil, false
	}
	r.apiDocument = data
	if r.apiFile.body != "" {
		r.apiBodyFile = true
		return r.apiFile.body, r.apiFile.hashed, true
	}
	body, err := r.apiSource.body()
	if err != nil {
		r.errs = append(r.errs, err.Error())
		return nil, nil, false
	}
	return body, nil, true
}

// generatedSource builds the documents from api.routes, with the
// apiOverrides applied to both, so they stay one document.
func (r *builder) generatedSource() apiSource {
	return apiSource{
		file: func() ([]byte, blueprint.Problems, error) {
			file, err := openapi.Document(r.bp, openapi.FileValues(r.bp))
			if err != nil {
				return nil, nil, err
			}
			file, problems, err := overrideDocument(r.bp, file)
			if err != nil || file == nil {
				return nil, problems, err
			}
			data, err := openapi.YAML(file)
			return data, problems, err
		},
		body: func() (any, error) {
			doc, err := openapi.Document(r.bp, r.templateValues())
			if err != nil {
				return nil, err
			}
			doc, problems, err := overrideDocument(r.bp, doc)
			for _, p := range problems {
				r.apiProblem(p)
			}
			if err != nil || doc == nil {
				return nil, err
			}
			return templateBody(doc)
		},
	}
}

// designSource completes the team's document (design first) with
// openapi.Design.
func (r *builder) designSource() apiSource {
	return apiSource{
		file: func() ([]byte, blueprint.Problems, error) {
			file, err := openapi.Design(r.bp, openapi.FileValues(r.bp))
			if err == nil {
				err = openapi.ValidateDesign(file)
			}
			if err != nil {
				return nil, nil, err
			}
			data, err := openapi.DesignYAML(file, r.bp.APIDocument().FromJSON)
			return data, nil, err
		},
		body: func() (any, error) {
			doc, err := openapi.Design(r.bp, r.templateValues())
			if err != nil {
				return nil, err
			}
			body, err := openapi.DesignValue(doc)
			return substitute(body), err
		},
	}
}

// overrideDocument applies the apiOverrides to a document, or returns nil
// and what could not be done when one cannot be applied. The file and the
// Body get the same operations, so they stay one document. It reads only
// the Blueprint: openapi.yaml is written while the concerns run.
func overrideDocument(bp *blueprint.Resolved, doc *openapi3.T) (*openapi3.T, blueprint.Problems, error) {
	if len(bp.APIOverrides) == 0 {
		return doc, nil, nil
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	for i := range bp.APIOverrides {
		patched, problem, ok := applyOverride(bp, "apiOverrides", i, data, openapi.File)
		if !ok {
			return nil, blueprint.Problems{problem}, nil
		}
		data = patched
	}
	out := &openapi3.T{}
	if err := out.UnmarshalJSON(data); err != nil {
		return nil, blueprint.Problems{bp.Problem("apiOverrides", "the patched document is not an OpenAPI document: "+err.Error(), "check the apiOverrides")}, nil
	}
	// What ecsgate generates is valid OpenAPI (its tests check every
	// document it writes with kin-openapi); what the apiOverrides change is
	// the user's, and is checked here, from the patched JSON (whose
	// references the check resolves).
	if err := blueprint.ValidateOpenAPIJSON(data); err != nil {
		return nil, blueprint.Problems{bp.Problem("apiOverrides", "after the apiOverrides, "+openapi.File+" is not valid OpenAPI: "+err.Error(), "check the apiOverrides' paths and values against the document gen writes without them")}, nil
	}
	return out, nil, nil
}

// apiProblem records what the apiOverrides could not do, once: the file
// and the Body meet the same problem.
func (r *builder) apiProblem(p blueprint.Problem) {
	if !slices.Contains(r.apiProblems, p) {
		r.apiProblems = append(r.apiProblems, p)
	}
}

// maxEmbeddedDocument is the size of an API document above which the REST
// API reads it from openapi.yaml: half of what a template may hold, so that
// the rest of the template keeps the other half. (A smaller document that
// still leaves the template too large moves out too; see Templates.)
func maxEmbeddedDocument(bp *blueprint.Resolved) int {
	return bp.Limit(blueprint.QuotaTemplateBytes) / 2
}

// templateValues are the stack values the embedded document refers to, as
// Fn::Sub variables.
func (r *builder) templateValues() openapi.Values {
	host := "${Nlb.DNSName}"
	if n := r.bp.Ingress.NLB; n != nil && n.Hostname != "" {
		host = n.Hostname
	}
	return openapi.Values{
		VpcLinkID:   "${" + r.vpcLinkID() + "}",
		BackendHost: host,
		ALBHost:     func(lb blueprint.LoadBalancer) string { return "${" + lb.LogicalID("") + ".DNSName}" },
		NLBTarget:   "${Nlb}",
		ALBTarget:   func(lb blueprint.LoadBalancer) string { return "${" + lb.LogicalID("") + "}" },
		UserPoolARN: func(name string) string {
			if p := r.bp.UserPool(name); p != nil && p.ARN != "" {
				return p.ARN
			}
			return "${" + id(name, "UserPool") + ".Arn}"
		},
	}
}

// templateBody turns the document into the RestApi Body. Strings holding a
// ${...} reference become Fn::Sub, built with goformation's helper: a plain
// {"Fn::Sub": ...} map would be evaluated to null when the template is written.
// The document has no other "${": the builder writes none, and validation keeps
// them out of paths, origins and names.
func templateBody(doc *openapi3.T) (any, error) {
	body, err := openapi.Plain(doc)
	if err != nil {
		return nil, err
	}
	return substitute(body), nil
}

func substitute(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = substitute(x)
		}
	case []any:
		for i, x := range v {
			v[i] = substitute(x)
		}
	case string:
		if strings.Contains(v, "${") {
			return intrinsic.Sub(v)
		}
	}
	return v
}

// stageVariables sets on the Stage what the importable openapi.yaml refers to
// as ${stageVariables.NAME}.
func (r *builder) stageVariables() map[string]string {
	vars := map[string]string{}
	for _, name := range openapi.StageVariables(r.bp) {
		switch name {
		case openapi.VarVpcLinkID:
			vars[name] = intrinsic.Ref(r.vpcLinkID())
		case openapi.VarBackendHost:
			vars[name] = intrinsic.GetAtt(blueprint.NLBID, "DNSName")
		case openapi.VarOriginVerify:
			vars[name] = originSecretValue()
		}
	}
	for _, lb := range r.bp.APIALBs() {
		if name := openapi.ALBHostVariable(lb); slices.Contains(openapi.StageVariables(r.bp), name) {
			vars[name] = intrinsic.GetAtt(lb.LogicalID(""), "DNSName")
		}
	}
	return vars
}

// deploymentHash names the Deployment after everything that must reach the
// stage: a new logical ID makes CloudFormation create a new deployment and
// point the stage at it, so no change needs a manual "deploy API" step.
//
// The hash reads each function in goformation's encoding, which is the same in
// every run of gen (the marks of package intrinsic are not).
//
// The body is hashed first (hashBody), on its own: a large document's hash
// is taken while the concerns run.
func deploymentHash(h hash.Hash, variables map[string]string) string {
	keys := make([]string, 0, len(variables))
	for k := range variables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.Write([]byte("\x00" + k + "=" + intrinsic.Encoded(variables[k])))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// hashBody starts the Deployment's hash with the REST API's Body.
func hashBody(body any) hash.Hash {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10) // the many small writes, in large ones
	writeJSON(w, body)                  // map keys sorted: stable
	w.Flush()
	return h
}

// writeJSON writes v as json.Marshal would (map keys sorted, strings
// escaped alike), each function in goformation's encoding (see
// [intrinsic.Encoded]), straight into w: no copy of the document and no
// text of it, which for a large API were megabytes at every render.
func writeJSON(w io.Writer, v any) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		io.WriteString(w, "{")
		for i, k := range keys {
			if i > 0 {
				io.WriteString(w, ",")
			}
			writeJSON(w, k)
			io.WriteString(w, ":")
			writeJSON(w, v[k])
		}
		io.WriteString(w, "}")
	case []any:
		io.WriteString(w, "[")
		for i, x := range v {
			if i > 0 {
				io.WriteString(w, ",")
			}
			writeJSON(w, x)
		}
		io.WriteString(w, "]")
	case string:
		writeJSONString(w, intrinsic.Encoded(v))
	default:
		j, _ := json.Marshal(v)
		w.Write(j)
	}
}

// writeJSONString writes s as json.Marshal does: the runs of printable
// ASCII that need no escape as they are, the rest through encoding/json in
// pieces cut at rune boundaries (JSON escapes each rune on its own, so the
// pieces' escapes are the whole's). A large document's text was a tenth of
// its render when all of it went through json.Marshal.
func writeJSONString(w io.Writer, s string) {
	io.WriteString(w, `"`)
	for len(s) > 0 {
		n := 0
		for n < len(s) && jsonSafe(s[n]) {
			n++
		}
		io.WriteString(w, s[:n])
		s = s[n:]
		if len(s) == 0 {
			break
		}
		if e := jsonEscapes[s[0]]; e != "" {
			io.WriteString(w, e)
			s = s[1:]
			continue
		}
		n = 1
		for n < len(s) && n < 1<<16 && !jsonSafe(s[n]) && jsonEscapes[s[n]] == "" {
			n++
		}
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++
		}
		j, _ := json.Marshal(s[:n])
		w.Write(j[1 : len(j)-1])
		s = s[n:]
	}
	io.WriteString(w, `"`)
}

// jsonEscapes are the escapes json.Marshal writes for the commonest
// bytes that need one.
var jsonEscapes = [256]string{'\n': `\n`, '\r': `\r`, '\t': `\t`, '"': `\"`, '\\': `\\`, '<': `\u003c`, '>': `\u003e`, '&': `\u0026`}

// jsonSafe reports whether json.Marshal writes byte c of a string as it is:
// printable ASCII but the quote, the backslash and the characters it
// escapes for HTML.
func jsonSafe(c byte) bool { return jsonSafeBytes[c] }

// jsonSafeBytes is jsonSafe as a table: the hash of a large document reads
// every byte of it.
var jsonSafeBytes = func() (safe [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		safe[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return safe
}()

func (r *builder) stage(variables map[string]string) *apigateway.Stage {
	a := r.bp.API
	stage := &apigateway.Stage{
		StageName:   cloudformation.String(a.Stage),
		RestApiId:   intrinsic.Ref(blueprint.APIID),
		Description: cloudformation.String("Stage " + a.Stage),
		Variables:   variables,
		MethodSettings: []apigateway.Stage_MethodSetting{{
			ResourcePath:         cloudformation.String("/*"),
			HttpMethod:           cloudformation.String("*"),
			MetricsEnabled:       cloudformation.Bool(true),
			ThrottlingRateLimit:  cloudformation.Float64(float64(a.Throttle.Rate)),
			ThrottlingBurstLimit: cloudformation.Int(a.Throttle.Burst),
		}},
		TracingEnabled: cloudformation.Bool(a.Traced()),
	}
	if a.ExecutionLogged() {
		// API Gateway writes execution logs to a group of its own name
		// (API-Gateway-Execution-Logs_<api id>/<stage>) through the
		// account's CloudWatch role, creating it without retention or key
		// when it is missing: the stack creates it first, with both.
		// Request and response bodies stay out (DataTraceEnabled false).
		name := "API-Gateway-Execution-Logs_${" + blueprint.APIID + "}/" + a.Stage
		r.logGroup(blueprint.APIExecutionLogsID, name, name, r.logRetention())
		stage.AWSCloudFormationDependsOn = []string{blueprint.APIExecutionLogsID}
		stage.MethodSettings[0].LoggingLevel = cloudformation.String(a.ExecutionLogs)
		stage.MethodSettings[0].DataTraceEnabled = cloudformation.Bool(false)
	}
	if a.AccessLogged() {
		name := "/apigateway/${AWS::StackName}/" + a.Stage
		r.logGroup(blueprint.APIAccessLogsID, name, name, r.logRetention())
		stage.AccessLogSetting = &apigateway.Stage_AccessLogSetting{
			DestinationArn: intrinsic.GetAttPtr(blueprint.APIAccessLogsID, "Arn"),
			Format:         cloudformation.String(accessLogFormat),
		}
	}
	r.add(blueprint.APIStageID, stage)
	return stage
}

// accessLogFormat is one JSON object per request.
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency","integrationStatus":"$context.integrationStatus","errorMessage":"$context.error.message"}`

// restAPIWithExtras is a REST API with the properties goformation v7
// does not type: BodyS3Location as the local file aws cloudformation
// package uploads (goformation types it as the S3 location the path
// becomes), for documents too large to embed, and the TLS SecurityPolicy
// and EndpointAccessMode API Gateway added since.
type restAPIWithExtras struct {
	*apigateway.RestApi
	// BodyFile is the document's path relative to the template, or empty.
	BodyFile string
	// SecurityPolicy is the TLS security policy, or empty for API
	// Gateway's default.
	SecurityPolicy string
	// EndpointAccessMode goes with an enhanced security policy.
	EndpointAccessMode string
}

// generated is the RestApi goformation writes.
func (r *restAPIWithExtras) generated() cloudformation.Resource { return r.RestApi }

// extraProperties are the properties goformation does not write, by name;
// the empty ones are left out.
func (r *restAPIWithExtras) extraProperties() map[string]string {
	return map[string]string{"BodyS3Location": r.BodyFile, "SecurityPolicy": r.SecurityPolicy, "EndpointAccessMode": r.EndpointAccessMode}
}

// MarshalJSON writes the RestApi with the extra properties that are set.
func (r *restAPIWithExtras) MarshalJSON() ([]byte, error) { return marshalExtended(r) }
