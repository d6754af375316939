// Package page is the page-object layer every network adapter shares: the
// network's page knowledge as data (assets/platforms/<network>.json), one
// account's logged-in tab bound to the account's origin, logging in,
// reading settings by their label, proving what a logged-out visitor saw,
// and the evidence screenshots. A network adapter is its data file plus
// only the code that is truly its own (list readers, quirks).
package page

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// Site is the page knowledge of one network, shared by every adapter; a
// network's own file embeds it and adds its own sections.
type Site struct {
	Platform audit.Platform `json:"platform"`
	// Origin is the real site (https).
	Origin string `json:"origin"`
	// Related are other origins of the same site the account's pages live
	// on (Accounts Centre), by name; a path "@name/..." is on one. An
	// account on a sandbox finds them under "/name/" of its own origin.
	Related map[string]string `json:"related,omitempty"`
	// Languages are the page languages (<html lang>, primary subtag) whose
	// labels the file knows; a page in another language is not read.
	Languages []string `json:"languages"`
	Login     Login    `json:"login"`
	// Pages maps a page name to its path on the site.
	Pages map[string]string `json:"pages"`
	// Facts are the settings read by label.
	Facts []Fact `json:"facts"`
	// NotFound are the words of the site's own "page not found" page.
	NotFound []string `json:"not_found,omitempty"`
}

// Login describes the login form, its second factor and what a wall looks
// like.
type Login struct {
	Path string `json:"path"`
	// Walls are paths of the login and checkpoint pages.
	Walls []string `json:"walls"`
	// WallPhrases are words a page shows when it stands in for a login
	// wall at another address ("You must log in to continue").
	WallPhrases []string `json:"wall_phrases,omitempty"`
	// SessionCookies must all exist after a login.
	SessionCookies []string `json:"session_cookies"`
	UserField      []string `json:"user_field"`
	PasswordField  []string `json:"password_field"`
	Submit         []string `json:"submit"`
	CodeField      []string `json:"code_field"`
	CodeSubmit     []string `json:"code_submit"`
	// Next, when set, is a button between the user and password steps
	// (sites that ask for the login name first).
	Next []string `json:"next,omitempty"`
}

// Fact is one setting: on which page, what its label may say and which
// page words mean which normalised value.
type Fact struct {
	ID     string            `json:"id"`
	Page   string            `json:"page"`
	Labels []string          `json:"labels"`
	Values map[string]string `json:"values"`
	// Switch accepts a switch's or checkbox's state as on/off.
	Switch bool `json:"switch,omitempty"`
	// Note, when set, is why the fact is read the way it is (kept beside
	// the data for the next person to change it).
	Note string `json:"note,omitempty"`
}

// Load decodes a network's file into dst, which must be a pointer to a
// struct embedding Site (so the network's own sections decode beside the
// shared ones), rejecting unknown keys, and validates the shared part.
func Load(fsys fs.FS, name string, dst interface{ site() *Site }) error {
	data, err := fs.ReadFile(fsys, name)
	if err == nil {
		err = Decode(data, dst)
	}
	if err != nil {
		return fmt.Errorf("page knowledge %s: %w", name, err)
	}
	return nil
}

// Decode is Load from bytes.
func Decode(data []byte, dst interface{ site() *Site }) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return dst.site().Validate()
}

// site lets a struct embedding Site be loaded.
func (s *Site) site() *Site { return s }

