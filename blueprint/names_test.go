package blueprint

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestPatternsWithoutTheirExpressions checks the checks that stand in for
// expensive regular expressions against the expressions: the image tag's
// length bound, the characters of tags and of literal path parts, names,
// domain names and ACM certificate ARNs.
func TestPatternsWithoutTheirExpressions(t *testing.T) {
	tag, chars, literal := regexp.MustCompile(TagPattern), regexp.MustCompile(tagCharsPattern), regexp.MustCompile(literalSegmentPattern)
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", "0", "_", ".", "-", ":", "/", "=", "+", "@", " ", "~", "{", "}", "\u00a0", "\u2028", "é", "日", "٣", "Ⅻ", "#", "$", "\n", "\xff", "🚀"}
	texts := []string{"", strings.Repeat("a", 128), strings.Repeat("a", 129), "_" + strings.Repeat(".", 127), "." + strings.Repeat("a", 10)}
	for range 50000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if r.IntN(20) == 0 {
			b.WriteString(strings.Repeat("x", 120+r.IntN(16)))
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := tagPattern.MatchString(s), tag.MatchString(s); got != want {
			t.Errorf("image tag %q: %v, TagPattern says %v", s, got, want)
		}
		if got, want := isTagText(s), chars.MatchString(s); got != want {
			t.Errorf("tag text %q: %v, %s says %v", s, got, tagCharsPattern, want)
		}
		if got, want := isLiteralSegment(s), literal.MatchString(s); got != want {
			t.Errorf("path part %q: %v, %s says %v", s, got, literalSegmentPattern, want)
		}
	}
	checkNamesAndARNs(t, r)
}

// checkNamesAndARNs is TestPatternsWithoutTheirExpressions for names, domain
// names and ACM certificate ARNs, on texts made of the pieces they are
// written with, so that many of them match.
func checkNamesAndARNs(t *testing.T, r *rand.Rand) {
	name, domain, arn := regexp.MustCompile(namePattern), regexp.MustCompile(domainPattern), regexp.MustCompile(acmARNPattern)
	id := "0123abcd-4567-89ef-0123-456789abcdef"
	label63 := "a" + strings.Repeat("-", 61) + "b"
	texts := []string{
		"", "a", "ab", "a-", "-a", "a1", "1a", "web-api", "A",
		"example.com", "*.example.com", "*.com", "a.b", "a.b1", "a.1b", "a.bc", "a.b-", "a..com", ".a.com", "a.com.",
		"*.*.example.com", "x*.example.com", label63 + ".com", label63 + "c.com", "a." + label63, "a." + label63 + "c",
		"arn:aws:acm:us-east-1:123456789012:certificate/" + id,
		"arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/" + id,
		"arn:aws-:acm:us-east-1:123456789012:certificate/" + id,
		"arn:aws:acm::123456789012:certificate/" + id,
		"arn:aws:acm:us-east-1:12345678901:certificate/" + id,
		"arn:aws:acm:us-east-1:123456789012:certificate/" + id + "0",
		"arn:aws:acm:us-east-1:123456789012:certificate/" + strings.ToUpper(id),
		"arn:aws:acm:us-east-1:123456789012:certificate/:certificate/" + id[:23],
	}
	pick := func(choices ...string) string { return choices[r.IntN(len(choices))] }
	labels := []string{"a", "z", "0", "9", "-", "ab", "a-b", "1a", "a1", "-a", "a-", "A", "a_b", "é", "*", "", label63, label63 + "c"}
	for range 30000 {
		var b strings.Builder
		b.WriteString(pick("", "", "", "*.", "*"))
		for i := range 1 + r.IntN(4) {
			if i > 0 {
				b.WriteString(pick(".", ".", ".", "", ".."))
			}
			b.WriteString(labels[r.IntN(len(labels))])
		}
		texts = append(texts, b.String())
	}
	for range 20000 {
		texts = append(texts, pick("arn:aws", "arn:aws", "arn:aws-us-gov", "arn:aws-cn", "arn:aws-", "arn:awsx", "arn:aws-Gov", "")+
			pick(":acm:", ":acm:", ":acm", ":s3:")+
			pick("us-east-1", "eu-west-3", "us-gov-west-1", "", "us_east", "US")+
			pick(":", ":", "::")+
			pick("123456789012", "123456789012", "12345678901", "1234567890123", "12345678901a")+
			pick(":certificate/", ":certificate/", ":cert/", ":certificate")+
			pick(id, id, id[:35], id+"0", strings.ToUpper(id), id[:35]+"g")+
			pick("", "", "", "\n", ":certificate/"+id))
	}
	matched := map[string]int{}
	for _, s := range texts {
		if got, want := isName(s), name.MatchString(s); got != want {
			t.Errorf("name %q: %v, %s says %v", s, got, namePattern, want)
		} else if got {
			matched["name"]++
		}
		if got, want := isDomainName(s), domain.MatchString(s); got != want {
			t.Errorf("domain name %q: %v, %s says %v", s, got, domainPattern, want)
		} else if got {
			matched["domain"]++
		}
		region, account, ok := acmARN(s)
		want := arn.FindStringSubmatch(s)
		switch {
		case ok != (want != nil):
			t.Errorf("ARN %q: %v, %s says %v", s, ok, acmARNPattern, want != nil)
		case ok && region != want[1]:
			t.Errorf("ARN %q: Region %q, %s says %q", s, region, acmARNPattern, want[1])
		case ok && account != strings.Split(s, ":")[4]:
			t.Errorf("ARN %q: account %q", s, account)
		case ok:
			matched["arn"]++
		}
	}
	for _, kind := range []string{"name", "domain", "arn"} {
		if matched[kind] < 50 {
			t.Errorf("only %d texts were a valid %s: the test should try many", matched[kind], kind)
		}
	}
}
