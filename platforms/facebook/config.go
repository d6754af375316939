package facebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/audit"
	"chaperone/platforms/browser"
)

// Config is the Facebook page knowledge the adapter reads from
// assets/platforms/facebook.json: labels, value words and paths are data,
// so a reworded page is a data edit.
type Config struct {
	Platform      string            `json:"platform"`
	BaseURL       string            `json:"base_url"`
	Login         LoginConfig       `json:"login"`
	MePath        string            `json:"me_path"`
	ReservedPaths []string          `json:"reserved_paths"`
	Pages         map[string]string `json:"pages"`
	Facts         []FactConfig      `json:"facts"`
	Sessions      SessionsConfig    `json:"sessions"`
	Friends       FriendsConfig     `json:"friends"`
	Requests      RequestsConfig    `json:"requests"`
	Posts         PostsConfig       `json:"posts"`
	PublicView    PublicViewConfig  `json:"public_view"`
}

// LoginConfig describes the login form and its second factor.
type LoginConfig struct {
	Path           string   `json:"path"`
	Walls          []string `json:"walls"`
	SessionCookies []string `json:"session_cookies"`
	UserField      []string `json:"user_field"`
	PasswordField  []string `json:"password_field"`
	Submit         []string `json:"submit"`
	CodeField      []string `json:"code_field"`
	CodeSubmit     []string `json:"code_submit"`
}

// FactConfig is one setting: where it is, what its label may say and which
// page words mean which normalised value.
type FactConfig struct {
	ID     string            `json:"id"`
	Page   string            `json:"page"`
	Labels []string          `json:"labels"`
	Values map[string]string `json:"values"`
	Switch bool              `json:"switch"`
}

// SessionsConfig finds the "Where you're logged in" list.
type SessionsConfig struct {
	ID      string   `json:"id"`
	Page    string   `json:"page"`
	Labels  []string `json:"labels"`
	More    []string `json:"more"`
	Current []string `json:"current"`
}

// FriendsConfig bounds the friends list crawl.
type FriendsConfig struct {
	Path      string `json:"path"`
	Max       int    `json:"max"`
	MaxRounds int    `json:"max_rounds"`
}

// RequestsConfig finds pending friend requests.
type RequestsConfig struct {
	ID      string   `json:"id"`
	Path    string   `json:"path"`
	Confirm []string `json:"confirm"`
	// Empty are the page's words for "no requests"; without one of them an
	// empty list is "could not read", never "none".
	Empty []string `json:"empty"`
}

// PostsConfig reads posts.
type PostsConfig struct {
	Max              int               `json:"max"`
	AudiencePrefixes []string          `json:"audience_prefixes"`
	AudienceValues   map[string]string `json:"audience_values"`
}

// PublicViewConfig names what a stranger may see on the profile.
type PublicViewConfig struct {
	IntroLabels       []string `json:"intro_labels"`
	FriendsLabels     []string `json:"friends_labels"`
	PhotosLabels      []string `json:"photos_labels"`
	WorkplacePrefixes []string `json:"workplace_prefixes"`
	HometownPrefixes  []string `json:"hometown_prefixes"`
	Empty             []string `json:"empty"`
}

// LoadConfig reads the embedded Facebook configuration.
func LoadConfig() (*Config, error) {
	data, err := assets.FS.ReadFile("platforms/facebook.json")
	if err != nil {
		return nil, fmt.Errorf("facebook config: %w", err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes and checks a configuration.
func ParseConfig(data []byte) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("facebook config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("facebook config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	if c.Login.Path == "" || len(c.Login.Walls) == 0 || len(c.Login.SessionCookies) == 0 {
		errs = append(errs, errors.New("login: path, walls and session_cookies are required"))
	}
	seen := map[string]bool{}
	for _, f := range c.Facts {
		switch {
		case !strings.HasPrefix(f.ID, string(audit.Facebook)+"."):
			errs = append(errs, fmt.Errorf("fact %q: not a facebook fact", f.ID))
		case seen[f.ID]:
			errs = append(errs, fmt.Errorf("fact %q: listed twice", f.ID))
		case c.Pages[f.Page] == "":
			errs = append(errs, fmt.Errorf("fact %q: unknown page %q", f.ID, f.Page))
		case len(f.Labels) == 0 || len(f.Values) == 0:
			errs = append(errs, fmt.Errorf("fact %q: needs labels and values", f.ID))
		}
		for _, l := range f.Labels {
			if browser.Normalize(l) == "" {
				errs = append(errs, fmt.Errorf("fact %q: empty label %q", f.ID, l))
			}
		}
		seen[f.ID] = true
	}
	if c.Sessions.ID == "" || c.Pages[c.Sessions.Page] == "" || len(c.Sessions.Labels) == 0 {
		errs = append(errs, errors.New("sessions: id, page and labels are required"))
	}
	if !strings.Contains(c.Friends.Path, "{username}") {
		errs = append(errs, errors.New("friends: path must contain {username}"))
	}
	return errors.Join(errs...)
}

// allLabels lists every setting label the configuration knows, so that the
// label reader can keep one row's value from bleeding into another's.
func (c *Config) allLabels() []string {
	var out []string
	for _, f := range c.Facts {
		out = append(out, f.Labels...)
	}
	return append(out, c.Sessions.Labels...)
}

// valueFor maps a page word (already normalised) to the fact's value.
func (f FactConfig) valueFor(key string) (string, bool) {
	for word, v := range f.Values {
		if browser.Normalize(word) == key {
			return v, true
		}
	}
	if f.Switch && (key == "on" || key == "off") {
		return key, true
	}
	return "", false
}

func (f FactConfig) words() []string {
	out := make([]string, 0, len(f.Values))
	for w := range f.Values {
		out = append(out, w)
	}
	return out
}

// HasSession reports whether the named cookies include every session
// cookie the site sets after a login.
func (c *Config) HasSession(cookieNames []string) bool {
	for _, want := range c.Login.SessionCookies {
		if !contains(cookieNames, want) {
			return false
		}
	}
	return true
}
