package blueprint

import (
	"os"
	"strings"
	"testing"
)

func TestSecretRules(t *testing.T) {
	data, err := os.ReadFile("../golden/ssm-secrets/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const levels16 = "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"
	checkRules(t, string(data), []ruleCase{
		{"SecureString with an inline value", `    - {name: database/sample/master/port, value: "3306"}`, `    - {name: database/sample/master/port, value: "3306", type: SecureString}`, "parameters.create[3].type", "port", "cannot create SecureString"},
		{"aws prefix", "DB_USER: {parameter: database/sample/master/user}", "DB_USER: {parameter: /aws/x}", "services[0].containers[0].secrets.DB_USER.parameter", "/aws/x", "reserves"},
		{"ssm prefix", "  prefix: /goecssample", "  prefix: /ssm-things", "parameters.prefix", "/ssm-things", "reserves"},
		{"16 levels", "DB_USER: {parameter: database/sample/master/user}", "DB_USER: {parameter: " + levels16 + "}", "services[0].containers[0].secrets.DB_USER.parameter", levels16, "16 levels"},
		{"15 levels", "DB_USER: {parameter: database/sample/master/user}", "DB_USER: {parameter: " + strings.TrimSuffix(levels16, "/p") + "}", "", "", ""},
		{"defined twice", "          PARAMETER_STORE_PREFIX: goecssample\n", "          PARAMETER_STORE_PREFIX: goecssample\n          DB_HOST: localhost\n", "services[0].containers[0].secrets.DB_HOST", "DB_HOST: {", "both as an environment variable and as a secret"},
		{"credentials as secret", "SESSION_KEY: {secret: session-key}", "AWS_SECRET_ACCESS_KEY: {secret: session-key}", "services[0].containers[0].secrets.AWS_SECRET_ACCESS_KEY", "AWS_SECRET", "must not be injected"},
		{"json key on a parameter", "DB_USER: {parameter: database/sample/master/user}", "DB_USER: {parameter: database/sample/master/user, jsonKey: user}", "services[0].containers[0].secrets.DB_USER", "DB_USER: {", "not to parameters"},
		{"missing KMS key", "DB_PASSWORD: {parameter: database/sample/master/password, kmsKey: app}", "DB_PASSWORD: {parameter: database/sample/master/password, kmsKey: db}", "services[0].containers[0].secrets.DB_PASSWORD.kmsKey", "kmsKey: db", `no KMS key "db"`},
		{"missing KMS key on a secret", "    kmsKey: app\n", "    kmsKey: vault\n", "secrets[0].kmsKey", "kmsKey: vault", `no KMS key "vault"`},
		{"missing secret", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {secret: cookie-key}", "services[0].containers[0].secrets.SESSION_KEY.secret", "cookie-key", `no secret "cookie-key"`},
		{"partial secret ARN", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {secret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db'}", "services[0].containers[0].secrets.SESSION_KEY.secret", "arn:aws:secretsmanager", "full secret ARN"},
		{"full secret ARN", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {secret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123', jsonKey: password}", "", "", ""},
		{"alias as KMS key", "  - name: app\n", "  - name: app\n    arn: arn:aws:kms:eu-west-1:123456789012:alias/app\n", "kmsKeys[0].arn", "alias/app", "alias cannot be named"},
		{"relative name without prefix", "  prefix: /goecssample\n", "", "parameters.create[0].name", "database/sample/master/user", `write "/database/sample/master/user", or set parameters.prefix`},
		{"empty source", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {}", "services[0].containers[0].secrets.SESSION_KEY", "SESSION_KEY: {}", "is empty"},
		{"both sources", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {secret: session-key, parameter: /x}", "services[0].containers[0].secrets.SESSION_KEY", "SESSION_KEY: {", "mutually exclusive"},
		{"unknown json key", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {secret: session-key, jsonKey: user}", "services[0].containers[0].secrets.SESSION_KEY.jsonKey", "jsonKey: user", `has no key "user"`},
		{"secret length", "    length: 48", "    length: 4", "secrets[0].length", "length: 4", "out of range"},
		{"read parameters", "    cpu: 256\n", "    cpu: 256\n    readParameters: true\n", "", "", ""},
		{"password in environment", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          ADMIN_PASSWORD: x", "services[0].containers[0].environment.ADMIN_PASSWORD", "ADMIN_PASSWORD", "looks like a secret"},
		{"an entry of secrets in the environment", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          SESSION_TOKEN: session-key", "services[0].containers[0].environment.SESSION_TOKEN", "SESSION_TOKEN", `SESSION_TOKEN looks like a secret, and environment values are written into the template (move it to the container's secrets, where ECS injects it from: secrets: {SESSION_TOKEN: {secret: "session-key"}})`},
		{"a parameter's path in the environment", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          API_TOKEN: /shop/token", "services[0].containers[0].environment.API_TOKEN", "API_TOKEN", `(move it to the container's secrets, where ECS injects it from: secrets: {API_TOKEN: {parameter: "/shop/token"}})`},
		{"a secret as GitHub Actions names it", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          SIGNING: ${secrets.session-key}", "services[0].containers[0].environment.SIGNING", "SIGNING", `${secrets.session-key} names a Secrets Manager secret, and an environment value is text written into the template: ECS injects parameters and secrets only from the container's secrets (move it to the container's secrets: secrets: {SIGNING: {secret: "session-key"}})`},
		{"a parameter as the Serverless Framework names it", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          DB_PASSWORD_2: ${ssm:/shop/db}", "services[0].containers[0].environment.DB_PASSWORD_2", "DB_PASSWORD_2", `${ssm:/shop/db} names a Parameter Store parameter, and an environment value is text written into the template: ECS injects parameters and secrets only from the container's secrets (move it to the container's secrets: secrets: {DB_PASSWORD_2: {parameter: "/shop/db"}})`},
		{"a dynamic reference in the environment", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          DB: '{{resolve:ssm-secure:/shop/db:3}}'", "services[0].containers[0].environment.DB", "DB:", `(reference parameters and secrets through a container's secrets, not in text: {{resolve:ssm-secure:/shop/db:3}} is {parameter: "/shop/db"})`},
		{"a dynamic reference as a secret", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123:SecretString:password:AWSPREVIOUS}}'", "services[0].containers[0].secrets.SESSION_KEY", "SESSION_KEY:", `(write {secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123", jsonKey: "password", versionStage: "AWSPREVIOUS"}: ECS injects it when the task starts, and the template holds no value)`},
		{"password in a URL", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          DATABASE_URL: 'postgres://app:s3cret@db:5432/shop'", "services[0].containers[0].environment.DATABASE_URL", "DATABASE_URL", "DATABASE_URL is a URL with a password in it (user:PASSWORD@host), and environment values are written into the template"},
		{"URL without a password", "PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          DATABASE_URL: 'postgres://app@db:5432/shop'", "", "", ""},
		{"long secret description", "    description: Key the app signs its session cookies with", "    description: " + strings.Repeat("k", 2049), "secrets[0].description", "kkkk", "accepts 2048"},
		{"secret description at the limit", "    description: Key the app signs its session cookies with", "    description: " + strings.Repeat("k", 2048), "", "", ""},
		{"parameter name past a logical ID", "    - {name: database/sample/master/user, value: sample}", "    - {name: database/sample/master/" + strings.Repeat("u", 230) + ", value: sample}", "parameters.create[0].name", "uuuu", "CloudFormation takes 255"},
		{"long parameter description", "    - {name: database/sample/master/user, value: sample}", "    - {name: database/sample/master/user, value: sample, description: " + strings.Repeat("d", 1025) + "}", "parameters.create[0].description", "dddd", "accepts 1024"},
		{"field a container cannot read", "    kmsKey: app\n", "    kmsKey: app\n    jsonKey: password\n    fields: {'user:name': admin}\n", "secrets[0].fields.user:name", "user:name", "not a key a container can read"},
		{"long template description", "description: database settings and secrets from Parameter Store and Secrets Manager, no value in any file\n", "description: " + strings.Repeat("t", 1024-len("ecsgate Blueprint goecssample: ")+1) + "\n", "description", "tttt", "shorten it by 1 bytes"},
		{"template description at the limit", "description: database settings and secrets from Parameter Store and Secrets Manager, no value in any file\n", "description: " + strings.Repeat("t", 1024-len("ecsgate Blueprint goecssample: ")) + "\n", "", "", ""},
		{"type on a secret", "SESSION_KEY: {secret: session-key}", "SESSION_KEY: {secret: session-key, type: String}", "services[0].containers[0].secrets.SESSION_KEY.type", "type: String", "applies to parameters"},
	})
}

// TestTopLevelParameterName: a container's secret that names a parameter
// without a / says the three ways to name it, the ARN among them (ECS takes
// a name at the top level of Parameter Store by its ARN); a name in a
// hierarchy written without its leading / gets it, as Parameter Store
// requires.
func TestTopLevelParameterName(t *testing.T) {
	for name, want := range map[string]string{
		"DISCORD_TOKEN":    `s.parameter: "DISCORD_TOKEN" is relative but parameters.prefix is not set (write its path from / (/app/db/password), set parameters.prefix for a name under it, or give a parameter named without a / by its ARN, arn:aws:ssm:REGION:ACCOUNT:parameter/DISCORD_TOKEN)`,
		"shop/db-password": `s.parameter: "shop/db-password" is relative but parameters.prefix is not set (write "/shop/db-password": a name in a hierarchy starts with / (or set parameters.prefix for a name under it))`,
	} {
		v := &validator{b: &Blueprint{}}
		v.parameterRef("s", SecretRef{Parameter: name, Type: "SecureString"})
		if len(v.problems) != 1 || v.problems[0].String() != want {
			t.Errorf("got %v, want %s", v.problems, want)
		}
	}
}

// TestHasURLPassword: a URL whose user information holds a password is
// one, however its password is written; a user alone, a reference to a
// stack value, or text that is no URL is not.
func TestHasURLPassword(t *testing.T) {
	for value, want := range map[string]bool{
		"postgres://app:s3cret@db:5432/shop":   true,
		"redis://:s3cret@cache:6379/0":         true,
		"amqp://app:p%40ss@mq/":                true,
		"mongodb://app:pa#ss@db/shop":          true, // refused by url.Parse, a password still
		"postgres://app@db/shop":               false,
		"postgres://app:@db/shop":              false,
		"postgres://app:${DbPassword}@db/shop": false,
		"https://example.com/a:b@c":            false,
		"user:pass@host":                       false,
		"":                                     false,
	} {
		if got := hasURLPassword(value); got != want {
			t.Errorf("hasURLPassword(%q) = %v, want %v", value, got, want)
		}
	}
}

// TestECSSecretFields: a secret ARN with ECS's :JSON-KEY:VERSION-STAGE:
// VERSION-ID after it becomes the Blueprint's fields; a secret's partial ARN
// or any other text is not that form.
func TestECSSecretFields(t *testing.T) {
	const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
	for _, tt := range []struct {
		value, want string
		ok          bool
	}{
		{arn + ":password::", `write {secret: "` + arn + `", jsonKey: "password"}`, true},
		{arn + ":password:AWSPREVIOUS:", `write {secret: "` + arn + `", jsonKey: "password", versionStage: "AWSPREVIOUS"}`, true},
		{arn + "::AWSCURRENT:", `write {secret: "` + arn + `", versionStage: "AWSCURRENT"}`, true},
		{arn + ":password::0a1b2c3d", `write {secret: "` + arn + `", jsonKey: "password"}, naming the version by its stage: a Blueprint has no version ID`, true},
		{arn + ":password", `write {secret: "` + arn + `", jsonKey: "password"}`, true},
		{arn, "", false},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:password::", "", false},
		{arn + ":a:b:c:d", "", false},
		{"db-password", "", false},
	} {
		got, ok := ecsSecretFields(tt.value)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ecsSecretFields(%q) = %q, %v; want %q, %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}
