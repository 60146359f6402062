package blueprint

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

var (
	parameterChars = lazyre.New(`^[a-zA-Z0-9_.\-/]+$`)
	parameterARN   = lazyre.New(`^arn:aws(?:-[a-z]+)*:ssm:[a-z0-9-]+:\d{12}:parameter/[a-zA-Z0-9_.\-/]+$`)
	secretARN      = lazyre.New(`^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`)
	kmsKeyARN      = lazyre.New(`^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key/[a-z0-9-]+$`)
	// keyID is a KMS key's ID: a UUID, or mrk- and 32 hex digits for a
	// multi-Region key.
	keyID           = lazyre.New(`^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	jsonKeyPattern  = bounded(`^[A-Za-z0-9_.-]+$`, 1, 128)
	versionStagePat = bounded(`^[A-Za-z0-9_-]+$`, 1, 256)
	// awsStages are the staging labels Secrets Manager attaches, by the
	// words people write for them.
	awsStages = map[string]string{
		"latest": "AWSCURRENT", "current": "AWSCURRENT", "previous": "AWSPREVIOUS", "pending": "AWSPENDING",
	}
	// Names that by convention hold secret values. A plain environment
	// variable with one of these endings would put a secret into the template.
	secretLookingName = lazyre.New(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)_?[0-9]*$`)
)

// maxParameterLevels is the deepest hierarchy Parameter Store accepts.
const maxParameterLevels = 15

// neverLiteral is the fix for a secret written into a Blueprint. Problems
// about such fields never quote the value.
const neverLiteral = "remove the value; reference an SSM SecureString (gen secrets prints the command to create it) or a generated secret"

// referenceFix is the fix for a text that by its shape names where a
// secret is kept, written where the Blueprint wants {secret: ...} or
// {parameter: ...}: a Secrets Manager ARN, or an SSM parameter's ARN or
// path. ok is false for any other text.
func referenceFix(text string) (fix string, ok bool) {
	switch {
	case strings.HasPrefix(text, "arn:") && strings.Contains(text, ":secretsmanager:"):
		return "write {secret: " + quote(text) + "}", true
	case strings.HasPrefix(text, "arn:") && strings.Contains(text, ":ssm:") || strings.HasPrefix(text, "/"):
		return "write {parameter: " + quote(text) + "}", true
	}
	return "", false
}

// secretVariable matches a value that is one variable naming a secret, as
// other tools write them: ${secrets.NAME} (GitHub Actions), ${ssm:/path}
// (Serverless), ${parameters.NAME}. Group 1 is the kind, 2 the name.
var secretVariable = lazyre.New(`^\$\{(secrets?|secretsmanager|ssm|parameters?)[.:]([^}]+)\}$`)

// secretNamedBy is the mapping of a container's secrets that a text
// written as an environment value names by its shape: a variable naming a
// secret or a parameter (${secrets.api-key}), an ARN, a parameter's path,
// an entry of secrets. ok is false for any other text, which is left as it
// is: it may be the secret's value, and no problem repeats it.
func (v *validator) secretNamedBy(value string) (mapping string, ok bool) {
	if m := secretVariable.FindStringSubmatch(value); m != nil {
		switch m[1] {
		case "ssm", "parameter", "parameters":
			return "{parameter: " + quote(m[2]) + "}", true
		}
		return "{secret: " + quote(m[2]) + "}", true
	}
	if fix, ok := referenceFix(value); ok {
		return strings.TrimPrefix(fix, "write "), true
	}
	if value != "" && v.b.Secret(value) != nil {
		return "{secret: " + quote(value) + "}", true
	}
	return "", false
}

