package linkedin

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
)

// parseSession reads a session's lines as the page lists them: "Chrome on
// Linux", the place, then "Active 2 days ago" or "This session". Lines that
// are the list's own buttons are dropped.
func parseSession(lines []string, current bool, buttons []string) audit.Session {
	s := audit.Session{Platform: audit.LinkedIn, Current: current}
	skip := map[string]bool{}
	for _, b := range buttons {
		skip[browser.Normalize(b)] = true
	}
	var kept []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l != "" && !skip[browser.Normalize(l)] {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		s.Device = kept[0]
		if app, dev, ok := strings.Cut(kept[0], " on "); ok {
			s.Device = strings.TrimSpace(dev) + " (" + strings.TrimSpace(app) + ")"
		}
	}
	if len(kept) > 1 {
		s.Location = kept[1]
	}
	if len(kept) > 2 {
		s.LastActive = kept[len(kept)-1]
	}
	return s
}

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// A UK mobile (07…, +44 7…) or any other number long enough to be a
	// phone number, written with spaces, dots, dashes or brackets.
	mobileRe = regexp.MustCompile(`(?:\+44\s?(?:\(0\)\s?)?7|\b07)\d{3}[\s.-]?\d{3}[\s.-]?\d{3}\b`)
	phoneRe  = regexp.MustCompile(`(?:\+\d{1,3}[\s.-]?)?\(?\d{2,5}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b`)
)

// ContactDetails names the kinds of contact details a public profile's
// text shows ("email address", "mobile number", "phone number"), never the
// details themselves.
func ContactDetails(text string) []string {
	var out []string
	if emailRe.MatchString(text) {
		out = append(out, "email address")
	}
	rest := text
	if mobileRe.MatchString(rest) {
		out = append(out, "mobile number")
		rest = mobileRe.ReplaceAllString(rest, " ")
	}
	for _, m := range phoneRe.FindAllString(rest, -1) {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		// Years and counts are short; a phone number has 10 digits or more.
		if digits >= 10 {
			out = append(out, "phone number")
			break
		}
	}
	return out
}

// OutsideLink is where a link on the public profile leads: the target of
// the site's own redirect wrapper (path?param=target), or the link itself
// when it leaves the site directly; "" for the site's own pages.
func OutsideLink(href, origin, redirectPath, param string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if u.Scheme+"://"+u.Host != origin {
		return u.String()
	}
	if redirectPath == "" || strings.TrimRight(u.Path, "/") != strings.TrimRight(redirectPath, "/") {
		return ""
	}
	t, err := url.Parse(u.Query().Get(param))
	if err != nil || (t.Scheme != "http" && t.Scheme != "https") || t.Host == "" {
		return ""
	}
	return t.String()
}

var countRe = regexp.MustCompile(`^(.+?)\s*\(\s*(\d[\d,]*)\s*\)$`)

// CountAfter reads "Invitations (3)" style counts: the number in brackets
// after one of prefixes, or -1 when text is not such a count.
func CountAfter(text string, prefixes []string) int {
	m := countRe.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return -1
	}
	for _, p := range prefixes {
		if browser.Normalize(p) == browser.Normalize(m[1]) {
			n, err := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// ParseTime reads a post's machine-readable time (RFC 3339); the zero
// time when there is none: LinkedIn's "3d" ages are not dates.
func ParseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

var signedInRe = regexp.MustCompile(`(?i)signed in to (\d+) sessions?`)

// SignedInCount reads "You're signed in to 3 sessions"; -1 when the text
// does not say.
func SignedInCount(text string) int {
	m := signedInRe.FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return -1
	}
	return n
}
