package blueprint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPlaceholder: the examples' placeholders are told apart from values
// that only look like them.
func TestPlaceholder(t *testing.T) {
	for _, c := range []struct {
		value, what string // what's start; "" for no placeholder
	}{
		{"arn:aws:iam::123456789012:role/deploy", "the account 123456789012"},
		{"123456789012", "the account 123456789012"},
		{"Z0123456789EXAMPLE", "a hosted zone ID of AWS's documentation"},
		{"subnet-0a1b2c3d4e5f60001", "an ID the examples make up"},
		{"example.com", "a name in example.com"},
		{"shop.example.com", "a name in example.com"},
		{"https://api.Example.org/v1", "a name in example.org"},
		{"*.example.net", "a name in example.net"},
		{"myexample.com", ""},
		{"example.company.io", ""},
		{"shop.example", ""},
		{"Z2FDTNDATAQYW2", ""},
		{"arn:aws:iam::210987654321:role/deploy", ""},
		{"EXAMPLE", ""},
	} {
		what, fix := placeholder(c.value)
		if !strings.HasPrefix(what, c.what) || (c.what == "") != (what == "") || (what == "") != (fix == "") {
			t.Errorf("%q: %q, %q; want what starting %q", c.value, what, fix, c.what)
		}
	}
}

// TestPlaceholderAccount: a value in the documentation's account is
// mended as what it is: an ARN, an image in that account's registry (which
// fails when the tasks pull it), or the account's ID.
func TestPlaceholderAccount(t *testing.T) {
	for _, c := range []struct{ value, what, fix string }{
		{"arn:aws:iam::123456789012:role/deploy",
			"the account 123456789012 of AWS's documentation: the deploy fails on a resource of an account that is not yours",
			"write your resource's ARN, in your account (aws sts get-caller-identity --query Account --output text prints yours)"},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.0",
			"the account 123456789012 of AWS's documentation: the tasks cannot pull an image from a registry that is not yours, and the deployment is rolled back",
			"write your account's registry, ACCOUNT.dkr.ecr.REGION.amazonaws.com (aws sts get-caller-identity --query Account --output text prints yours), or {repository: NAME, tag: TAG} for a repository the shared stack creates"},
		{"123456789012",
			"the account 123456789012 of AWS's documentation: the deploy fails on a resource of an account that is not yours",
			"write your account's ID (aws sts get-caller-identity --query Account --output text prints yours)"},
	} {
		if what, fix := placeholder(c.value); what != c.what || fix != c.fix {
			t.Errorf("%s:\ngot  %s (%s)\nwant %s (%s)", c.value, what, fix, c.what, c.fix)
		}
	}
}

// TestPlaceholders: a copied example warns of each placeholder with its
// position and fix (the exact text of one), a description's example.com
// is free text, and the warnings are IsPlaceholder's; every built-in
// example that writes a placeholder warns of it, those that write none
// warn of none.
func TestPlaceholders(t *testing.T) {
	src := "name: shop\ndescription: a shop, like example.com\ndns: {zone: example.com, zoneId: Z0123456789EXAMPLE}\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}}]\n"
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w := b.Warnings()
	want := []string{
		`bp.yaml:3:13: warning: dns.zone: "example.com" is an example's placeholder, a name in example.com, which RFC 2606 reserves for documentation: no one owns it, so no certificate for it can be validated, nor its names resolved (write your own domain)`,
		`bp.yaml:3:34: warning: dns.zoneId: "Z0123456789EXAMPLE" is an example's placeholder, a hosted zone ID of AWS's documentation: the deploy fails on a zone that is not there (write your hosted zone's ID (aws route53 list-hosted-zones-by-name --dns-name YOUR_ZONE --query 'HostedZones[0].Id' --output text))`,
	}
	if len(w) != len(want) {
		t.Fatalf("warnings: %v", w)
	}
	for i := range want {
		if w[i].String() != want[i] || !IsPlaceholder(w[i]) {
			t.Errorf("got  %s\nwant %s", w[i], want[i])
		}
	}

	dirs, err := filepath.Glob("../golden/*/blueprint.yaml")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples (%v)", err)
	}
	for _, file := range dirs {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ReadFiles(file, data, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(filepath.Dir(file), name)) })
		if err != nil {
			t.Fatal(err)
		}
		warned := 0
		for _, w := range b.Warnings() {
			if IsPlaceholder(w) {
				warned++
			}
		}
		text := string(data)
		writes := strings.Contains(text, "123456789012") || strings.Contains(text, "EXAMPLE") || strings.Contains(text, "example.com") || strings.Contains(text, "0a1b2c3d4e5f")
		if writes != (warned > 0) {
			t.Errorf("%s: %d placeholder warnings, and it writes a placeholder: %v", file, warned, writes)
		}
	}
}

// TestPlaceholdersAsWritten: a placeholder is warned of where it is
// written, once: a default copied from it (the endpoints' subnets, from the
// private subnets) is mended with it and gets no warning of its own.
func TestPlaceholdersAsWritten(t *testing.T) {
	src := "name: shop\nnetwork:\n  existing: {id: vpc-0a1b2c3d4e5f60718, cidr: 10.20.0.0/16, privateSubnets: [subnet-0a1b2c3d4e5f60001, subnet-1234567890abcdef1], publicSubnets: [subnet-1234567890abcdef2, subnet-1234567890abcdef3], routeTables: [rtb-1234567890abcdef0]}\n  egress: endpoints\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {repository: shop/web, tag: \"1.0\"}}]\n"
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range b.Warnings() {
		got = append(got, w.Path)
	}
	if want := []string{"network.existing.id", "network.existing.privateSubnets[0]"}; !slices.Equal(got, want) {
		t.Errorf("placeholders warned at %q, want %q", got, want)
	}
}