// failSecretText reports a container's secret written as a text where a
// mapping says where it is kept. A text that names a secret (an ARN, a
// parameter's path, an entry of secrets) gets the mapping that holds it;
// any other text may be the secret's value, which no problem repeats (gen's
// output ends up in CI logs): the fix says where a value goes and how to
// name it, with the Blueprint's own entries of secrets and parameters.prefix.
func (d *decoder) failSecretText(n *yaml.Node, path string) {
	text := n.Value
	if n.Tag != "!!str" {
		text = ""
	}
	if fix, ok := referenceFix(text); ok {
		d.failType(n, path, "a mapping of fields", fix)
		return
	}
	if mapping := resolvedMapping(text); mapping != "" {
		// CloudFormation's dynamic reference: ECS reads the same
		// parameter or secret when the task starts.
		d.failType(n, path, "a mapping of fields", "write "+mapping+": ECS injects it when the task starts, and the template holds no value")
		return
	}
	declared := documentSecrets(d.src.root)
	if text != "" && slices.Contains(declared, text) {
		d.failType(n, path, "a mapping of fields", "write {secret: "+quote(text)+"}, the entry of secrets")
		return
	}
	d.src.bad[path] = true
	d.fail(nodePos(n), path, "must name where the secret is kept, in a mapping; the text written is not repeated here, as it may be the secret's value", secretTextFix(declared, documentPrefix(d.src.root)))
}

// secretTextFix is failSecretText's fix for a text that names no secret.
func secretTextFix(declared []string, prefix string) string {
	ways := []string{"{parameter: /PATH} for an SSM parameter"}
	if prefix != "" {
		ways = append(ways, "{parameter: NAME} for one under parameters.prefix "+prefix)
	}
	ways = append(ways, "{parameter: ARN} for one named without a /", "{secret: ARN} for a Secrets Manager secret (its full ARN)")
	if len(declared) > 0 {
		ways = append(ways, "{secret: NAME} for an entry of secrets ("+strings.Join(declared, ", ")+")")
	}
	return "keep the value in Parameter Store (gen secrets prints the command) or Secrets Manager, and name it here: " + orList(ways)
}

// documentSecrets are the names of the document's entries of secrets (the
// secrets the template creates), as written.
func documentSecrets(root *yaml.Node) []string {
	var names []string
	if _, list := topLevel(root, "secrets"); list != nil && list.Kind == yaml.SequenceNode {
		for _, e := range list.Content {
			if _, name := topLevel(resolve(e), "name"); name != nil && name.Kind == yaml.ScalarNode && name.Value != "" {
				names = append(names, name.Value)
			}
		}
	}
	return names
}

// documentPrefix is the document's parameters.prefix as written, or "".
func documentPrefix(root *yaml.Node) string {
	if _, p := topLevel(root, "parameters"); p != nil && p.Kind == yaml.MappingNode {
		if _, prefix := topLevel(p, "prefix"); prefix != nil && prefix.Kind == yaml.ScalarNode {
			return prefix.Value
		}
	}
	return ""
}

func (v *validator) parameters() {
	p := v.b.Parameters
	if p == nil {
		return
	}
	if p.Prefix != "" {
		v.parameterName("parameters.prefix", p.Prefix)
	}
	seen := map[string]bool{}
	for i, c := range p.Create {
		path := indexPath("parameters.create", i)
		name := v.b.ParameterName(c.Name)
		if v.required(path+".name", c.Name, "give the parameter name, e.g. /app/database/host") {
			if !strings.HasPrefix(name, "/") {
				if v.noPrefix() {
					v.add(path+".name", fmt.Sprintf("write %q, or set parameters.prefix for a name under it", "/"+c.Name), "%q is relative but parameters.prefix is not set", c.Name)
				}
			} else {
				v.parameterName(path+".name", name)
				// The name becomes a logical ID and an output name, which
				// CloudFormation limits to 255 characters.
				if n := len(ParameterID(name) + "Name"); n > 255 {
					v.add(path+".name", fmt.Sprintf("shorten the name (with parameters.prefix) by %d letters or digits", n-255),
						"the parameter's output name %s... would be %d characters; CloudFormation takes 255", ParameterID(name)[:40], n)
				}
			}
			if seen[name] {
				v.add(path+".name", "declare each parameter once", "%s is declared twice", name)
			}
			seen[name] = true
		}
		if len(c.Description) > 1024 {
			v.add(path+".description", "shorten it to 1024 characters", "the description is %d characters; Parameter Store accepts 1024", len(c.Description))
		}
		switch c.Type {
		case ParameterString:
			if c.Value == "" {
				v.add(path+".value", "give the value; an empty String parameter is refused by SSM", "is required")
			}
			if len(c.Value) > 4096 {
				v.add(path+".value", "use an advanced parameter outside ecsgate, or shorten it", "the value is %d characters; a standard parameter holds 4096", len(c.Value))
			}
			v.stackValues(path+".value", c.Value, nil)
		case ParameterSecureString:
			v.add(path+".type", "create it with the command gen secrets prints, and reference it from a container's secrets",
				"CloudFormation cannot create SecureString parameters, and a secret value must not be written into the Blueprint")
		default:
			v.add(path+".type", "use String", "%q is not a type the template can create", c.Type)
		}
	}
}

