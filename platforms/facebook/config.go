package facebook

import (
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/platforms/page"
)

// Config is the Facebook page knowledge the adapter reads from
// assets/platforms/facebook.json: the shared part (origin, login,
// settings by label) and Facebook's own lists, posts and public view.
type Config struct {
	page.Site
	MePath        string           `json:"me_path"`
	ReservedPaths []string         `json:"reserved_paths"`
	Sessions      SessionsConfig   `json:"sessions"`
	Friends       FriendsConfig    `json:"friends"`
	Requests      RequestsConfig   `json:"requests"`
	Posts         PostsConfig      `json:"posts"`
	PublicView    PublicViewConfig `json:"public_view"`
	// PastPosts is "Limit past posts", an action with no state to read.
	PastPosts PastPostsConfig `json:"past_posts"`
	// AccountsCentre reads the security pages behind the account picker.
	AccountsCentre AccountsCentreConfig `json:"accounts_centre"`
	// Legacy names the pre-2024 pages a fact falls back to.
	Legacy LegacyConfig `json:"legacy"`
}

// PastPostsConfig names the "Limit past posts" row and the public-view
// fact that shows its effect.
type PastPostsConfig struct {
	ID       string   `json:"id"`
	Page     string   `json:"page"`
	Labels   []string `json:"labels"`
	JudgedBy string   `json:"judged_by"`
	Note     string   `json:"note,omitempty"`
}

// AccountsCentreConfig describes the account picker and the facts made of
// several controls there.
type AccountsCentreConfig struct {
	// Picker are the picker's headings; Platform the words an entry of
	// this network carries.
	Picker          []string              `json:"picker"`
	Platform        []string              `json:"platform"`
	LoginAlerts     LoginAlertsConfig     `json:"login_alerts"`
	TwoFactorMethod TwoFactorMethodConfig `json:"two_factor_method"`
	Note            string                `json:"note,omitempty"`
}

// LoginAlertsConfig is the two checkboxes of "Login alerts".
type LoginAlertsConfig struct {
	ID    string   `json:"id"`
	Page  string   `json:"page"`
	InApp []string `json:"in_app"`
	Email []string `json:"email"`
}

// TwoFactorMethodConfig is the list of two-factor methods, strongest first.
type TwoFactorMethodConfig struct {
	ID      string `json:"id"`
	Page    string `json:"page"`
	Methods []struct {
		Value  string   `json:"value"`
		Labels []string `json:"labels"`
	} `json:"methods"`
	Values map[string]string `json:"values"`
}

// LegacyConfig maps facts to the legacy page they fall back to.
type LegacyConfig struct {
	Pages map[string]string `json:"pages"`
	Facts map[string]string `json:"facts"`
	// Labels replace a fact's labels on its legacy page, where a wording
	// that is only a heading on the 2026 page names the row.
	Labels   map[string][]string `json:"labels,omitempty"`
	Sessions string              `json:"sessions"`
	Note     string              `json:"note,omitempty"`
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
	// LinkShims are the redirect pages outbound links go through; a link
	// through one is read as its target.
	LinkShims []string `json:"link_shims"`
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
	var c Config
	if err := page.Decode(data, &c); err != nil {
		return nil, fmt.Errorf("facebook config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("facebook config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	if len(c.Login.SessionCookies) == 0 {
		errs = append(errs, errors.New("login: session_cookies are required"))
	}
	if c.Sessions.ID == "" || c.Pages[c.Sessions.Page] == "" || len(c.Sessions.Labels) == 0 {
		errs = append(errs, errors.New("sessions: id, page and labels are required"))
	}
	if c.PastPosts.ID == "" || c.Pages[c.PastPosts.Page] == "" || len(c.PastPosts.Labels) == 0 || c.PastPosts.JudgedBy == "" {
		errs = append(errs, errors.New("past_posts: id, page, labels and judged_by are required"))
	}
	ac := c.AccountsCentre
	if len(ac.Picker) == 0 || len(ac.Platform) == 0 {
		errs = append(errs, errors.New("accounts_centre: picker and platform words are required"))
	}
	if ac.LoginAlerts.ID == "" || c.Pages[ac.LoginAlerts.Page] == "" || len(ac.LoginAlerts.InApp) == 0 || len(ac.LoginAlerts.Email) == 0 {
		errs = append(errs, errors.New("accounts_centre.login_alerts: id, page, in_app and email are required"))
	}
	if ac.TwoFactorMethod.ID == "" || c.Pages[ac.TwoFactorMethod.Page] == "" || len(ac.TwoFactorMethod.Methods) == 0 || len(ac.TwoFactorMethod.Values) == 0 {
		errs = append(errs, errors.New("accounts_centre.two_factor_method: id, page, methods and values are required"))
	}
	for id, p := range c.Legacy.Facts {
		if c.Legacy.Pages[p] == "" {
			errs = append(errs, fmt.Errorf("legacy: fact %s on unknown page %q", id, p))
		}
	}
	if s := c.Legacy.Sessions; s != "" && c.Legacy.Pages[s] == "" {
		errs = append(errs, fmt.Errorf("legacy: sessions on unknown page %q", s))
	}
	if !strings.Contains(c.Friends.Path, "{username}") {
		errs = append(errs, errors.New("friends: path must contain {username}"))
	}
	return errors.Join(errs...)
}
