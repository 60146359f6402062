package ecsgate

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/shellword"
)

// Step is one step of a deploy: what it does and the commands that do it.
type Step struct {
	// Title says what the step does and why it comes where it does.
	Title string
	// Commands are shell commands, run from the folder gen render ran in.
	Commands []string
}

// Registry is the shell snippet that sets REGISTRY to this account's and
// Region's ECR registry host (ACCOUNT.dkr.ecr.REGION.amazonaws.com), as ECR
// itself gives it (GetAuthorizationToken's proxyEndpoint, which docker login
// needs anyway) for the account and Region the AWS CLI uses: whichever way
// the Region is set (AWS_DEFAULT_REGION, which aws configure get region
// does not read, a profile), and in any partition (amazonaws.com.cn in
// China's Regions).
const Registry = `REGISTRY="$(aws ecr get-authorization-token --query 'authorizationData[0].proxyEndpoint' --output text)" && REGISTRY="${REGISTRY#https://}"`

// FirstDeploy returns the steps that take an empty account to running
// services, for the files Render returned for b, written to dir (the shared
// stack's to sharedDir, which gen render --all-envs makes the folder above
// the environments') and deployed as the stack named stack; source is how
// gen names the Blueprint (-f FILE or --example NAME), for the commands that
// read it again.
//
// The order is the one an empty account needs: the shared stack first (the
// repositories must exist to push to), then the images (the services' tasks
// pull them when they start: without them the deployment's circuit breaker
// rolls the stack back), the SecureString parameters the containers read
// (the template cannot create them), and the application's stack last. With
// a pipeline, the pipeline's first run builds and pushes its images before
// it deploys the stack, so pushing to the branch replaces the last steps.
func FirstDeploy(b *blueprint.Resolved, files []File, dir, sharedDir, stack, source string) []Step {
	var steps []Step
	if b.AccountID != "" {
		// Every command below acts on the account of the AWS CLI's
		// credentials: the stacks of an environment in an account of its
		// own would otherwise be created in whichever account is at hand.
		steps = append(steps, Step{
			Title:    fmt.Sprintf("Check that the AWS CLI's credentials are for account %s, the Blueprint's accountId (the command fails if not):", b.AccountID),
			Commands: []string{fmt.Sprintf(`test "$(aws sts get-caller-identity --query Account --output text)" = %s`, b.AccountID)},
		})
	}
	// ECS creates its service-linked role when the account's first cluster
	// is created, and then uses it at once: in an account that never ran
	// ECS, CloudFormation's first cluster can fail on the role while IAM
	// makes it available ("Unable to assume the service linked role").
	// Creating it first, once an account, avoids the race.
	steps = append(steps, Step{
		Title:    "Make sure the account has the service-linked role ECS works through, once (in an account that never ran ECS, the stack's first cluster can fail while ECS creates it):",
		Commands: []string{ecsServiceLinkedRole},
	})
	if _, ok := FileNamed(files, SharedFile); ok {
		steps = append(steps, Step{
			Title: "Create what every environment in this account and Region shares, once (the container repositories" + apiRoleNote(b) + "):",
			Commands: []string{fmt.Sprintf("aws cloudformation deploy --template-file %s --stack-name %s --capabilities CAPABILITY_IAM",
				ShellWord(filepath.Join(sharedDir, SharedFile)), b.SharedStackName())},
		})
	}
	if push, existing := pushCommands(b); len(push) > 0 {
		title := "Push the image of every container to its repository: the tasks pull it when they start."
		switch {
		case b.Pipeline != nil:
			title = "Push the images the pipeline does not build: the tasks pull them when they start."
		case existing:
			// Repositories that exist (another tool's, Copilot's) may hold
			// the tags already: pushing them again is harmless, and needless.
			title = "Push the image of every container to its repository, unless the tag is there already (the repositories exist: ecr.existing): the tasks pull it when they start."
		}
		steps = append(steps, Step{Title: title, Commands: push})
	}
	missing := MissingParameters(b, stack)
	var reencrypt []string
	if len(missing) > 0 {
		var commands []string
		for _, m := range missing {
			keyID := m.KeyID
			if m.StackKey {
				// The key does not exist yet: AWS's managed key now, the
				// stack's once it exists (see the step after the stack).
				keyID = awsManagedSSMKey
				reencrypt = append(reencrypt, reencryptParameter(m, m.KeyID))
			}
			commands = append(commands, createParameter(m, keyID)...)
		}
		steps = append(steps, Step{
			Title:    fmt.Sprintf("Create the %d parameter%s the containers read that a template cannot create (SecureStrings); type each value when asked: it does not show, and stays out of the shell's history (gen secrets %s --stack %s prints these again):", len(missing), blueprint.Plural(len(missing)), source, stack),
			Commands: commands,
		})
	}

	if p := b.Pipeline; p != nil {
		steps = append(steps,
			Step{
				Title: "Create the pipeline, once:",
				Commands: []string{fmt.Sprintf("aws cloudformation deploy --template-file %s --stack-name %s-pipeline --capabilities CAPABILITY_IAM",
					ShellWord(filepath.Join(dir, PipelineFile)), p.Stack)},
			},
			Step{
				Title: fmt.Sprintf("Commit %s and %s to %s/ in %s and push to %s: the pipeline builds and pushes the images, then creates the stack %s.",
					TemplateFile, BuildspecFile, p.Directory, p.Source.Repository, p.Source.Branch, p.Stack),
				Commands: []string{
					fmt.Sprintf("mkdir -p %s && cp %s %s %s/", p.Directory, ShellWord(filepath.Join(dir, TemplateFile)), ShellWord(filepath.Join(dir, BuildspecFile)), p.Directory),
					fmt.Sprintf("git add %s && git commit -m 'Deploy %s' && git push origin %s", p.Directory, p.Stack, p.Source.Branch),
				},
			})
	} else {
		steps = append(steps, Step{Title: stackStep, Commands: DeployCommands(files, dir, stack)})
	}
	if len(reencrypt) > 0 {
		steps = append(steps, Step{
			Title:    "Encrypt those parameters with the key the stack created, as the Blueprint asks (the tasks read them with either key meanwhile):",
			Commands: reencrypt,
		})
	}
	if b.CreatesAlarmTopic() && len(b.Alarms.Emails) > 0 {
		// SNS mails each address a link to confirm its subscription, and
		// delivers nothing to it until then.
		steps = append(steps, Step{
			Title:    "Confirm the alarms' email subscriptions: AWS Notifications mails each address of alarms.emails a link, and no alarm reaches an address until it is followed. This lists them, PendingConfirmation until then:",
			Commands: []string{`aws sns list-subscriptions-by-topic --topic-arn "` + StackOutput(stack, blueprint.AlarmTopicOutput) + `" --query "Subscriptions[].[Endpoint,SubscriptionArn]" --output text`},
		})
	}
	return steps
}