// parameterName checks an SSM parameter name against Parameter Store's rules.
func (v *validator) parameterName(path, name string) {
	trimmed := strings.Trim(name, "/")
	lower := strings.ToLower(trimmed)
	switch {
	case !strings.HasPrefix(name, "/"):
		v.add(path, fmt.Sprintf("start it with /: write %q", "/"+name), "%q is not a fully qualified parameter name", name)
	case !parameterChars.MatchString(name):
		v.add(path, "use letters, digits and . - _ /", "%q has characters Parameter Store does not accept", name)
	case len(name) > 1011:
		v.add(path, "shorten it to 1011 characters", "the name is %d characters long", len(name))
	case strings.HasPrefix(lower, "aws") || strings.HasPrefix(lower, "ssm"):
		v.add(path, "choose another first level", "%q starts with aws or ssm, which Parameter Store reserves", name)
	case strings.Contains(name, "//"):
		v.add(path, "remove the empty level", "%q has an empty level", name)
	case strings.Count(trimmed, "/")+1 > maxParameterLevels:
		v.add(path, "use at most 15 levels", "%q has %d levels; Parameter Store allows %d", name, strings.Count(trimmed, "/")+1, maxParameterLevels)
	}
}

func (v *validator) kmsKeys() {
	names := newUniqueNames("KMS key", "kmsKeys")
	for i, k := range v.b.KMSKeys {
		path := indexPath("kmsKeys", i)
		names.entry(v, path+".name", k.Name, i, 32)
		if k.ARN != "" && !kmsKeyARN.MatchString(k.ARN) {
			v.add(path+".arn", kmsARNFix(k.ARN), "%q is not a KMS key ARN", k.ARN)
		}
	}
}

func (v *validator) secrets() {
	names := newUniqueNames("secret", "secrets")
	for i, s := range v.b.Secrets {
		path := indexPath("secrets", i)
		names.entry(v, path+".name", s.Name, i, 64)
		if s.Value != "" {
			v.add(path+".value", "remove it: the template generates the value", "a secret value must not be written into the Blueprint")
		}
		v.between(path+".length", s.Length, 8, 4096, " characters")
		if s.JSONKey != "" && !jsonKeyPattern.MatchString(s.JSONKey) {
			v.add(path+".jsonKey", "use letters, digits and . _ -", "%q is not a JSON key ecsgate writes", s.JSONKey)
		}
		if len(s.Fields) > 0 && s.JSONKey == "" {
			v.add(path+".fields", "set jsonKey for the generated value", "fields need jsonKey: the secret is then a JSON object")
		}
		if _, clash := s.Fields[s.JSONKey]; clash && s.JSONKey != "" {
			v.add(path+".fields", "remove "+s.JSONKey+" from fields", "field %q is the generated value's key", s.JSONKey)
		}
		if len(s.Description) > 2048 {
			v.add(path+".description", "shorten it to 2048 characters", "the description is %d characters; Secrets Manager accepts 2048", len(s.Description))
		}
		for _, k := range sortedKeys(s.Fields) {
			// A container reads a field as ValueFrom ARN:KEY::, which
			// takes the same keys as jsonKey.
			if !jsonKeyPattern.MatchString(k) {
				v.add(joinPath(path+".fields", k), "use 1 to 128 letters, digits and . _ -", "%q is not a key a container can read (secrets.jsonKey takes the same characters)", k)
			}
			if secretLookingName.MatchString(k) {
				v.add(joinPath(path+".fields", k), "let the template generate it: make it the jsonKey", "field %q looks like a secret, and fields are written into the template", k)
			}
		}
		if s.KMSKey != "" && v.b.KMSKey(s.KMSKey) == nil {
			v.unknownKMSKey(path+".kmsKey", s.KMSKey, "add it to kmsKeys")
		}
	}
}