// Validate checks the shared part of the page knowledge.
func (s *Site) Validate() error {
	var errs []error
	if s.Platform == "" {
		errs = append(errs, errors.New("no platform"))
	}
	if err := platforms.CheckOrigin(s.Origin); err != nil || !strings.HasPrefix(s.Origin, "https://") {
		errs = append(errs, fmt.Errorf("origin %q: the real site must be an https origin", s.Origin))
	}
	for name, o := range s.Related {
		if err := platforms.CheckOrigin(o); err != nil || !strings.HasPrefix(o, "https://") {
			errs = append(errs, fmt.Errorf("related origin %s %q: must be an https origin", name, o))
		}
	}
	if len(s.Languages) == 0 {
		errs = append(errs, errors.New("languages: name the page languages the labels are in"))
	}
	if s.Login.Path == "" || len(s.Login.Walls) == 0 {
		errs = append(errs, errors.New("login: path and walls are required"))
	}
	seen := map[string]bool{}
	for _, f := range s.Facts {
		switch {
		case !strings.HasPrefix(f.ID, string(s.Platform)+"."):
			errs = append(errs, fmt.Errorf("fact %q: not a %s fact", f.ID, s.Platform))
		case seen[f.ID]:
			errs = append(errs, fmt.Errorf("fact %q: listed twice", f.ID))
		case s.Pages[f.Page] == "":
			errs = append(errs, fmt.Errorf("fact %q: unknown page %q", f.ID, f.Page))
		case len(f.Labels) == 0 || (len(f.Values) == 0 && !f.Switch):
			errs = append(errs, fmt.Errorf("fact %q: needs labels and values", f.ID))
		}
		for _, l := range f.Labels {
			if browser.Normalize(l) == "" {
				errs = append(errs, fmt.Errorf("fact %q: empty label %q", f.ID, l))
			}
		}
		seen[f.ID] = true
	}
	for name, p := range s.Pages {
		if rel, ok := strings.CutPrefix(p, "@"); ok {
			if r, _, _ := strings.Cut(rel, "/"); s.Related[r] == "" {
				errs = append(errs, fmt.Errorf("page %q: unknown related origin in %q", name, p))
			}
			continue
		}
		if !strings.HasPrefix(p, "/") {
			errs = append(errs, fmt.Errorf("page %q: path %q must start with / (or @related/)", name, p))
		}
	}
	return errors.Join(errs...)
}

// FactsOn lists the facts read on page name, in file order.
func (s *Site) FactsOn(name string) []Fact {
	var out []Fact
	for _, f := range s.Facts {
		if f.Page == name {
			out = append(out, f)
		}
	}
	return out
}

// PageOrder lists the pages that hold facts, in the order the facts are.
func (s *Site) PageOrder() []string {
	var out []string
	for _, f := range s.Facts {
		if !contains(out, f.Page) {
			out = append(out, f.Page)
		}
	}
	return out
}

// Labels lists every setting label the file knows, so that the label
// reader can keep one row's value from bleeding into another's.
func (s *Site) Labels() []string {
	var out []string
	for _, f := range s.Facts {
		out = append(out, f.Labels...)
	}
	return out
}

// IsWall reports whether a URL is the login form or its checkpoint.
func (s *Site) IsWall(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	p := strings.TrimRight(u.Path, "/")
	for _, w := range s.Login.Walls {
		w = strings.TrimRight(w, "/")
		if p == w || strings.HasPrefix(p, w+"/") {
			return true
		}
	}
	return false
}

// HasSession reports whether the named cookies include every session
// cookie the site sets after a login.
func (s *Site) HasSession(cookieNames []string) bool {
	for _, want := range s.Login.SessionCookies {
		if !contains(cookieNames, want) {
			return false
		}
	}
	return len(s.Login.SessionCookies) > 0
}

// KnowsLanguage reports whether a page's <html lang> is one the labels are
// written in. An empty lang is accepted only when the site's pages are
// known not to declare one (never for the real sites, which all do).
func (s *Site) KnowsLanguage(lang string) bool {
	primary := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	for _, l := range s.Languages {
		if strings.EqualFold(l, primary) {
			return true
		}
	}
	return false
}

// ValueFor maps a page word (already normalised) to the fact's value.
func (f Fact) ValueFor(key string) (string, bool) {
	for word, v := range f.Values {
		if browser.Normalize(word) == key {
			return v, true
		}
	}
	if f.Switch && (key == audit.On || key == audit.Off) {
		return key, true
	}
	return "", false
}

// Words are the page words the fact's value may be shown as.
func (f Fact) Words() []string {
	out := make([]string, 0, len(f.Values))
	for w := range f.Values {
		out = append(out, w)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
