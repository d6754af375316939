package replica

import (
	"net/url"
	"strings"
)

// SafeNext keeps a next= target only when it is a path on this site, so a
// login form cannot be used to send someone elsewhere.
func SafeNext(next string) string {
	if next == "" || len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return u.RequestURI()
}

// OrHome is next, or the site's root when there is none.
func OrHome(next string) string {
	if next == "" {
		return "/"
	}
	return next
}