// unknownKMSKey reports a kmsKey that names no entry of kmsKeys. An AWS
// managed key (alias/aws/ssm, alias/aws/secretsmanager) is what Parameter
// Store and Secrets Manager encrypt with when no key is named, and AWS asks
// for kms:Decrypt only with a customer managed key: such a key is one to
// leave out, not to add.
func (v *validator) unknownKMSKey(path, key, add string) {
	if service, ok := strings.CutPrefix(key, "alias/aws/"); ok {
		service = cmp.Or(map[string]string{"ssm": "Parameter Store", "secretsmanager": "Secrets Manager"}[service], service)
		v.add(path, "remove kmsKey: the tasks read what it encrypts without a grant, as AWS asks for kms:Decrypt only with a customer managed key",
			"%s is the AWS managed key %s encrypts with when no key is named", key, service)
		return
	}
	v.add(path, nameFix(key, namesOf(v.b.KMSKeys, kmsKeyName), add), "there is no KMS key %q", key)
}

// ecsSecretFields is the Blueprint's fields for a secret written in ECS's
// valueFrom form, which adds a JSON key, a version stage and a version ID
// to the secret's ARN (arn:...:secret:db-AbCdEf:password:AWSCURRENT:), or
// false for any other text.
func ecsSecretFields(arn string) (string, bool) {
	parts := strings.Split(arn, ":")
	if len(parts) <= 7 || len(parts) > 10 || !secretARN.MatchString(strings.Join(parts[:7], ":")) {
		return "", false
	}
	fields := []string{fmt.Sprintf("secret: %q", strings.Join(parts[:7], ":"))}
	extra := append(parts[7:], "", "")
	if extra[0] != "" {
		fields = append(fields, "jsonKey: "+quote(extra[0]))
	}
	if extra[1] != "" {
		fields = append(fields, "versionStage: "+quote(extra[1]))
	}
	fix := "write {" + strings.Join(fields, ", ") + "}"
	if extra[2] != "" {
		fix += ", naming the version by its stage: a Blueprint has no version ID"
	}
	return fix, true
}

// containerSecrets checks a container's injected variables and its plain
// environment for secrets written in the clear.
func (v *validator) containerSecrets(path string, c *Container) {
	for _, name := range sortedKeys(c.Secrets) {
		p := joinPath(path+".secrets", name)
		ref := c.Secrets[name]
		if !envNamePattern.MatchString(name) {
			v.add(p, "use letters, digits and underscores, not starting with a digit", "%q is not a valid environment variable name", name)
		}
		if awsCredential[name] {
			v.add(p, "remove it; the task role gives the container AWS credentials", "AWS credentials must not be injected into a container")
		}
		if _, both := c.Environment[name]; both {
			v.add(p, "keep it in secrets or in environment, not both", "%s is defined both as an environment variable and as a secret", name)
		}
		if ref.Value != "" {
			v.add(p+".value", neverLiteral, "a secret value must not be written into the Blueprint")
		}
		switch {
		case ref.Parameter != "" && ref.Secret != "":
			v.add(p, "keep parameter (SSM) or secret (Secrets Manager)", "parameter and secret are mutually exclusive")
		case ref.Parameter != "":
			v.parameterRef(p, ref)
		case ref.Secret != "":
			v.secretRef(p, ref)
		case v.refused(p, "secret", "parameter"):
			// Written under another name or misspelt: its own problem says so.
		case ref.Value == "":
			v.add(p, "give parameter or secret", "is empty")
		}
		if ref.KMSKey != "" && v.b.KMSKey(ref.KMSKey) == nil {
			v.unknownKMSKey(p+".kmsKey", ref.KMSKey, "add it to kmsKeys (by arn for an existing key)")
		}
	}
	for _, name := range sortedKeys(c.Environment) {
		value := c.Environment[name]
		mapping, named := v.secretNamedBy(value)
		switch {
		case named && Substitutes(value):
			what := "a Secrets Manager secret"
			if strings.HasPrefix(mapping, "{parameter") {
				what = "a Parameter Store parameter"
			}
			v.add(joinPath(path+".environment", name), "move it to the container's secrets: secrets: {"+name+": "+mapping+"}",
				"%s names %s, and an environment value is text written into the template: ECS injects parameters and secrets only from the container's secrets", value, what)
		case secretLookingName.MatchString(name) && named:
			v.add(joinPath(path+".environment", name), "move it to the container's secrets, where ECS injects it from: secrets: {"+name+": "+mapping+"}",
				"%s looks like a secret, and environment values are written into the template", name)
		case secretLookingName.MatchString(name):
			v.add(joinPath(path+".environment", name), "move it to secrets: ECS injects it from Parameter Store or Secrets Manager",
				"%s looks like a secret, and environment values are written into the template", name)
		case hasURLPassword(c.Environment[name]):
			// The value is not repeated: it holds the password.
			v.add(joinPath(path+".environment", name), "keep the whole URL as a secret (a SecureString parameter or a Secrets Manager secret) and name it in secrets, or give the password a secret of its own and build the URL in the container",
				"%s is a URL with a password in it (user:PASSWORD@host), and environment values are written into the template", name)
		}
	}
}

