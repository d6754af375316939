package page

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/otp"
)

// logIn answers the login wall the logged-in tab is showing with the
// stored credentials. A wall after a page was already read logged in
// means the session ended during the audit.
func (s *Session) logIn(ctx context.Context) error {
	if s.Opts.Credentials == nil {
		if s.in {
			return fmt.Errorf("%w, and no password is stored to log in again", platforms.ErrSessionEnded)
		}
		return platforms.ErrLoginRequired
	}
	password, secret, err := s.Opts.Credentials.Login(ctx, s.Site.Platform, s.Acct.User)
	if err != nil || password == "" {
		if err == nil {
			err = fmt.Errorf("no password is stored")
		}
		if s.in {
			return fmt.Errorf("%w (%v)", platforms.ErrSessionEnded, err)
		}
		return fmt.Errorf("%w (%v)", platforms.ErrLoginRequired, err)
	}
	return s.LogIn(ctx, s.tab, password, secret)
}

// LogIn fills the login form tab shows (and the two-factor step after
// it) and waits until the site lets the tab in. A form is only ever filled
// on the account's own origin: on any other, after any redirect, nothing
// is typed and ErrOtherOrigin is returned. No secret is written to an
// error.
func (s *Session) LogIn(ctx context.Context, tab *browser.Tab, password, totpSecret string) error {
	lc := s.Site.Login
	origin := s.Acct.Origin
	fill := func(step string, names []string, value string) (bool, error) {
		res, err := Call[string](ctx, s, tab, step, "fill", map[string]any{"names": names, "value": value, "origin": origin})
		switch {
		case err != nil:
			return false, err
		case res == "origin":
			loc, _ := tab.Location(ctx)
			return false, s.otherOrigin(loc)
		case strings.HasPrefix(res, "action:"):
			return false, &platforms.OriginError{What: "the login form would send what is typed to " + strings.TrimPrefix(res, "action:"), Site: origin}
		}
		return res == "ok", nil
	}
	for round := 0; round < 5; round++ {
		loc, err := tab.Location(ctx)
		if err != nil {
			return err
		}
		if platforms.Origin(loc) != origin {
			return s.otherOrigin(loc)
		}
		if !s.Site.IsWall(loc) {
			if ok, err := Call[bool](ctx, s, tab, "looking for the login form", "hasPassword", nil); err != nil || !ok {
				return err
			}
		}
		// The second-factor form first: a logged-out page may also carry a
		// small login form in its top bar.
		hasCode, err := Call[bool](ctx, s, tab, "finding the login form", "has", map[string]any{"names": lc.CodeField})
		if err != nil {
			return err
		}
		if hasCode {
			if totpSecret == "" {
				return fmt.Errorf("%w: the site asks for a two-factor code and no authenticator secret is stored", platforms.ErrTwoFactor)
			}
			code, err := otp.TOTP(totpSecret, s.Opts.Now())
			if err != nil {
				return fmt.Errorf("%w: %v", platforms.ErrTwoFactor, err)
			}
			if _, err := fill("typing the two-factor code", lc.CodeField, code); err != nil {
				return err
			}
			if err := s.submit(ctx, tab, lc.CodeSubmit, "sending the two-factor code"); err != nil {
				return err
			}
			if err := s.refused(ctx, tab, loc, platforms.ErrTwoFactor); err != nil {
				return err
			}
			continue
		}
		hasPass, err := fill("typing the password", lc.PasswordField, password)
		if err != nil {
			return err
		}
		if !hasPass {
			// Sites that ask for the login name first.
			if len(lc.Next) > 0 {
				if ok, err := fill("typing the login name", lc.UserField, s.Acct.User); err != nil {
					return err
				} else if ok {
					if err := s.submit(ctx, tab, lc.Next, "giving the login name"); err != nil {
						return err
					}
					continue
				}
			}
			return fmt.Errorf("%w: the login page at %s has no password or code field Chaperone recognises", platforms.ErrLoginFailed, loc)
		}
		if _, err := fill("typing the login name", lc.UserField, s.Acct.User); err != nil {
			return err
		}
		if err := s.submit(ctx, tab, lc.Submit, "logging in"); err != nil {
			return err
		}
		if err := s.refused(ctx, tab, loc, platforms.ErrPasswordRefused); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: the site kept asking to log in", platforms.ErrLoginFailed)
}

// submit clicks a named button on the account's origin and waits for the
// next page to load.
func (s *Session) submit(ctx context.Context, tab *browser.Tab, names []string, step string) error {
	ok, err := Call[bool](ctx, s, tab, step, "click", map[string]any{"names": names, "origin": s.Acct.Origin})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: no %q button", platforms.ErrLoginFailed, names[0])
	}
	return tab.WaitFor(ctx, step, `window.__chaperoneMark === undefined && document.readyState === 'complete'`)
}

// refused fails when the form came back at the same address with an error
// message.
func (s *Session) refused(ctx context.Context, tab *browser.Tab, before string, why error) error {
	loc, err := tab.Location(ctx)
	if err != nil {
		return err
	}
	if loc != before {
		return nil
	}
	msg, err := Call[string](ctx, s, tab, "reading the login error", "alertText", nil)
	if err != nil {
		return err
	}
	if msg == "" {
		return nil
	}
	return fmt.Errorf("%w (%s)", why, msg)
}

// LogInTab logs tab in to the account's site with the given secrets: the
// same form filling, origin guard included, as an audit's own login.
func LogInTab(ctx context.Context, tab *browser.Tab, site *Site, acct platforms.Account, password, totpSecret string, now func() time.Time) error {
	if acct.Origin == "" {
		acct.Origin = site.Origin
	}
	if now == nil {
		now = time.Now
	}
	s := &Session{Site: site, Acct: acct, Opts: platforms.Options{Now: now}}
	return s.LogIn(ctx, tab, password, totpSecret)
}
