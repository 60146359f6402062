package controls

// apiGatewayControls check the REST API's stage.
var apiGatewayControls = []Control{
	{
		ID: "CT.APIGATEWAY.PR.1", SecurityHub: []string{"APIGateway.1"},
		Asks: "stage execution logging at ERROR or INFO", Types: []string{stageType},
		Setting: "api.executionLogs: ERROR or INFO (security: strict: ERROR)",
		Cost:    "CloudWatch Logs ingestion and storage of the errors API Gateway logs; the account's API Gateway CloudWatch role (the shared stack, or account.apiGatewayRole: existing)",
		check: func(t *Template, r Resource) string {
			settings, _ := list(r.Properties["MethodSettings"])
			whole := false
			for _, s := range settings {
				level, ok := get(s, "LoggingLevel")
				if ok && !oneOf(level, "ERROR", "INFO") {
					return "a method setting logs at a level other than ERROR or INFO"
				}
				m, _ := s.(map[string]any)
				if isText(m["HttpMethod"], "*") && isText(m["ResourcePath"], "/*") && ok {
					whole = true
				}
			}
			if !whole {
				return "no method setting for every method (*, /*) has a LoggingLevel"
			}
			return ""
		},
	},
	{
		ID: "CT.APIGATEWAY.PR.2", SecurityHub: []string{"APIGateway.3"},
		Asks: "X-Ray tracing on the stage", Types: []string{stageType},
		Setting: "api.tracing: true (security: strict)",
		Cost:    "X-Ray's price per trace recorded and scanned (the first 100,000 traces a month are free)",
		check: func(t *Template, r Resource) string {
			if !isTrue(r.Properties["TracingEnabled"]) {
				return "TracingEnabled is not true"
			}
			return ""
		},
	},
	{
		ID: "CT.APIGATEWAY.PR.3", SecurityHub: []string{"APIGateway.5"},
		Asks: "an encrypted cache where the stage caches", Types: []string{stageType},
		Setting: "always: ecsgate's stages do not cache",
		Cost:    "none",
		check: func(t *Template, r Resource) string {
			if !isTrue(r.Properties["CacheClusterEnabled"]) {
				return ""
			}
			settings, _ := list(r.Properties["MethodSettings"])
			whole := false
			for _, s := range settings {
				enc, ok := get(s, "CacheDataEncrypted")
				if ok && !isTrue(enc) {
					return "a method setting leaves the cache unencrypted"
				}
				m, _ := s.(map[string]any)
				if isText(m["HttpMethod"], "*") && isText(m["ResourcePath"], "/*") && isTrue(enc) {
					whole = true
				}
			}
			if !whole {
				return "the cache is on and not encrypted for every method"
			}
			return ""
		},
	},
}

const stageType = "AWS::ApiGateway::Stage"