// hasURLPassword reports whether value is a URL whose user information
// holds a password (postgres://app:PASSWORD@db/shop), as database and
// broker URLs carry one. A password that is a reference (${...}) is not one:
// the value's Fn::Sub check speaks of it.
func hasURLPassword(value string) bool {
	scheme, rest, ok := strings.Cut(value, "://")
	if !ok || scheme == "" {
		return false
	}
	u, err := url.Parse(value)
	if err != nil || u.User == nil {
		// A password with characters url.Parse refuses is still one.
		userinfo, _, at := strings.Cut(strings.SplitN(rest, "/", 2)[0], "@")
		_, password, colon := strings.Cut(userinfo, ":")
		return at && colon && password != "" && !strings.HasPrefix(password, "${")
	}
	password, set := u.User.Password()
	return set && password != "" && !strings.HasPrefix(password, "${")
}

// noPrefix reports whether parameters.prefix is unset, where a name
// without a leading / is relative to nothing. A name under a prefix that
// still has none is under a prefix written without its /, whose own
// problem says what to write, once.
func (v *validator) noPrefix() bool {
	p := v.b.Parameters
	return p == nil || p.Prefix == ""
}

// relativeParameterFix is the fix for a parameter named without a leading
// / where no parameters.prefix makes it relative. Parameter Store's names in
// a hierarchy start with / when they are created or referenced (PutParameter's
// Name), so such a name gets its /. A name without a / is a parameter at the
// top level, a different one from /NAME: ECS takes it by its ARN.
func relativeParameterFix(name string) string {
	if strings.Contains(name, "/") {
		return fmt.Sprintf("write %q: a name in a hierarchy starts with / (or set parameters.prefix for a name under it)", "/"+name)
	}
	return "write its path from / (/app/db/password), set parameters.prefix for a name under it, or give a parameter named without a / by its ARN, arn:aws:ssm:REGION:ACCOUNT:parameter/" + name
}

func (v *validator) parameterRef(p string, ref SecretRef) {
	switch {
	case strings.HasPrefix(ref.Parameter, "arn:"):
		if !parameterARN.MatchString(ref.Parameter) {
			v.add(p+".parameter", "write arn:aws:ssm:REGION:ACCOUNT:parameter/NAME", "%q is not a parameter ARN", ref.Parameter)
		}
	case !strings.HasPrefix(ref.Parameter, "/"):
		if v.noPrefix() {
			v.add(p+".parameter", relativeParameterFix(ref.Parameter), "%q is relative but parameters.prefix is not set", ref.Parameter)
		}
	default:
		v.parameterName(p+".parameter", ref.Parameter)
	}
	v.oneOf(p+".type", ref.Type, parameterTypeChoices...)
	if ref.JSONKey != "" || ref.VersionStage != "" {
		v.add(p, "remove jsonKey and versionStage, or use a Secrets Manager secret", "jsonKey and versionStage apply to Secrets Manager secrets, not to parameters")
	}
	if created := v.b.CreatedParameter(ref.Parameter); created != nil && ref.KMSKey != "" {
		v.add(p+".kmsKey", "remove it", "the parameter is a String the template creates; no key encrypts it")
	}
}

