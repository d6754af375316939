package app

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"slices"
	"strings"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// PlatformProgress is where the audit of one platform has got to.
type PlatformProgress struct {
	Platform audit.Platform
	Name     string
	Step     string
	Fraction float64
	Done     bool
	Failed   bool
	// Problem is the platform's error in plain words.
	Problem string
}

// Progress follows an audit's events, one line per platform being audited.
type Progress struct {
	Lines   []PlatformProgress
	explain func(error) string
}

// NewProgress starts a progress report for the accounts being audited.
// explain may be nil.
func NewProgress(accounts []Account, explain func(error) string) *Progress {
	p := &Progress{explain: explain}
	seen := map[audit.Platform]bool{}
	for _, a := range accounts {
		if seen[a.Platform] {
			continue
		}
		seen[a.Platform] = true
		name := a.Platform.DisplayName()
		if a.Demo {
			name += " (demo)"
		}
		p.Lines = append(p.Lines, PlatformProgress{Platform: a.Platform, Name: name, Step: "Waiting to start"})
	}
	return p
}

// Apply records ev and returns the index of the line it changed, or -1 if it
// was about a platform not being audited.
func (p *Progress) Apply(ev Event) int {
	i := p.index(ev.Platform)
	if i < 0 {
		return -1
	}
	l := &p.Lines[i]
	if l.Done {
		return i // a finished line stays as it ended
	}
	if ev.Step != "" {
		l.Step = ev.Step
	}
	if ev.Fraction > l.Fraction {
		l.Fraction = min(ev.Fraction, 1)
	}
	if ev.Err != nil {
		l.Failed = true
		l.Problem = plainError(ev.Err, l.Platform.DisplayName(), p.explain)
		l.Step = "Could not finish"
	}
	if ev.Done {
		l.Done = true
		if !l.Failed {
			l.Fraction = 1
			l.Step = "Finished"
		}
	}
	return i
}

// Stop marks every unfinished line as stopped by the doctor.
func (p *Progress) Stop() {
	for i := range p.Lines {
		if !p.Lines[i].Done {
			p.Lines[i].Done = true
			p.Lines[i].Step = "Stopped"
		}
	}
}

// Fail marks every unfinished line with the audit's overall error.
func (p *Progress) Fail(err error) {
	msg := PlainError(err, p.explain)
	for i := range p.Lines {
		if !p.Lines[i].Done {
			p.Lines[i].Done = true
			p.Lines[i].Failed = true
			p.Lines[i].Step = "Could not finish"
			p.Lines[i].Problem = msg
		}
	}
}

// Problems lists the lines that failed.
func (p *Progress) Problems() []PlatformProgress {
	var out []PlatformProgress
	for _, l := range p.Lines {
		if l.Failed {
			out = append(out, l)
		}
	}
	return out
}

func (p *Progress) index(pl audit.Platform) int {
	for i := range p.Lines {
		if p.Lines[i].Platform == pl {
			return i
		}
	}
	return -1
}

// PlainError says what went wrong in words a doctor can act on. explain,
// when set and not returning "", takes precedence: it knows the errors of
// the layers below.
func PlainError(err error, explain func(error) string) string {
	return plainError(err, "", explain)
}

// plainError is PlainError naming the network the error is about ("" for
// "the site").
func plainError(err error, name string, explain func(error) string) string {
	if err == nil {
		return ""
	}
	if explain != nil {
		if s := explain(err); s != "" {
			return s
		}
	}
	if s := knownError(err, name); s != "" {
		return s
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.Canceled):
		return "Stopped before it finished."
	case errors.Is(err, context.DeadlineExceeded):
		return "The site took too long to answer. Check your internet connection and try again."
	case errors.Is(err, exec.ErrNotFound):
		return missingProgram(err.Error())
	case errors.As(err, &dnsErr), errors.As(err, &opErr), strings.Contains(err.Error(), "net::ERR_"):
		site := "the site"
		if name != "" {
			site = name
		}
		return "Could not reach " + site + ". Check your internet connection and try again."
	case errors.Is(err, vault.ErrLocked):
		return "Your keyring is locked. Unlock it (log in to your desktop again, or open your password manager) and try again."
	case errors.Is(err, vault.ErrUnavailable):
		return "This computer has no keyring service running, and Chaperone keeps passwords and keys only there. Log in to a full desktop session and try again."
	}
	return unchained(err.Error(), name)
}

// unchained says a wrapped Go error ("facebook: reading security: the
// page layout was not recognised") as a sentence: what went wrong first,
// then where, in brackets (name, the network already named, left out), so that nothing the doctor (or whoever helps
// them) needs is lost, yet no chain of colons is shown.
func unchained(msg, name string) string {
	parts := strings.Split(msg, ": ")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	parts = slices.DeleteFunc(parts, func(p string) bool { return p == "" })
	if len(parts) <= 1 {
		return sentence(msg)
	}
	last := strings.TrimRight(parts[len(parts)-1], ".")
	var where []string
	for _, w := range parts[:len(parts)-1] {
		// A network's ID as the error's prefix reads as its name, and is
		// left out where the network is named already.
		if p := audit.Platform(w); slices.Contains(audit.Platforms, p) {
			if w = p.DisplayName(); w == name {
				continue
			}
		}
		where = append(where, w)
	}
	if len(where) == 0 {
		return sentence(last)
	}
	// A context that is a clause of its own ("the audit finished but could
	// not be saved") reads best before its cause.
	if len(where) == 1 && len(strings.Fields(where[0])) > 4 {
		return sentence(where[0] + ", because " + last)
	}
	return sentence(last + " (" + strings.Join(where, ", ") + ")")
}

// missingProgram names the program that could not be found, from os/exec's
// `exec: "name": executable file not found` wording.
func missingProgram(msg string) string {
	name := ""
	if _, rest, ok := strings.Cut(msg, `exec: "`); ok {
		name, _, _ = strings.Cut(rest, `"`)
	}
	switch {
	case strings.Contains(strings.ToLower(name), "chrom"):
		return "Chromium, the browser Chaperone uses, is not installed on this computer."
	case name != "":
		return "A program Chaperone needs, " + name + ", is not installed on this computer."
	}
	return "A program Chaperone needs is not installed on this computer."
}
