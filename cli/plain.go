package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/remind"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// profileBusy reports whether err is the browser's "profile in use": an
// audit already running.
func profileBusy(err error) bool {
	return errors.Is(err, browser.ErrProfileBusy)
}

// AuditRunning is what the command line says when another audit holds the
// browser.
const AuditRunning = "An audit is already running (in the Chaperone app or another `chaperone audit`). Wait for it to finish, then run this one again."

// errAuditRunning: nothing was read because another audit holds the
// browser; said as AuditRunning.
var errAuditRunning = errors.New("an audit is already running")

// keyLostWhy says, in plain words, that the data cannot be opened and why.
func keyLostWhy(kl *vault.KeyLostError) string {
	what, it := "Your past audits", "them"
	if kl.Name == watchlist.BoxName {
		what, it = "Your watch-list", "it"
	}
	how := "the key that protected " + it + " is no longer in your keyring"
	if kl.Other {
		how = "your keyring holds a different key from the one that protected " + it
	}
	return what + " cannot be opened: " + how + " (this happens when the keyring is reset, for example after your login password was reset)."
}

// keyLost says a lost key in plain words, with what to do about it.
func keyLost(kl *vault.KeyLostError) string {
	if kl.Name == watchlist.BoxName {
		return keyLostWhy(kl) + " Start a new one on the app's Patients & connections tab: the old one is kept aside, renamed with the date, never deleted."
	}
	return keyLostWhy(kl) + " Their list and scores still show with `chaperone history`. To keep new audits and make their reports, start a new history with `chaperone history --start-new`: the old file is kept beside it, renamed with today's date, never deleted."
}

// plainError says err in words for the terminal when Chaperone knows it,
// so that neither a Go error chain nor a browser's net::ERR_ code is what
// the doctor reads; "" when it does not.
func plainError(err error) string {
	var kl *vault.KeyLostError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &kl):
		return keyLost(kl)
	case profileBusy(err), errors.Is(err, errAuditRunning):
		return AuditRunning
	case errors.Is(err, vault.ErrLocked):
		return "Your keyring is locked: unlock it (log in to your desktop session or open your password manager) and try again. Chaperone keeps its secrets and the key to your audits only there."
	case errors.Is(err, vault.ErrUnavailable):
		return "No keyring is available: Chaperone keeps its secrets and the key to your audits only in the operating system's keyring (on Linux, a Secret Service such as GNOME Keyring or KWallet). Run it in a desktop session."
	case errors.Is(err, vault.ErrNotRegularFile):
		var nr *vault.NotRegularError
		if errors.As(err, &nr) {
			return nr.Error() + "."
		}
	case errors.Is(err, history.ErrBusy):
		return "Another Chaperone is using the history. Wait a moment, or close the other one, and try again."
	}
	if p := platformProblem(err); p != "" {
		reason, action := p.Explain("The site")
		return reason + " " + action
	}
	return ""
}

// platformProblem is the plain problem of a network's error; "" when err
// is not one the networks name.
func platformProblem(err error) audit.Problem {
	for _, known := range []error{platforms.ErrTwoFactor, platforms.ErrSessionEnded, platforms.ErrServerError,
		platforms.ErrPasswordRefused, platforms.ErrLoginRequired, platforms.ErrLoginFailed,
		platforms.ErrOtherOrigin, platforms.ErrPageChanged} {
		if errors.Is(err, known) {
			return platforms.ProblemOf(err)
		}
	}
	switch p := platforms.ProblemOf(err); p {
	case audit.ProblemUnreachable, audit.ProblemBrowser:
		return p
	}
	return ""
}

// eventText is a network's error during an audit, for the progress lines.
func eventText(p audit.Platform, err error) string {
	if profileBusy(err) {
		return AuditRunning
	}
	if pr := platformProblem(err); pr != "" {
		reason, action := pr.Explain(p.DisplayName())
		return reason + " " + action
	}
	if s := plainError(err); s != "" {
		return s
	}
	return err.Error()
}

// positiveDuration is a time limit flag that must be more than zero.
type positiveDuration time.Duration

func (d *positiveDuration) String() string { return time.Duration(*d).String() }

func (d *positiveDuration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("want a length of time such as 30s or 2m")
	}
	if v <= 0 {
		return errors.New("must be more than zero, such as 30s or 2m")
	}
	*d = positiveDuration(v)
	return nil
}

// durationFlag defines a time limit flag that refuses zero and negatives.
func durationFlag(fs *flag.FlagSet, name string, def time.Duration, usage string) *time.Duration {
	d := positiveDuration(def)
	fs.Var(&d, name, usage)
	return (*time.Duration)(&d)
}

// checkOut refuses an output path that is not a plain file (a link, a
// device, a named pipe), before any work is done for it.
func checkOut(flagName, path string) error {
	if err := vault.CheckTarget(path); err != nil {
		if errors.Is(err, vault.ErrNotRegularFile) {
			return usageErrorf("%s: %v", flagName, err)
		}
		return err
	}
	return nil
}

// isAppArg is an argument the desktop app itself takes: the login entry's
// --background, and the process serial number older macOS adds.
func isAppArg(a string) bool {
	return a == remind.BackgroundFlag || strings.HasPrefix(a, "-psn_")
}

// firstNonApp is the first argument that is not the app's own; "" if none.
func firstNonApp(args []string) string {
	for _, a := range args {
		if !isAppArg(a) {
			return a
		}
	}
	return ""
}

func unknownArg(a string) string {
	if strings.HasPrefix(a, "-") {
		return fmt.Sprintf("unknown option %q", a)
	}
	return fmt.Sprintf("unknown command %q", a)
}
