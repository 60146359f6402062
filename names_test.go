package ecsgate_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/diff"
	"github.com/ecsgate/ecsgate/internal/cfn"
)

// stackClaims lists the unique values (names, priorities, ports: see
// diff.Claims, from the resource schemas) the CloudFormation templates among
// files hold, deployed as the stack named stack (the shared stack as its own).
func stackClaims(t *testing.T, files []ecsgate.File, stack, shared string) []diff.Claim {
	t.Helper()
	var claims []diff.Claim
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".yaml") || f.Name == ecsgate.OpenAPIFile {
			continue
		}
		root, err := cfn.Parse(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		name := stack
		if f.Name == ecsgate.SharedFile {
			name = shared
		}
		claims = append(claims, diff.Claims(f.Name, root, name)...)
	}
	return claims
}

// shared is a value two stacks both claim.
type shared struct {
	claim         diff.Claim
	first, second string // the stacks
	held          diff.Holder
}

func (s shared) String() string {
	return s.claim.Type + " " + s.claim.What() + ": stack " + s.first + " (" + s.held.String() + ") and stack " + s.second + " (" + s.claim.Holder.String() + ")"
}

// sameNames lists the values two stacks both claim, with both holders.
func sameNames(stacks map[string][]diff.Claim) []shared {
	type held struct {
		stack string
		c     diff.Claim
	}
	first := map[string]held{}
	var twice []shared
	for _, stack := range slices.Sorted(maps.Keys(stacks)) {
		for _, c := range stacks[stack] {
			if h, ok := first[c.Key()]; ok && h.stack != stack {
				twice = append(twice, shared{claim: c, first: h.stack, second: stack, held: h.c.Holder})
				continue
			}
			first[c.Key()] = held{stack, c}
		}
	}
	return twice
}

// TestEnvironmentsHoldNoNameTwice: every environment of every golden with
// environments is a stack of its own (shop-dev, shop-prod...), beside the
// one shared stack, in one account and Region; no two of them hold a name AWS
// keeps unique.
func TestEnvironmentsHoldNoNameTwice(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Environments) == 0 {
			continue
		}
		done, err := ecsgate.RenderEach(b, b.EnvironmentNames())
		if err != nil {
			t.Fatal(err)
		}
		stacks := map[string][]diff.Claim{}
		for _, r := range done {
			var app []ecsgate.File
			for _, f := range r.Files {
				if f.Name == ecsgate.SharedFile {
					stacks[b.SharedStackName()] = stackClaims(t, []ecsgate.File{f}, "", b.SharedStackName())
					continue
				}
				app = append(app, f)
			}
			stacks[b.Name+"-"+r.Env] = stackClaims(t, app, b.Name+"-"+r.Env, "")
		}
		if len(stacks) < 3 {
			t.Fatalf("%s: %d stacks", dir, len(stacks))
		}
		for _, twice := range sameNames(stacks) {
			t.Errorf("%s: %s", dir, twice)
		}
	}
}

// TestTwoStacksShareOnlyWrittenNames renders every golden (every
// environment) and deploys it, on paper, as two stacks: every name the two
// hold alike is one the Blueprint writes (a host name, a domain: the user's
// claim, which validation checks between environments). Every name ecsgate
// chooses carries the stack's name.
func TestTwoStacksShareOnlyWrittenNames(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		source, err := os.ReadFile(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		envs := append([]string{""}, b.EnvironmentNames()...)
		done, err := ecsgate.RenderEach(b, envs)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, r := range done {
			var app []ecsgate.File
			for _, f := range r.Files {
				if f.Name != ecsgate.SharedFile {
					app = append(app, f)
				}
			}
			stacks := map[string][]diff.Claim{"first": stackClaims(t, app, "first", ""), "second": stackClaims(t, app, "second", "")}
			checked += len(stacks["first"])
			for _, twice := range sameNames(stacks) {
				if !writtenIn(string(source), twice.claim.Value) {
					t.Errorf("%s %s: %s: a name ecsgate chose that does not carry the stack's name", dir, r.Env, twice)
				}
			}
		}
		if checked == 0 {
			t.Errorf("%s: no claims found", dir)
		}
	}
}

