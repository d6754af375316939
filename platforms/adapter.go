// Package platforms is the contract every network adapter keeps: what an
// adapter must provide, the account it reads, and the errors that say why a
// network could not be read. The list of adapters itself is in
// platforms/networks, the one place that names them.
package platforms

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
)

// Adapter reads one network through the browser.
type Adapter interface {
	// Platform is the network's ID, the prefix of its fact IDs.
	Platform() audit.Platform
	// Site is the real site: its https origin and login page.
	Site() Site
	// LoggedIn reports whether tab, at the account's origin, shows a live
	// session of the site (the interactive login waits for it).
	LoggedIn(ctx context.Context, tab *browser.Tab, acct Account) (bool, error)
	// Audit reads one account into a snapshot that always carries the
	// network's Coverage: with Error set (and the error returned) when the
	// network could not be read, the facts it did read kept for the record.
	Audit(ctx context.Context, b *browser.Browser, acct Account, o Options) (*audit.Snapshot, error)
}

// Site is what the rest of the program needs to know of a network's real
// site.
type Site struct {
	// Origin is the real site, https: "https://www.facebook.com".
	Origin string
	// LoginPath is where a person logs in, relative to Origin.
	LoginPath string
}

// Account is one account to read, bound to the origin it was added for:
// credentials and facts belong to that origin and no other.
type Account struct {
	Platform audit.Platform
	// User is the login name (email, phone or handle).
	User string
	// Origin is scheme://host[:port] of the account's site: the real site,
	// or a loopback sandbox.
	Origin string
}

// Credentials gives an account's stored password and authenticator
// secret; platforms/account implements it.
type Credentials interface {
	Login(ctx context.Context, p audit.Platform, user string) (password, totpSecret string, err error)
}

// Evidence keeps the screenshot of where fact id was read and returns
// where it is; *evidence.Store is one, which seals it.
type Evidence interface {
	Keep(p audit.Platform, id string, png []byte) (string, error)
}

// Options configure one adapter run.
type Options struct {
	// Credentials may be nil: an expired session is then ErrLoginRequired.
	Credentials Credentials
	// Evidence, when set, keeps the screenshots of where facts were read,
	// sealed (*evidence.Store); nil keeps none.
	Evidence Evidence
	// Progress is told what the adapter is doing (fraction 0..1).
	Progress func(step string, fraction float64)
	// Now stamps facts; nil is time.Now.
	Now func() time.Time
}

// Why a network could not be read. Adapters wrap these so that the runner
// can put the reason in plain words (ProblemOf).
var (
	ErrNotSupported    = errors.New("not supported yet")
	ErrLoginRequired   = errors.New("not logged in and no stored password: log in from Chaperone first")
	ErrLoginFailed     = errors.New("login failed")
	ErrPasswordRefused = fmt.Errorf("%w: the password was refused", ErrLoginFailed)
	ErrTwoFactor       = fmt.Errorf("%w: the two-factor step could not be answered", ErrLoginFailed)
	ErrOtherOrigin     = errors.New("the page came from another site")
	ErrPageChanged     = errors.New("the page is not one Chaperone knows")
	ErrServerError     = errors.New("the site answered with an error")
	ErrSessionEnded    = errors.New("the site logged Chaperone out during the audit")
)

// OriginError is a page, form or redirect that would take the account
// somewhere other than its own site. It is ErrOtherOrigin.
type OriginError struct {
	What string // "the page came from evil.example"
	Site string // the account's origin
}

func (e *OriginError) Error() string {
	site := strings.TrimPrefix(strings.TrimPrefix(e.Site, "https://"), "http://")
	return e.What + ", not " + site + ": nothing was read from it and no password was sent"
}

// Is makes an OriginError match ErrOtherOrigin.
func (e *OriginError) Is(target error) bool { return target == ErrOtherOrigin }

// ProblemOf classifies why a network could not be read.
func ProblemOf(err error) audit.Problem {
	var se *browser.StepError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotSupported):
		return audit.ProblemNotSupported
	case errors.Is(err, context.Canceled):
		return audit.ProblemCancelled
	case errors.Is(err, browser.ErrChromiumMissing):
		return audit.ProblemBrowser
	case errors.Is(err, browser.ErrProfileBusy):
		return audit.ProblemBusy
	case errors.Is(err, browser.ErrNoKeyring):
		return audit.ProblemKeyring
	case errors.Is(err, ErrOtherOrigin):
		return audit.ProblemOtherOrigin
	case errors.Is(err, browser.ErrUnreachable):
		return audit.ProblemUnreachable
	case errors.Is(err, ErrTwoFactor):
		return audit.ProblemTwoFactor
	case errors.Is(err, ErrPasswordRefused):
		return audit.ProblemPassword
	case errors.Is(err, ErrSessionEnded):
		return audit.ProblemSessionEnded
	case errors.Is(err, ErrLoginRequired), errors.Is(err, ErrLoginFailed):
		return audit.ProblemLogin
	case errors.Is(err, ErrServerError):
		return audit.ProblemServerError
	case errors.Is(err, ErrPageChanged):
		return audit.ProblemPageChanged
	case errors.As(err, &se) && se.Timeout > 0, errors.Is(err, context.DeadlineExceeded):
		return audit.ProblemTimeout
	}
	return audit.ProblemFailed
}

// Origin is the scheme://host[:port] of rawURL, lower-cased, with the
// scheme's default port left out; "" when rawURL has no host.
func Origin(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return strings.ToLower(u.Scheme) + "://" + host
}

// CheckOrigin says whether origin may hold an account: https for a real
// site, plain http only on this computer (the sandbox).
func CheckOrigin(origin string) error {
	u, err := url.Parse(origin)
	if err != nil || origin == "" || Origin(origin) != origin {
		return fmt.Errorf("%q is not a site address (want https://host)", origin)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return fmt.Errorf("%s is plain http: real sites are reached over https only (http is allowed for the sandbox on this computer)", origin)
	}
	return nil
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