// ecsServiceLinkedRole creates ECS's service-linked role unless the
// account has it (create-service-linked-role fails on one that exists).
const ecsServiceLinkedRole = "aws iam get-role --role-name AWSServiceRoleForECS > /dev/null 2>&1 || aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com"

// stackStep is the title of the step that creates the application's stack.
const stackStep = "Create the application's stack:"

// MergeSteps returns the first deploy of several environments as one list
// of steps, when each environment's FirstDeploy has the same steps in the
// same order (the same titles): each step's commands are every
// environment's, each command once, in the order of the environments. The
// shared stack is then created once, each image pushed once, and each
// environment's stack created after them. Otherwise (a step only some
// environments have, or one whose title names an environment's stack, such
// as a pipeline's or the SecureString parameters') ok is false and each
// environment's steps stand alone.
func MergeSteps(each [][]Step) (merged []Step, ok bool) {
	if len(each) == 0 {
		return nil, false
	}
	for _, steps := range each[1:] {
		if !slices.EqualFunc(steps, each[0], func(a, b Step) bool { return a.Title == b.Title }) {
			return nil, false
		}
	}
	for i, first := range each[0] {
		step := Step{Title: first.Title}
		for _, steps := range each {
			for _, c := range steps[i].Commands {
				if !slices.Contains(step.Commands, c) {
					step.Commands = append(step.Commands, c)
				}
			}
		}
		if step.Title == stackStep && len(each) > 1 {
			step.Title = "Create each environment's stack:"
		}
		merged = append(merged, step)
	}
	return merged, true
}

// apiRoleNote names API Gateway's logging role when the shared stack sets it.
func apiRoleNote(b *blueprint.Resolved) string {
	if b.Account.APIGatewayRole {
		return ", and API Gateway's role for writing logs"
	}
	return ""
}

// pushCommands log in to the registry and build, tag and push each image of
// a repository the services pull from, but those the pipeline builds;
// existing says every one of those repositories is in ecr.existing.
func pushCommands(b *blueprint.Resolved) (commands []string, existing bool) {
	built := map[string]bool{}
	if b.Pipeline != nil {
		for _, ib := range b.Pipeline.Builds {
			built[ib.Service+"/"+ib.Container] = true
		}
	}
	existing = true
	for _, s := range b.Services {
		for _, c := range s.Containers {
			img := c.Image
			if !img.FromECR() || built[s.Name+"/"+c.Name] {
				continue
			}
			existing = existing && slices.Contains(b.ECR.Existing, img.Repository)
			tag := img.Tag
			if tag == "" {
				tag = "build-" + s.Name // digest only: any tag, then the digest push prints
			}
			ref := `"$REGISTRY/` + img.Repository + ":" + tag + `"`
			if slices.Contains(commands, "docker push "+ref) {
				continue
			}
			commands = append(commands,
				"docker build --platform "+s.ImagePlatform()+" --tag "+ref+" PATH_TO_"+strings.ToUpper(strings.NewReplacer("-", "_", "/", "_", ".", "_").Replace(s.Name+"_"+c.Name))+"   # the image of container "+c.Name+" in service "+s.Name,
				"docker push "+ref)
			if img.Tag == "" {
				commands = append(commands, "# the Blueprint pins "+img.Repository+" by digest: set image.digest of "+path.Join(s.Name, c.Name)+" to the digest docker push printed")
			}
		}
	}
	if len(commands) == 0 {
		return nil, false
	}
	return append([]string{Registry, `aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"`}, commands...), existing
}

// StackOutput is the shell command substitution that reads the value of
// the stack's output, for a command gen prints to be run as it is: it goes
// between double quotes.
func StackOutput(stack, output string) string {
	return fmt.Sprintf(`$(aws cloudformation describe-stacks --stack-name %s --query "Stacks[0].Outputs[?OutputKey=='%s'].OutputValue" --output text)`, ShellWord(stack), output)
}

// ShellWord is s as one word of a shell command gen prints: as it is when
// every character is one no shell treats specially, else in single quotes
// (a folder named with a space, "my out", would otherwise be two words).
func ShellWord(s string) string { return shellword.Quote(s) }
