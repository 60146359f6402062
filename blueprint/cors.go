package blueprint

import (
	"slices"
	"strings"
)

// BucketCORS is a bucket's cross-origin resource sharing: the web pages
// that may call the bucket from a browser. It grants nothing by itself: a
// browser's request still needs a presigned URL or credentials, and S3
// answers the browser's preflight for these origins and methods alone.
type BucketCORS struct {
	// Origins are the origins of the pages (scheme, host and port, as a
	// browser's Origin header writes them: https://shop.example.com), one
	// of them with at most one * (https://*.example.com), or * for any.
	Origins []string `yaml:"origins"`
	// Methods are the HTTP methods the pages may use: GET, PUT, POST,
	// DELETE, HEAD (default GET, HEAD and PUT: a download and an upload
	// with a presigned URL).
	Methods []string `yaml:"methods,omitempty"`
	// MaxAge is how many seconds a browser may keep S3's answer to its
	// preflight request, from 0 to 86,400 (default 3600).
	MaxAge *int `yaml:"maxAge,omitempty"`
}

// corsMethodChoices are the methods S3 takes in a CORS rule's
// AllowedMethods (S3 User Guide, "Elements of a CORS configuration").
var corsMethodChoices = []string{"GET", "PUT", "POST", "DELETE", "HEAD"}

// maxCORSMaxAge bounds maxAge at a day, the longest a browser keeps a
// preflight's answer (Firefox's cap; Chromium's is two hours).
const maxCORSMaxAge = 86400

// bucketCORS checks a bucket's CORS: origins a browser sends, each once,
// methods S3 takes, each once, and a preflight cache of at most a day.
func (v *validator) bucketCORS(path string, c *BucketCORS) {
	if len(c.Origins) == 0 {
		v.add(path+".origins", "list the origins of the pages that call the bucket, e.g. origins: [https://shop.example.com]", "is required")
	}
	for i, o := range c.Origins {
		p := indexPath(path+".origins", i)
		switch j := slices.Index(c.Origins[:i], o); {
		case j >= 0:
			v.add(p, "remove it", "%q is already listed at %s", o, indexPath(path+".origins", j))
		case o == "*":
		case strings.Count(o, "*") > 1:
			v.add(p, "write one *, e.g. https://*.example.com", "%q has more than one *, and S3 takes at most one in an origin", o)
		case !isOrigin(o, true):
			v.add(p, originFix(o, "write the origin of the pages, as their address bar shows it, such as https://shop.example.com", true), "%q is not an origin", o)
		}
	}
	for i, m := range c.Methods {
		p := indexPath(path+".methods", i)
		if j := slices.Index(c.Methods[:i], m); j >= 0 {
			v.add(p, "remove it", "%s is already listed at %s", m, indexPath(path+".methods", j))
			continue
		}
		if strings.EqualFold(m, "OPTIONS") {
			// Listed by those who think of the preflight request.
			v.add(p, "remove it: S3 answers a browser's preflight OPTIONS request itself, for the methods listed", "OPTIONS is not a method of a CORS rule")
			continue
		}
		v.oneOf(p, m, corsMethodChoices...)
	}
	v.between(path+".maxAge", *c.MaxAge, 0, maxCORSMaxAge, " s")
}
