package instagram

import (
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/platforms/page"
)

// Config is the Instagram page knowledge read from
// assets/platforms/instagram.json: the shared part (origin, login,
// settings by label) and Instagram's own account picker, lists, requests,
// profile and public view.
type Config struct {
	page.Site
	// NamedSwitches are facts whose switch must carry its label as its
	// accessible name: the real one does, so one without it is not the
	// control the label names.
	NamedSwitches []string           `json:"named_switches"`
	SearchEngine  SearchEngineConfig `json:"search_engine"`
	ProfileKind   ProfileKindConfig  `json:"profile_kind"`
	Picker        PickerConfig       `json:"picker"`
	Sessions      SessionsConfig     `json:"sessions"`
	Profile       ProfileConfig      `json:"profile"`
	Lists         []ListConfig       `json:"lists"`
	Requests      RequestsConfig     `json:"requests"`
	PublicView    PublicViewConfig   `json:"public_view"`
}

// SearchEngineConfig is the professional accounts' indexing switch.
type SearchEngineConfig struct {
	ID     string   `json:"id"`
	Page   string   `json:"page"`
	Labels []string `json:"labels"`
	Note   string   `json:"note,omitempty"`
}

// ProfileKindConfig tells a personal account from a professional one by
// the switch its account type page offers.
type ProfileKindConfig struct {
	ID           string   `json:"id"`
	Path         string   `json:"path"`
	Personal     []string `json:"personal"`
	Professional []string `json:"professional"`
	Note         string   `json:"note,omitempty"`
}

// PickerConfig recognises the Accounts Centre account picker.
type PickerConfig struct {
	// Network is the word a choice shows for an Instagram account.
	Network string   `json:"network"`
	Choice  string   `json:"choice"`
	Titles  []string `json:"titles"`
}

// SessionsConfig finds "Where you're logged in".
type SessionsConfig struct {
	ID     string   `json:"id"`
	Path   string   `json:"path"`
	Labels []string `json:"labels"`
}

// ProfileConfig reads the account's own profile.
type ProfileConfig struct {
	NavLabels  []string `json:"nav_labels"`
	Reserved   []string `json:"reserved"`
	Private    []string `json:"private"`
	PostsWords []string `json:"posts_words"`
	MaxPosts   int      `json:"max_posts"`
}

// ListConfig is one follow list: the profile link that opens its dialog,
// the request the page makes for it, and the count the profile shows.
type ListConfig struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Link       string   `json:"link"`
	Request    string   `json:"request"`
	CountWords []string `json:"count_words"`
	Max        int      `json:"max"`
}

// RequestsConfig finds pending follow requests.
type RequestsConfig struct {
	ID      string   `json:"id"`
	Path    string   `json:"path"`
	Open    []string `json:"open"`
	Request string   `json:"request"`
}

// PublicViewConfig names the public-view facts.
type PublicViewConfig struct {
	Posts     string   `json:"posts"`
	Name      string   `json:"name"`
	Links     string   `json:"links"`
	LinkShims []string `json:"link_shims"`
}

// LoadConfig reads the embedded Instagram configuration.
func LoadConfig() (*Config, error) {
	data, err := assets.FS.ReadFile("platforms/instagram.json")
	if err != nil {
		return nil, fmt.Errorf("instagram config: %w", err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes and checks a configuration.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := page.Decode(data, &c); err != nil {
		return nil, fmt.Errorf("instagram config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("instagram config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	if len(c.Login.SessionCookies) == 0 {
		errs = append(errs, errors.New("login: session_cookies are required"))
	}
	known := map[string]bool{}
	for _, f := range c.Facts {
		known[f.ID] = true
	}
	for _, id := range c.NamedSwitches {
		if !known[id] {
			errs = append(errs, fmt.Errorf("named_switches: %q is not a fact", id))
		}
	}
	if c.SearchEngine.ID == "" || c.Pages[c.SearchEngine.Page] == "" || len(c.SearchEngine.Labels) == 0 {
		errs = append(errs, errors.New("search_engine: id, page and labels are required"))
	}
	if c.ProfileKind.ID == "" || c.ProfileKind.Path == "" || len(c.ProfileKind.Personal) == 0 || len(c.ProfileKind.Professional) == 0 {
		errs = append(errs, errors.New("profile_kind: id, path and both phrase lists are required"))
	}
	if c.Picker.Network == "" {
		errs = append(errs, errors.New("picker: network is required"))
	}
	if c.Sessions.ID == "" || c.Sessions.Path == "" || len(c.Sessions.Labels) == 0 {
		errs = append(errs, errors.New("sessions: id, path and labels are required"))
	}
	if len(c.Profile.NavLabels) == 0 || len(c.Profile.Private) == 0 || len(c.Profile.PostsWords) == 0 {
		errs = append(errs, errors.New("profile: nav_labels, private and posts_words are required"))
	}
	for _, l := range c.Lists {
		if l.ID == "" || !strings.Contains(l.Link, "{username}") || l.Request == "" || len(l.CountWords) == 0 {
			errs = append(errs, fmt.Errorf("lists: %q needs id, a link with {username}, request and count_words", l.ID))
		}
	}
	if c.Requests.ID == "" || c.Requests.Path == "" || c.Requests.Request == "" || len(c.Requests.Open) == 0 {
		errs = append(errs, errors.New("requests: id, path, open and request are required"))
	}
	if c.PublicView.Posts == "" || c.PublicView.Name == "" || c.PublicView.Links == "" {
		errs = append(errs, errors.New("public_view: posts, name and links are required"))
	}
	return errors.Join(errs...)
}
