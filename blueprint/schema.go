package blueprint

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// SchemaID is where editors find the Blueprint's JSON Schema: the file in
// this repository (schema/blueprint.schema.json), which `gen schema` prints.
const SchemaID = "https://raw.githubusercontent.com/ecsgate/ecsgate/main/schema/blueprint.schema.json"

// SchemaComment is the first line of a Blueprint written for
// yaml-language-server, which then completes and checks it in editors.
const SchemaComment = "# yaml-language-server: $schema=" + SchemaID

// schemaHint is what the Go types do not say about a field: the values it
// takes, its default and a pattern. The validator stays the authority; the
// schema helps an editor.
type schemaHint struct {
	enum     []string
	def      any
	pattern  string
	min, max int // string lengths, where bounded
}

// schemaHints are keyed by field path patterns, as [FieldPaths] writes them.
var schemaHints = map[string]schemaHint{
	"name":                                          {pattern: namePattern},
	"stacks":                                        {enum: stacksChoices, def: StacksSingle},
	"network.egress":                                {enum: egressChoices, def: EgressNAT},
	"network.vpc.azs":                               {def: DefaultAZs},
	"cluster.insights":                              {enum: insightsChoices, def: DefaultInsights},
	"security":                                      {enum: securityChoices, def: SecurityStandard},
	"logs.bucket":                                   {pattern: bucketName.String(), min: 3, max: 63},
	"buckets[].existing.name":                       {pattern: bucketName.String(), min: 3, max: 63},
	"buckets[].cors.methods[]":                      {enum: corsMethodChoices},
	"buckets[].cors.maxAge":                         {def: DefaultBucketCORSMaxAge},
	"tables[].existing.name":                        {pattern: dynamoDBName.String()},
	"tables[].indexes[].name":                       {pattern: dynamoDBName.String()},
	"ecr.keepImages":                                {def: DefaultKeepImages},
	"ecr.existing[]":                                {pattern: repositoryPattern.String(), min: 2, max: 256},
	"account.apiGatewayRole":                        {enum: roleChoices},
	"ingress.nlb.protocol":                          {enum: nlbProtocolChoices},
	"ingress.nlb.sslPolicy":                         {def: DefaultSSLPolicy},
	"ingress.alb.scheme":                            {enum: schemeChoices, def: SchemeInternetFacing},
	"ingress.albs[].scheme":                         {enum: schemeChoices, def: SchemeInternetFacing},
	"ingress.alb.idleTimeout":                       {def: DefaultIdleTimeout},
	"services[].name":                               {pattern: namePattern},
	"services[].platform":                           {enum: platformChoices, def: DefaultPlatform},
	"services[].count":                              {def: DefaultCount},
	"services[].egress[].protocol":                  {enum: egressProtocolChoices},
	"services[].deployment.strategy":                {enum: strategyChoices, def: StrategyRolling},
	"services[].schedule.expression":                {pattern: scheduleExpressionPattern(), max: maxScheduleExpression},
	"services[].schedule.timezone":                  {min: 1, max: maxScheduleTimezone},
	"topics[].name":                                 {pattern: namePattern, max: maxTopicName},
	"services[].queue.timeout":                      {def: DefaultQueueTimeout},
	"services[].queue.retention":                    {def: DefaultQueueRetention},
	"services[].queue.tries":                        {def: DefaultQueueTries},
	"services[].containers[].dependsOn[].condition": {enum: conditionChoices, def: ConditionStart},
	"services[].containers[].secrets.*.type":        {enum: parameterTypeChoices},
	"parameters.create[].type":                      {enum: parameterTypeChoices, def: ParameterString},
	"api.backend":                                   {enum: backendChoices, def: BackendNLB},
	"api.vpcLink":                                   {enum: vpcLinkChoices, def: VpcLinkV2},
	"api.stage":                                     {pattern: stagePattern.re.String(), min: stagePattern.min, max: stagePattern.max, def: DefaultStage},
	"api.throttle.rate":                             {def: DefaultThrottleRate},
	"api.executionLogs":                             {enum: executionLogsChoices, def: ExecutionLogsOff},
	"api.securityPolicy":                            {pattern: securityPolicyPattern.String()},
	"api.throttle.burst":                            {def: DefaultThrottleBurst},
	"api.routes[].method":                           {pattern: anyCase(routeMethods)},
	"api.routes[].integration":                      {enum: integrationChoices, def: IntegrationProxy},
	"api.routes[].timeout":                          {def: DefaultRouteTimeout},
	"cdn.priceClass":                                {enum: priceClasses, def: DefaultPriceClass},
	"cdn.originTimeout":                             {def: DefaultOriginTimeout},
	"waf.rateLimit":                                 {def: DefaultRateLimit},
	"pipeline.computeType":                          {enum: computeTypes, def: DefaultComputeType},
	"pipeline.deploy":                               {enum: deployChoices, def: DeployCloudFormation},
	"pipeline.source.branch":                        {def: DefaultBranch},
	"overrides[].op":                                {enum: overrideOps},
	"overrides[].path":                              {pattern: jsonPointer.String()},
	"overrides[].from":                              {pattern: jsonPointer.String()},
	"overrides[].template":                          {def: TemplateFile},
	"apiOverrides[].op":                             {enum: overrideOps},
	"apiOverrides[].path":                           {pattern: jsonPointer.String()},
	"apiOverrides[].from":                           {pattern: jsonPointer.String()},
}

