package facebook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/otp"
)

// login answers the login wall the tab is showing: password first, then the
// authenticator code, as the site asks for them.
func (a *auditor) login(ctx context.Context) error {
	if a.o.Credentials == nil {
		return ErrLoginRequired
	}
	password, secret, err := a.o.Credentials.Login(ctx, audit.Facebook, a.o.User)
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrLoginRequired, err)
	}
	if password == "" {
		return ErrLoginRequired
	}
	return LogIn(ctx, a.tab, a.c, a.o.User, password, secret, a.o.Now)
}

// LogIn fills the login form the tab shows (and the two-factor checkpoint
// after it) and waits until the site lets the tab in. No secret is ever
// written to an error.
func LogIn(ctx context.Context, tab *browser.Tab, c *Config, user, password, totpSecret string, now func() time.Time) error {
	lc := c.Login
	for round := 0; round < 4; round++ {
		loc, err := tab.Location(ctx)
		if err != nil {
			return err
		}
		if !c.IsWall(loc) {
			return nil
		}
		// The second-factor form first: a logged-out page may also carry a
		// small login form in its top bar.
		hasCode, err := call[bool](ctx, tab, "finding the login form", "has", map[string]any{"names": lc.CodeField})
		if err != nil {
			return err
		}
		if !hasCode {
			hasPass, err := call[bool](ctx, tab, "typing the password", "fill", map[string]any{"names": lc.PasswordField, "value": password})
			if err != nil {
				return err
			}
			if !hasPass {
				return fmt.Errorf("%w: the login page at %s has no password or code field Chaperone recognises", ErrLoginFailed, loc)
			}
			if _, err := call[bool](ctx, tab, "typing the login name", "fill", map[string]any{"names": lc.UserField, "value": user}); err != nil {
				return err
			}
			if err := submit(ctx, tab, lc.Submit, "logging in"); err != nil {
				return err
			}
			if err := stillThere(ctx, tab, loc, ErrPasswordRefused); err != nil {
				return err
			}
			continue
		}
		if totpSecret == "" {
			return fmt.Errorf("%w: the site asks for a two-factor code and no authenticator secret is stored", ErrTwoFactor)
		}
		code, err := otp.TOTP(totpSecret, now())
		if err != nil {
			return fmt.Errorf("%w: %v", ErrLoginFailed, err)
		}
		if _, err := call[bool](ctx, tab, "typing the two-factor code", "fill", map[string]any{"names": lc.CodeField, "value": code}); err != nil {
			return err
		}
		if err := submit(ctx, tab, lc.CodeSubmit, "sending the two-factor code"); err != nil {
			return err
		}
		if err := stillThere(ctx, tab, loc, ErrTwoFactor); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: the site kept asking to log in", ErrLoginFailed)
}

// submit clicks a named button and waits for the next page to load.
func submit(ctx context.Context, tab *browser.Tab, names []string, step string) error {
	ok, err := call[bool](ctx, tab, step, "click", map[string]any{"names": names})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: no %q button", ErrLoginFailed, names[0])
	}
	return tab.WaitFor(ctx, step, `window.__chaperoneMark === undefined && document.readyState === 'complete'`)
}

// stillThere fails when the form came back at the same address with an
// error message.
func stillThere(ctx context.Context, tab *browser.Tab, before string, why error) error {
	loc, err := tab.Location(ctx)
	if err != nil {
		return err
	}
	if loc != before {
		return nil
	}
	msg, err := call[string](ctx, tab, "reading the login error", "alertText", nil)
	if err != nil {
		return err
	}
	if msg == "" {
		return nil
	}
	return fmt.Errorf("%w (%s)", why, msg)
}

// IsLoginError reports whether err means the account needs the doctor to
// log in (again).
func IsLoginError(err error) bool {
	return errors.Is(err, ErrLoginRequired) || errors.Is(err, ErrLoginFailed)
}
