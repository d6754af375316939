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
	if !strings.Contains(c.Friends.Path, "{username}") {
		errs = append(errs, errors.New("friends: path must contain {username}"))
	}
	return errors.Join(errs...)
}