// anyCase is a pattern that matches the words in any letter case (route
// methods are upper-cased by the defaults).
func anyCase(words []string) string {
	var alts []string
	for _, w := range words {
		var b strings.Builder
		for _, r := range w {
			lower, upper := strings.ToLower(string(r)), strings.ToUpper(string(r))
			if lower == upper {
				b.WriteString(lower)
			} else {
				b.WriteString("[" + upper + lower + "]")
			}
		}
		alts = append(alts, b.String())
	}
	return "^(" + strings.Join(alts, "|") + ")$"
}

// JSONSchema returns the JSON Schema (draft 2020-12) of a Blueprint, built
// from the model's Go types: every struct closed (additionalProperties:
// false), fields without omitempty required, and descriptions from docs,
// which maps "Type.Field" (Service.CPU) to the field's doc comment (go
// generate reads them from the source; see internal/schemagen).
func JSONSchema(docs map[string]string) ([]byte, error) {
	g := &schemaGen{docs: docs, defs: map[string]any{}}
	root := g.object(reflect.TypeOf(Blueprint{}), "")
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "ecsgate Blueprint"
	root["description"] = "A Blueprint: what ecsgate turns into a CloudFormation template. gen validate is the authority; this schema helps editors."
	root["$defs"] = g.defs
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type schemaGen struct {
	docs map[string]string
	defs map[string]any
}

// schema is the schema of a value of type t at field path pattern path.
func (g *schemaGen) schema(t reflect.Type, path string) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var s map[string]any
	switch {
	case t == overlayType:
		s = map[string]any{"type": "object", "description": "An overlay: the fields that differ in this environment, in the Blueprint's shape; entries of named lists take add: true or remove: true."}
	case t.Kind() == reflect.String:
		s = map[string]any{"type": "string"}
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		s = map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float64:
		s = map[string]any{"type": "number"}
	case t.Kind() == reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case t.Kind() == reflect.Interface:
		s = map[string]any{}
	case t.Kind() == reflect.Slice:
		s = map[string]any{"type": "array", "items": g.schema(t.Elem(), path+"[]")}
	case t.Kind() == reflect.Map:
		s = map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem(), path+".*")}
		if path == "environments" {
			s["propertyNames"] = map[string]any{"pattern": environmentName.String()}
		}
	case t.Kind() == reflect.Struct:
		// Each struct type is one definition; hints differ by path only
		// for scalar fields, which are inlined where the struct is used.
		name := t.Name()
		if _, done := g.defs[name]; !done {
			g.defs[name] = map[string]any{} // a placeholder against recursion
			g.defs[name] = g.object(t, path)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	if h, ok := schemaHints[path]; ok {
		if len(h.enum) > 0 {
			s["enum"] = h.enum
		}
		if h.def != nil {
			s["default"] = h.def
		}
		if h.pattern != "" {
			s["pattern"] = h.pattern
		}
		if h.max > 0 {
			s["minLength"], s["maxLength"] = h.min, h.max
		}
	}
	return s
}

// object is the schema of a struct type: its YAML fields, closed.
func (g *schemaGen) object(t reflect.Type, path string) map[string]any {
	props := map[string]any{}
	var required []string
	for i, name := range writableFields(t) {
		f := t.Field(i)
		_, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		p := name
		if path != "" {
			p = path + "." + name
		}
		s := g.schema(f.Type, p)
		if doc := docsLinked(g.docs[t.Name()+"."+f.Name]); doc != "" {
			if _, isRef := s["$ref"]; isRef {
				s = map[string]any{"$ref": s["$ref"], "description": doc}
			} else {
				s["description"] = doc
			}
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	// A merge key (<<: *defaults) may stand in any mapping; at the top,
	// x-... keys hold anchors and are ignored.
	patterns := map[string]any{"^<<$": map[string]any{}}
	if path == "" {
		patterns["^x-"] = map[string]any{}
	}
	o := map[string]any{"type": "object", "additionalProperties": false, "properties": props, "patternProperties": patterns}
	if len(required) > 0 {
		sort.Strings(required)
		o["required"] = required
	}
	if doc := docsLinked(g.docs[t.Name()]); doc != "" {
		o["description"] = doc
	}
	return o
}
