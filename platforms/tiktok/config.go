package tiktok

import (
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/platforms/page"
)

// Config is the TikTok page knowledge from assets/platforms/tiktok.json:
// the shared part (origin, login, settings by label) and TikTok's own
// sections.
type Config struct {
	page.Site
	// AppOnly maps a fact to where the app keeps it, for settings the web
	// page does not show on every account.
	AppOnly     map[string]string `json:"app_only"`
	AccountKind KindConfig        `json:"account_kind"`
	Suggest     SuggestConfig     `json:"suggest"`
	Devices     ListConfig        `json:"devices"`
	Alerts      ListConfig        `json:"alerts"`
	Profile     ProfileConfig     `json:"profile"`
	Requests    RequestsConfig    `json:"requests"`
}

// KindConfig tells a personal account from a business one by the switch
// the account page offers.
type KindConfig struct {
	ID           string   `json:"id"`
	Page         string   `json:"page"`
	Personal     []string `json:"personal"`
	Professional []string `json:"professional"`
}

// SuggestConfig reads "Suggest your account to others", whose value is
// the sum of its part switches.
type SuggestConfig struct {
	ID     string     `json:"id"`
	Page   string     `json:"page"`
	Labels []string   `json:"labels"`
	Parts  [][]string `json:"parts"`
}

// ListConfig finds a list under a heading on a settings page.
type ListConfig struct {
	ID      string   `json:"id"`
	Page    string   `json:"page"`
	Labels  []string `json:"labels"`
	Current []string `json:"current,omitempty"`
	// Empty are the page's words for an empty list; without them an empty
	// list is "could not read", never "none".
	Empty []string `json:"empty,omitempty"`
}

// ProfileConfig reads the profile, its lists and its videos.
type ProfileConfig struct {
	Nav            []string `json:"nav"`
	Followers      []string `json:"followers"`
	Following      []string `json:"following"`
	ListPath       string   `json:"list_path"`
	FollowerScene  string   `json:"follower_scene"`
	FollowingScene string   `json:"following_scene"`
	Close          []string `json:"close"`
	Max            int      `json:"max"`
	Private        []string `json:"private"`
	EmptyVideos    []string `json:"empty_videos"`
	VideoPath      string   `json:"video_path"`
	MaxVideos      int      `json:"max_videos"`
}

// RequestsConfig finds pending follow requests.
type RequestsConfig struct {
	ID     string   `json:"id"`
	Path   string   `json:"path"`
	Accept []string `json:"accept"`
	Empty  []string `json:"empty"`
}

// LoadConfig reads the embedded configuration.
func LoadConfig() (*Config, error) {
	data, err := assets.FS.ReadFile("platforms/tiktok.json")
	if err != nil {
		return nil, fmt.Errorf("tiktok config: %w", err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes and checks a configuration.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := page.Decode(data, &c); err != nil {
		return nil, fmt.Errorf("tiktok config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("tiktok config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	if len(c.Login.SessionCookies) == 0 {
		errs = append(errs, errors.New("login: session_cookies are required"))
	}
	for _, l := range []ListConfig{c.Devices, c.Alerts} {
		if !strings.HasPrefix(l.ID, "tiktok.") || c.Pages[l.Page] == "" || len(l.Labels) == 0 {
			errs = append(errs, fmt.Errorf("list %q: id, page and labels are required", l.ID))
		}
	}
	if c.Alerts.ID != "" && len(c.Alerts.Empty) == 0 {
		errs = append(errs, errors.New("alerts: empty words are required"))
	}
	if c.Suggest.ID == "" || c.Pages[c.Suggest.Page] == "" || len(c.Suggest.Parts) == 0 {
		errs = append(errs, errors.New("suggest: id, page and parts are required"))
	}
	for _, p := range c.Suggest.Parts {
		if len(p) == 0 {
			errs = append(errs, errors.New("suggest: a part has no label"))
		}
	}
	if k := c.AccountKind; k.ID != "tiktok.profile_kind" || c.Pages[k.Page] == "" || len(k.Personal) == 0 || len(k.Professional) == 0 {
		errs = append(errs, errors.New("account_kind: id tiktok.profile_kind, page and both word lists are required"))
	}
	p := c.Profile
	if len(p.Nav) == 0 || len(p.Followers) == 0 || len(p.Following) == 0 || p.ListPath == "" || p.FollowerScene == "" || p.FollowingScene == "" || p.VideoPath == "" {
		errs = append(errs, errors.New("profile: nav, followers, following, list_path, scenes and video_path are required"))
	}
	if !strings.HasPrefix(c.Requests.Path, "/") || c.Requests.ID == "" || len(c.Requests.Empty) == 0 {
		errs = append(errs, errors.New("requests: id, path and empty words are required"))
	}
	for id := range c.AppOnly {
		if !strings.HasPrefix(id, "tiktok.") {
			errs = append(errs, fmt.Errorf("app_only %q: not a tiktok fact", id))
		}
	}
	return errors.Join(errs...)
}

// labels is every label the file knows, settings and lists alike, so that
// no value is taken from past another one's label.
func (c *Config) labels() []string {
	out := c.Site.Labels()
	out = append(out, c.Suggest.Labels...)
	for _, p := range c.Suggest.Parts {
		out = append(out, p...)
	}
	out = append(out, c.Devices.Labels...)
	return append(out, c.Alerts.Labels...)
}
