package linkedin

import (
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/platforms/page"
)

// Config is the LinkedIn page knowledge read from
// assets/platforms/linkedin.json: the shared part (origin, login, settings
// by label) and LinkedIn's own lists, posts and public view.
type Config struct {
	page.Site
	Picker        PickerConfig      `json:"picker"`
	MePath        string            `json:"me_path"`
	ProfilePrefix string            `json:"profile_prefix"`
	Sessions      SessionsConfig    `json:"sessions"`
	Connections   ConnectionsConfig `json:"connections"`
	Invitations   InvitationsConfig `json:"invitations"`
	Posts         PostsConfig       `json:"posts"`
	PublicView    PublicViewConfig  `json:"public_view"`
}

// PickerConfig recognises the "Welcome back" account picker and its way
// to the plain sign-in form.
type PickerConfig struct {
	Phrases []string `json:"phrases"`
	Other   []string `json:"other"`
	Note    string   `json:"note,omitempty"`
}

// SessionsConfig finds the "Where you're signed in" list.
type SessionsConfig struct {
	ID      string   `json:"id"`
	Path    string   `json:"path"`
	Labels  []string `json:"labels"`
	Current []string `json:"current"`
	// Buttons are the words of the list's own buttons, which are not
	// lines of a session.
	Buttons []string `json:"buttons"`
}

// ConnectionsConfig reads the connections list.
type ConnectionsConfig struct {
	ID         string   `json:"id"`
	Path       string   `json:"path"`
	More       []string `json:"more"`
	CountWords []string `json:"count_words"`
	Max        int      `json:"max"`
	MaxRounds  int      `json:"max_rounds"`
}

// InvitationsConfig reads pending invitations to connect.
type InvitationsConfig struct {
	ID            string   `json:"id"`
	Path          string   `json:"path"`
	Accept        []string `json:"accept"`
	CountPrefixes []string `json:"count_prefixes"`
	// Empty are the page's words for "none"; without one of them an empty
	// list is "could not read", never "none".
	Empty []string `json:"empty"`
}

// PostsConfig reads the activity page.
type PostsConfig struct {
	Path           string            `json:"path"`
	Max            int               `json:"max"`
	AudienceValues map[string]string `json:"audience_values"`
}

// PublicViewConfig says how the public profile wraps its outside links.
type PublicViewConfig struct {
	RedirectPath  string `json:"redirect_path"`
	RedirectParam string `json:"redirect_param"`
}

// LoadConfig reads the embedded LinkedIn configuration.
func LoadConfig() (*Config, error) {
	data, err := assets.FS.ReadFile("platforms/linkedin.json")
	if err != nil {
		return nil, fmt.Errorf("linkedin config: %w", err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes and checks a configuration.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := page.Decode(data, &c); err != nil {
		return nil, fmt.Errorf("linkedin config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("linkedin config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	if len(c.Login.SessionCookies) == 0 {
		errs = append(errs, errors.New("login: session_cookies are required"))
	}
	if c.MePath == "" || !strings.HasPrefix(c.ProfilePrefix, "/") {
		errs = append(errs, errors.New("me_path and profile_prefix are required"))
	}
	if len(c.Picker.Phrases) == 0 || len(c.Picker.Other) == 0 {
		errs = append(errs, errors.New("picker: phrases and other are required"))
	}
	if c.Sessions.ID == "" || c.Sessions.Path == "" || len(c.Sessions.Labels) == 0 {
		errs = append(errs, errors.New("sessions: id, path and labels are required"))
	}
	if c.Connections.ID == "" || c.Connections.Path == "" || len(c.Connections.CountWords) == 0 {
		errs = append(errs, errors.New("connections: id, path and count_words are required"))
	}
	if c.Invitations.ID == "" || c.Invitations.Path == "" || len(c.Invitations.Accept) == 0 || len(c.Invitations.Empty) == 0 {
		errs = append(errs, errors.New("invitations: id, path, accept and empty are required"))
	}
	if !strings.Contains(c.Posts.Path, "{profile}") {
		errs = append(errs, errors.New("posts: path must contain {profile}"))
	}
	return errors.Join(errs...)
}
