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
	// Re-encoding can turn an escaped slash into a real one ("/%2F " is
	// "//%20"), which a browser reads as another host: check again.
	out := u.RequestURI()
	if len(out) > 2048 || strings.HasPrefix(out, "//") || strings.ContainsAny(out, "\\\r\n\t") {
		return ""
	}
	return out
}

// OrHome is next, or the site's root when there is none.
func OrHome(next string) string {
	if next == "" {
		return "/"
	}
	return next
}