// writtenIn reports whether a claimed value is one the Blueprint's source
// writes: as it is, or as a parameter name relative to parameters.prefix
// (/app/db/host written db/host).
func writtenIn(source, value string) bool {
	value, source = strings.ToLower(value), strings.ToLower(source)
	if strings.Contains(source, value) {
		return true
	}
	if rest, ok := strings.CutPrefix(value, "/"); ok {
		if _, relative, ok := strings.Cut(rest, "/"); ok && strings.Contains(source, relative) {
			return true
		}
	}
	return false
}

// TestSharedHostNameIsRefused: two environments that write one host name
// are refused at the second one's value, naming the first one's position.
func TestSharedHostNameIsRefused(t *testing.T) {
	source, err := os.ReadFile(filepath.Join(envGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(source), "hostnames: [staging.shop.example.com]", "hostnames: [dev.shop.example.com]", 1)
	_, err = blueprint.Read("bp.yaml", []byte(text))
	if err == nil {
		t.Fatal("environments sharing a host name are accepted")
	}
	lines := strings.Split(text, "\n")
	line := func(sub string, after int) int {
		for i := after; i < len(lines); i++ {
			if strings.Contains(lines[i], sub) {
				return i + 1
			}
		}
		return 0
	}
	devLine := line("hostnames: [dev.shop.example.com]", 0)
	stagingLine := line("hostnames: [dev.shop.example.com]", devLine)
	want := []string{
		"staging: ingress.alb.hostnames[0]: \"dev.shop.example.com\" is also environment dev's (bp.yaml:" + fmt.Sprint(devLine) + ":",
		"bp.yaml:" + fmt.Sprint(stagingLine) + ":",
		"give each environment its own value",
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("no %q in:\n%v", w, err)
		}
	}
}