func (v *validator) secretRef(p string, ref SecretRef) {
	if strings.HasPrefix(ref.Secret, "arn:") {
		if !secretARN.MatchString(ref.Secret) {
			if fix, ok := ecsSecretFields(ref.Secret); ok {
				v.add(p+".secret", fix, "%q is written as ECS's valueFrom, ARN:JSON-KEY:VERSION-STAGE:VERSION-ID, which a Blueprint writes as fields beside the ARN", ref.Secret)
			} else {
				v.add(p+".secret", "copy the full ARN, with its -XXXXXX suffix, from Secrets Manager", "%q is not a full secret ARN, which ECS requires", ref.Secret)
			}
		}
	} else if v.b.Secret(ref.Secret) == nil {
		v.add(p+".secret", nameFix(ref.Secret, namesOf(v.b.Secrets, secretName), "name an entry of secrets, or give the full ARN of an existing secret"), "there is no secret %q", ref.Secret)
	}
	if ref.JSONKey != "" && !jsonKeyPattern.MatchString(ref.JSONKey) {
		v.add(p+".jsonKey", "use letters, digits and . _ -", "%q is not a JSON key", ref.JSONKey)
	}
	if ref.VersionStage != "" && !versionStagePat.MatchString(ref.VersionStage) {
		v.add(p+".versionStage", "write a stage such as AWSCURRENT or AWSPREVIOUS", "%q is not a version stage", ref.VersionStage)
	} else if stage := awsStage(ref.VersionStage); stage != "" {
		// A label other than Secrets Manager's own names a version only
		// if someone attached it: latest names none, and the task then
		// fails to start.
		v.warn(p+".versionStage", "write versionStage: "+stage+", or leave it out for the current version",
			"%q is a label of your own; Secrets Manager's labels are AWSCURRENT, AWSPREVIOUS and AWSPENDING, and a task whose label names no version does not start", ref.VersionStage)
	}
	if s := v.b.Secret(ref.Secret); s != nil && ref.JSONKey != "" && ref.JSONKey != s.JSONKey {
		if _, ok := s.Fields[ref.JSONKey]; !ok {
			v.add(p+".jsonKey", "use "+strings.Join(append([]string{s.JSONKey}, sortedKeys(s.Fields)...), " or "), "secret %q has no key %q", ref.Secret, ref.JSONKey)
		}
	}
	if ref.Type != "" {
		v.add(p+".type", "remove it", "type applies to parameters")
	}
}

// awsCredential are the environment variables of static AWS credentials.
var awsCredential = map[string]bool{"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true}

// awsStage is the label Secrets Manager attaches that stage was likely
// written for (latest for AWSCURRENT), or "".
func awsStage(stage string) string { return awsStages[strings.ToLower(stage)] }

// kmsARNFix is the fix for a KMS key's arn that is not a key ARN: an
// alias, which an IAM grant cannot name (the AWS CLI prints the key's ARN
// from it), or the key's ID alone.
func kmsARNFix(arn string) string {
	if strings.HasPrefix(arn, "alias/") || strings.Contains(arn, ":alias/") {
		return fmt.Sprintf("give the ARN of the key the alias points to, which aws kms describe-key --key-id %s --query KeyMetadata.Arn --output text prints: an alias cannot be named in an IAM grant", arn)
	}
	if keyID.MatchString(arn) {
		return fmt.Sprintf("%s is the key's ID; its ARN is arn:aws:kms:REGION:ACCOUNT:key/%s", arn, arn)
	}
	return "give the key ARN, arn:aws:kms:REGION:ACCOUNT:key/ID"
}
