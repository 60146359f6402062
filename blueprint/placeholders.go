package blueprint

import (
	"reflect"
	"strings"
)

// The built-in examples write placeholders where a Blueprint needs the
// user's own values: AWS's documentation account and hosted zone IDs,
// domains reserved for documentation, made-up resource IDs. A copied
// example validates, renders and lints, and then fails in the account: a
// record in a hosted zone that is not there, a pipeline whose role is in
// another account, a certificate for a domain no one can validate. Each
// such value is a warning, with what to write instead.

// placeholderMessage is in the message of every placeholder's warning
// (IsPlaceholder finds them by it).
const placeholderMessage = " is an example's placeholder, "

// PlaceholderKinds names, in a few words, the kinds of placeholders
// placeholder knows, for a line that counts them.
const PlaceholderKinds = "AWS's documentation account and hosted zone, example.com names"

// IsPlaceholder reports whether a warning is about an example's
// placeholder value: gen render --example, which renders the examples as
// they are, says so once instead.
func IsPlaceholder(p Problem) bool {
	return p.Warning && strings.Contains(p.Message, placeholderMessage)
}

// placeholders warns of every value of the Blueprint that is an example's
// placeholder, as written: a default copied from one (endpointSubnets from
// privateSubnets) is mended with it. Descriptions are free text, where a
// documentation domain may stand as an illustration.
func (v *validator) placeholders() {
	isPlaceholder := func(value string) bool { what, _ := placeholder(value); return what != "" }
	eachText(reflect.ValueOf(v.raw).Elem(), isPlaceholder, func(path, value string) {
		if path == "description" || strings.HasSuffix(path, ".description") {
			return
		}
		what, fix := placeholder(value)
		v.warn(path, fix, "%q%s%s", value, placeholderMessage, what)
	})
}

// placeholder says what kind of placeholder value is, and how to replace
// it; "", "" for a value that is none.
func placeholder(value string) (what, fix string) {
	switch {
	case strings.Contains(value, "123456789012"):
		return documentationAccount(value)
	case strings.HasPrefix(value, "Z") && strings.HasSuffix(value, "EXAMPLE"):
		return "a hosted zone ID of AWS's documentation: the deploy fails on a zone that is not there",
			"write your hosted zone's ID (aws route53 list-hosted-zones-by-name --dns-name YOUR_ZONE --query 'HostedZones[0].Id' --output text)"
	case strings.Contains(value, "0a1b2c3d4e5f"):
		return "an ID the examples make up: the deploy fails on a resource that is not there", "write the ID of your resource"
	}
	if domain := reservedDomain(value); domain != "" {
		return "a name in " + domain + ", which RFC 2606 reserves for documentation: no one owns it, so no certificate for it can be validated, nor its names resolved",
			"write your own domain"
	}
	return "", ""
}

// documentationAccount is placeholder's answer for a value in the account
// of AWS's documentation, whose fix depends on what the value is: an
// image in that account's registry is refused when the tasks pull it, not
// when the stack is deployed, and is replaced by your registry's address.
func documentationAccount(value string) (what, fix string) {
	const account = "aws sts get-caller-identity --query Account --output text prints yours"
	switch {
	case strings.Contains(value, ".dkr.ecr."):
		return "the account 123456789012 of AWS's documentation: the tasks cannot pull an image from a registry that is not yours, and the deployment is rolled back",
			"write your account's registry, ACCOUNT.dkr.ecr.REGION.amazonaws.com (" + account + "), or {repository: NAME, tag: TAG} for a repository the shared stack creates"
	case strings.HasPrefix(value, "arn:"):
		return "the account 123456789012 of AWS's documentation: the deploy fails on a resource of an account that is not yours",
			"write your resource's ARN, in your account (" + account + ")"
	}
	return "the account 123456789012 of AWS's documentation: the deploy fails on a resource of an account that is not yours",
		"write your account's ID (" + account + ")"
}

// reservedDomain is the domain reserved for documentation (example.com,
// .net, .org) that a host name in s is, or is under; "" when none is.
func reservedDomain(s string) string {
	if !strings.Contains(s, "xample.") { // Example.com too
		return ""
	}
	for _, token := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-')
	}) {
		for _, reserved := range []string{"example.com", "example.net", "example.org"} {
			if token == reserved || strings.HasSuffix(token, "."+reserved) {
				return reserved
			}
		}
	}
	return ""
}