// TestNameCheckFindsSharedNames proves the check above finds what it
// should: the dev environment deployed as two stacks holds its host name's
// record and its load balancer rules alike, and the check names the record
// with both holders.
func TestNameCheckFindsSharedNames(t *testing.T) {
	b, err := ecsgate.Load(filepath.Join(envGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := ecsgate.RenderEnvironment(b, "dev")
	if err != nil {
		t.Fatal(err)
	}
	var files []ecsgate.File
	for _, f := range all {
		if f.Name != ecsgate.SharedFile {
			files = append(files, f)
		}
	}
	twice := sameNames(map[string][]diff.Claim{"shop-dev": stackClaims(t, files, "shop-dev", ""), "shop-dev-again": stackClaims(t, files, "shop-dev-again", "")})
	want := "AWS::Route53::RecordSet Name dev.shop.example.com on Z0123456789EXAMPLE A: stack shop-dev (template.yaml AlbRecordDevShopExampleCom) and stack shop-dev-again (template.yaml AlbRecordDevShopExampleCom)"
	var found []string
	for _, s := range twice {
		found = append(found, s.String())
	}
	if !slices.Contains(found, want) {
		t.Errorf("the record shared by two stacks is not found; found:\n%s", strings.Join(found, "\n"))
	}
}

// TestEnvironmentsInOtherAccounts: environments that name different
// accounts may hold the same names (each account has its own hosted zone
// and stacks); one that names no account may be in either, so it still may
// not; and each environment's first deploy begins by checking the account
// of the AWS CLI's credentials, so the two are not merged into one.
func TestEnvironmentsInOtherAccounts(t *testing.T) {
	source, err := os.ReadFile(filepath.Join(envGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	shared := strings.Replace(strings.Replace(string(source), "hostnames: [staging.shop.example.com]", "hostnames: [dev.shop.example.com]", 1), "domain: staging.shop.example.com", "domain: dev.shop.example.com", 1)
	sameZone := strings.Replace(strings.Replace(shared, "  dev: {}\n", "  dev: {accountId: \"111111111111\"}\n", 1), "  staging:\n", "  staging:\n    accountId: \"222222222222\"\n", 1)
	if _, err := blueprint.Read("bp.yaml", []byte(sameZone)); err == nil || !strings.Contains(err.Error(), "staging: dns.zoneId: the hosted zone Z0123456789EXAMPLE is environment dev's too, in account 111111111111 (bp.yaml:18:11): a stack writes records only in a hosted zone of its own account (222222222222)") {
		t.Errorf("two accounts writing records in one hosted zone: want the zone refused, got %v", err)
	}
	apart := strings.Replace(sameZone, "    accountId: \"222222222222\"\n", "    accountId: \"222222222222\"\n    dns: {zone: example.com, zoneId: Z0222222222EXAMPLE}\n", 1)
	b, err := blueprint.Read("bp.yaml", []byte(apart))
	if err != nil {
		t.Fatalf("environments in two accounts may hold one host name: %v", err)
	}
	oneUnnamed := strings.Replace(shared, "  staging:\n", "  staging:\n    accountId: \"222222222222\"\n", 1)
	if _, err := blueprint.Read("bp.yaml", []byte(oneUnnamed)); err == nil || !strings.Contains(err.Error(), "give each its accountId") {
		t.Errorf("an environment with no accountId may share the account: want the shared host name refused, got %v", err)
	}
	done, err := ecsgate.RenderEach(b, []string{"dev", "staging"})
	if err != nil {
		t.Fatal(err)
	}
	var each [][]ecsgate.Step
	for _, r := range done {
		steps := ecsgate.FirstDeploy(r.Resolved, r.Files, "out/"+r.Env, "out", "shop-"+r.Env, "-f bp.yaml")
		want := ecsgate.Step{
			Title:    "Check that the AWS CLI's credentials are for account " + r.Resolved.AccountID + ", the Blueprint's accountId (the command fails if not):",
			Commands: []string{`test "$(aws sts get-caller-identity --query Account --output text)" = ` + r.Resolved.AccountID},
		}
		if len(steps) == 0 || steps[0].Title != want.Title || !slices.Equal(steps[0].Commands, want.Commands) {
			t.Errorf("%s: first step %+v, want %+v", r.Env, steps[0], want)
		}
		each = append(each, steps)
	}
	if _, ok := ecsgate.MergeSteps(each); ok {
		t.Error("the first deploys of environments in two accounts were merged into one")
	}
}

// TestSharedImageTagOnTwoPlatforms: environments of one account push to
// one repository, where a tag holds one image: one tag run on ARM64 in one
// environment and X86_64 in another is warned of at the later one, naming
// the first (gen's push step builds for one architecture; a multi-platform
// image serves both); a tag of its own, or an account of its own, is not.
func TestSharedImageTagOnTwoPlatforms(t *testing.T) {
	source, err := os.ReadFile(filepath.Join(envGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const prodWeb = "  prod:\n"
	arm := func(extra string) string {
		text := string(source)
		i := strings.Index(text, prodWeb)
		j := strings.Index(text[i:], "      - name: web\n") + i + len("      - name: web\n")
		return text[:j] + "        platform: ARM64\n" + extra + text[j:]
	}
	warningsOf := func(text string) []string {
		t.Helper()
		b, err := blueprint.Read("bp.yaml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, env := range b.EnvironmentNames() {
			res, err := b.ResolveEnvironment(env)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range res.Warnings {
				if !blueprint.IsPlaceholder(w) { // the fixture's example.com, on purpose
					all = append(all, w.String())
				}
			}
		}
		return all
	}
	got := warningsOf(arm(""))
	want := `warning: prod: services[0].platform: service web runs shop/web:4.2.0 on ARM64, and environment dev runs it on X86_64 (bp.yaml:`
	if len(got) != 1 || !strings.Contains(got[0], want) ||
		!strings.HasSuffix(got[0], "(give the image its own tag in environments.prod, or push the tag as a multi-platform image (docker buildx build --platform linux/amd64,linux/arm64 --push))") {
		t.Errorf("got %q, want one warning with %q", got, want)
	}
	for name, text := range map[string]string{
		"a tag of its own":      arm("        containers:\n          - name: app\n            image: {tag: \"4.2.0-arm64\"}\n"),
		"an account of its own": "accountId: \"111111111111\"\n" + strings.Replace(arm(""), prodWeb, prodWeb+"    accountId: \"222222222222\"\n    dns: {zoneId: Z9876543210PROD}\n", 1),
	} {
		if got := warningsOf(text); len(got) != 0 {
			t.Errorf("%s: %q", name, got)
		}
	}
}
