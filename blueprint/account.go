package blueprint

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// SharedFile is the shared stack's template: what exists once per account
// and Region, whichever environments run there (the container repositories
// every environment pulls from, API Gateway's logging role). It is deployed
// as the stack <name>-shared before any environment's.
const SharedFile = "shared.yaml"

// SharedStackName is the name gen gives the shared stack in its commands.
func (b *Blueprint) SharedStackName() string { return b.Name + "-shared" }

// StackName is the name of the application's stack: the Blueprint's name,
// or NAME-ENV for an environment that keeps its base's name, so that the
// environments of an account each have a stack of their own. An
// environment that renames itself takes its name alone.
func (b *Blueprint) StackName() string {
	if env := b.EnvironmentName(); env != "" && b.Name == b.src.baseName {
		return b.Name + "-" + env
	}
	return b.Name
}

// DeployedStackName is the name of the stack the application's template is
// deployed as: pipeline.stack when a pipeline deploys it (by default
// StackName too), else StackName. gen's commands that name the stack (its
// outputs, its KMS keys' aliases) read this one. b must have its defaults
// applied.
func (b *Blueprint) DeployedStackName() string {
	if b.Pipeline != nil && b.Pipeline.Stack != "" {
		return b.Pipeline.Stack
	}
	return b.StackName()
}

// AccountResources is what the shared stack creates, gathered from the base
// and every environment of a Blueprint: an environment that adds a service
// adds its repository to the one stack every environment shares.
type AccountResources struct {
	// Repositories are the ECR repositories it creates, sorted: every
	// repository an image names, but those listed in ecr.existing.
	Repositories []string
	// KeepImages is how many images each repository keeps.
	KeepImages int
	// APIGatewayRole says it sets API Gateway's CloudWatch role for the
	// account and Region, because an API of the Blueprint writes logs.
	APIGatewayRole bool
}

// Empty reports whether the shared stack has nothing to create.
func (a AccountResources) Empty() bool { return len(a.Repositories) == 0 && !a.APIGatewayRole }

// accountResources gathers the shared stack's resources from defaulted, the
// base with its defaults, and the Blueprints of b's environments.
func (b *Blueprint) accountResources(defaulted *Blueprint) AccountResources {
	all := []*Blueprint{defaulted}
	for _, name := range b.EnvironmentNames() {
		if env, err := b.merged(name); err == nil {
			all = append(all, env.WithDefaults())
		}
	}
	a := AccountResources{KeepImages: defaulted.ECR.KeepImages}
	seen := map[string]bool{}
	for _, x := range all {
		for _, repo := range x.ImageRepositories() {
			if !seen[repo] && !slices.Contains(defaulted.ECR.Existing, repo) {
				seen[repo] = true
				a.Repositories = append(a.Repositories, repo)
			}
		}
		if x.API != nil && x.API.Logs() && (defaulted.Account == nil || defaulted.Account.APIGatewayRole != RoleExisting) {
			a.APIGatewayRole = true
		}
	}
	sort.Strings(a.Repositories)
	return a
}

// ImageRepositories lists the ECR repositories the Blueprint's images name,
// in Blueprint order, each once.
func (b *Blueprint) ImageRepositories() []string {
	var list []string
	for _, s := range b.Services {
		for _, c := range s.Containers {
			if c.Image.FromECR() && !slices.Contains(list, c.Image.Repository) {
				list = append(list, c.Image.Repository)
			}
		}
	}
	return list
}

// Logs reports whether the API's stage writes logs to CloudWatch Logs,
// access or execution logs, which need API Gateway's CloudWatch role set for
// the account and Region. a must have its defaults applied.
func (a *API) Logs() bool { return a.AccessLogged() || a.ExecutionLogged() }

// validateAccount checks ecr.existing: repository names, each named by an
// image of the base or of an environment (a misspelt one would leave the
// image's repository to be created).
func (v *validator) validateAccount() {
	used := map[string]bool{}
	for _, repo := range v.b.ImageRepositories() {
		used[repo] = true
	}
	for _, name := range v.raw.EnvironmentNames() {
		if env, err := v.raw.merged(name); err == nil {
			for _, repo := range env.ImageRepositories() {
				used[repo] = true
			}
		}
	}
	seen := map[string]bool{}
	for i, name := range v.b.ECR.Existing {
		path := indexPath("ecr.existing", i)
		switch {
		case !repositoryPattern.MatchString(name) || len(name) < 2 || len(name) > 256:
			v.add(path, "use 2-256 lowercase letters and digits, separated by . _ - and / namespaces", "%q is not an ECR repository name", name)
		case seen[name]:
			v.add(path, "list it once", "%q is listed twice", name)
		case !used[name] && !v.raw.isEnvironment():
			v.add(path, "name a repository an image uses (image.repository), or remove it", "no image uses the repository %q", name)
		}
		seen[name] = true
	}
	if id := v.b.AccountID; id != "" && !isAccountID(id) {
		fix := `write the account's twelve digits, such as "012345678901", which aws sts get-caller-identity --query Account prints`
		switch digits := strings.NewReplacer("-", "", " ", "").Replace(id); {
		case isAccountID(digits):
			// As the console's account menu shows it, 1234-5678-9012.
			fix = fmt.Sprintf("write %q: the twelve digits alone", digits)
		case len(id) == 11 && isAccountID("0"+id):
			// A spreadsheet or a tool that read it as a number dropped
			// its leading zero.
			fix = fmt.Sprintf("an ID is twelve digits: if it begins with a 0, lost where it was read as a number, write %q, in quotes", "0"+id)
		}
		v.add("accountId", fix, "%q is not an AWS account ID", id)
	}
	if a := v.b.Account; a != nil && a.APIGatewayRole != "" {
		v.oneOf("account.apiGatewayRole", a.APIGatewayRole, roleChoices...)
	}
}

// isEnvironment reports whether b is one environment of a Blueprint, merged
// from its overlay.
func (b *Blueprint) isEnvironment() bool { return b.EnvironmentName() != "" }

// EnvironmentName is the name of the environment b was merged for (see
// [Blueprint.Environment]), "" for a Blueprint as written.
func (b *Blueprint) EnvironmentName() string {
	if b.src == nil {
		return ""
	}
	return b.src.env
}

// sharedFields are the top-level fields that belong to the shared stack,
// which every environment shares: an overlay cannot change them.
var sharedFields = []string{"ecr", "account"}

// isAccountID reports whether id is an AWS account ID: twelve digits.
func isAccountID(id string) bool { return len(id) == 12 && allBytes(id, isDigit) }

// CertificateAccount returns the account of an ACM certificate ARN, or
// false for any other text: a load balancer uses certificates of its own
// account, so the certificate tells which account an environment is in.
func CertificateAccount(arn string) (string, bool) {
	_, account, ok := acmARN(arn)
	return account, ok
}

// SameAccount reports whether two environments' stacks may be in one
// account: they are unless both name their account and the two differ.
func SameAccount(a, b string) bool { return a == "" || b == "" || a == b }
