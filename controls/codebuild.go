package controls

import "github.com/ecsgate/ecsgate/internal/lazyre"

// codeBuildControls check the pipeline's build project.
var codeBuildControls = []Control{
	{
		ID: "CT.CODEBUILD.PR.1", SecurityHub: []string{"CodeBuild.1"},
		Asks: "no credentials in source repository URLs", Types: []string{projectType},
		Setting: "always: the source comes from CodePipeline", Cost: "none",
		check: func(t *Template, r Resource) string {
			sources := []any{r.Properties["Source"]}
			if l, ok := list(r.Properties["SecondarySources"]); ok {
				sources = append(sources, l...)
			}
			for _, s := range sources {
				typ, loc := mustGet(s, "Type"), mustGet(s, "Location")
				if isText(typ, "GITHUB") && !matches(loc, githubURL) || isText(typ, "BITBUCKET") && !matches(loc, bitbucketURL) {
					return "a source location is not a plain repository URL"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.CODEBUILD.PR.2", SecurityHub: []string{"CodeBuild.2"},
		Asks: "no AWS credentials in plain-text environment variables", Types: []string{projectType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			vars, _ := list(mustGet(r.Properties, "Environment", "EnvironmentVariables"))
			for _, v := range vars {
				if oneOf(mustGet(v, "Name"), "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY") {
					if typ := mustGet(v, "Type"); !nonEmptyText(typ) || isText(typ, "PLAINTEXT") {
						return "AWS credentials in a plain-text variable"
					}
				}
			}
			return ""
		},
	},
	{
		ID: "CT.CODEBUILD.PR.3", SecurityHub: []string{"CodeBuild.4"},
		Asks: "build logs", Types: []string{projectType},
		Setting: "always: CloudWatch Logs", Cost: "none beyond the log group's",
		check: func(t *Template, r Resource) string {
			logs, ok := r.Properties["LogsConfig"].(map[string]any)
			if ok && isText(mustGet(logs, "CloudWatchLogs", "Status"), "ENABLED") {
				return ""
			}
			if ok && isText(mustGet(logs, "S3Logs", "Status"), "ENABLED") && t.textOrRef(mustGet(logs, "S3Logs", "Location"), bucketType) {
				return ""
			}
			return "no build logs"
		},
	},
	{
		ID: "CT.CODEBUILD.PR.4", SecurityHub: []string{"CodeBuild.5"},
		Asks: "builds without privileged mode", Types: []string{projectType},
		Setting: "never: see the exception", Cost: "",
		Exception: "docker build runs the Docker daemon inside the build container, which CodeBuild allows only in privileged mode; the project builds the application's own Dockerfiles",
		check: func(t *Template, r Resource) string {
			env, ok := r.Properties["Environment"].(map[string]any)
			if !ok {
				return "no Environment"
			}
			if v, ok := env["PrivilegedMode"]; ok && !isFalse(v) {
				return "PrivilegedMode is on"
			}
			return ""
		},
	},
	{
		ID:   "CT.CODEBUILD.PR.5",
		Asks: "encrypted build artifacts", Types: []string{projectType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			for _, a := range append([]any{r.Properties["Artifacts"]}, items(r.Properties["SecondaryArtifacts"])...) {
				if typ, ok := get(a, "Type"); ok && !isText(typ, "NO_ARTIFACTS") && isTrue(mustGet(a, "EncryptionDisabled")) {
					return "artifact encryption is off"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.CODEBUILD.PR.6", SecurityHub: []string{"CodeBuild.3"},
		Asks: "encrypted S3 build logs", Types: []string{projectType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			s3 := mustGet(r.Properties, "LogsConfig", "S3Logs")
			if isText(mustGet(s3, "Status"), "ENABLED") && isTrue(mustGet(s3, "EncryptionDisabled")) {
				return "S3 log encryption is off"
			}
			return ""
		},
	},
}

const projectType = "AWS::CodeBuild::Project"

var (
	githubURL    = lazyre.New(`^(http(s)?)(:\/\/github\.com\/)([^\/]+)\/([\w\.-]+)(\.git)?$`)
	bitbucketURL = lazyre.New(`^https?:\/\/bitbucket\.org`)
)
