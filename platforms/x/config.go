package x

import (
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/platforms/page"
)

// Config is the X page knowledge the adapter reads from
// assets/platforms/x.json: the shared part (origin, login, settings by
// label) and X's own sections.
type Config struct {
	page.Site
	PhotoTagging PhotoTaggingConfig `json:"photo_tagging"`
	TwoFactor    TwoFactorConfig    `json:"two_factor"`
	Sessions     SessionsConfig     `json:"sessions"`
	Profile      ProfileConfig      `json:"profile"`
	Followers    ListConfig         `json:"followers"`
	Following    ListConfig         `json:"following"`
	Requests     ListConfig         `json:"requests"`
	Posts        ListConfig         `json:"posts"`
	PublicView   PublicViewConfig   `json:"public_view"`
}

// PhotoTaggingConfig reads "Photo tagging": a checkbox, and when it is on
// two radios saying who may tag.
type PhotoTaggingConfig struct {
	ID     string   `json:"id"`
	Page   string   `json:"page"`
	Labels []string `json:"labels"`
	// Options maps each radio's text to the fact's value.
	Options map[string]string `json:"options"`
	Note    string            `json:"note,omitempty"`
}

// TwoFactorConfig names the three method checkboxes of the two-factor page.
type TwoFactorConfig struct {
	ID       string   `json:"id"`
	MethodID string   `json:"method_id"`
	Page     string   `json:"page"`
	SMS      []string `json:"sms"`
	App      []string `json:"app"`
	Key      []string `json:"key"`
}

// SessionsConfig finds the sessions list.
type SessionsConfig struct {
	ID      string   `json:"id"`
	Page    string   `json:"page"`
	Current []string `json:"current"`
	Others  []string `json:"others"`
	// Link is the path every session's own page starts with.
	Link string `json:"link"`
}

// ProfileConfig finds the account's own profile.
type ProfileConfig struct {
	// Nav are the names of the navigation link to the own profile.
	Nav []string `json:"nav"`
	// Reserved are first path segments that are never a handle.
	Reserved []string `json:"reserved"`
	// Professional are the categories a professional account shows.
	Professional []string `json:"professional"`
}

// ListConfig is one list read from the JSON the page fetches.
type ListConfig struct {
	ID   string `json:"id,omitempty"`
	Path string `json:"path,omitempty"`
	// Ops are the operation names of the responses that carry the list.
	Ops []string `json:"ops"`
	// CountWords are the words after the count the profile shows.
	CountWords []string `json:"count_words,omitempty"`
	Max        int      `json:"max"`
	// Empty are the page's words for an empty list; without them an empty
	// list is "could not read", never "none".
	Empty []string `json:"empty,omitempty"`
	Note  string   `json:"note,omitempty"`
}

// PublicViewConfig names the public-view facts and the protected notice.
type PublicViewConfig struct {
	PostsID   string   `json:"posts_id"`
	NameID    string   `json:"name_id"`
	LinksID   string   `json:"links_id"`
	KindID    string   `json:"kind_id"`
	Protected []string `json:"protected"`
}

// LoadConfig reads the embedded X configuration.
func LoadConfig() (*Config, error) {
	data, err := assets.FS.ReadFile("platforms/x.json")
	if err != nil {
		return nil, fmt.Errorf("x config: %w", err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes and checks a configuration.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := page.Decode(data, &c); err != nil {
		return nil, fmt.Errorf("x config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("x config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	need := func(ok bool, what string) {
		if !ok {
			errs = append(errs, errors.New(what))
		}
	}
	need(len(c.Login.SessionCookies) > 0, "login: session_cookies are required")
	pt := c.PhotoTagging
	need(strings.HasPrefix(pt.ID, "x.") && c.Pages[pt.Page] != "" && len(pt.Labels) > 0 && len(pt.Options) > 0, "photo_tagging: id, page, labels and options are required")
	tf := c.TwoFactor
	need(strings.HasPrefix(tf.ID, "x.") && strings.HasPrefix(tf.MethodID, "x.") && c.Pages[tf.Page] != "" && len(tf.SMS) > 0 && len(tf.App) > 0 && len(tf.Key) > 0,
		"two_factor: id, method_id, page and the three methods' labels are required")
	sc := c.Sessions
	need(strings.HasPrefix(sc.ID, "x.") && c.Pages[sc.Page] != "" && len(sc.Current) > 0 && strings.HasPrefix(sc.Link, "/"), "sessions: id, page, current and link are required")
	need(len(c.Profile.Nav) > 0 && c.Pages["home"] != "", "profile: nav names and a home page are required")
	for name, l := range map[string]ListConfig{"followers": c.Followers, "following": c.Following, "requests": c.Requests} {
		need(strings.HasPrefix(l.ID, "x.") && strings.HasPrefix(l.Path, "/") && len(l.Ops) > 0 && l.Max > 0, name+": id, path, ops and max are required")
	}
	need(len(c.Requests.Empty) > 0, "requests: empty words are required to tell none from unread")
	need(strings.Contains(c.Followers.Path, "{handle}") && strings.Contains(c.Following.Path, "{handle}"), "followers and following: path must contain {handle}")
	need(len(c.Followers.CountWords) > 0 && len(c.Following.CountWords) > 0, "followers and following: count_words are required to check the list is whole")
	need(len(c.Posts.Ops) > 0 && c.Posts.Max > 0, "posts: ops and max are required")
	pv := c.PublicView
	need(pv.PostsID != "" && pv.NameID != "" && pv.LinksID != "" && pv.KindID != "" && len(pv.Protected) > 0, "public_view: fact ids and protected words are required")
	return errors.Join(errs...)
}

// ops is every operation the adapter watches for.
func (c *Config) ops() []string {
	var out []string
	for _, l := range []ListConfig{c.Followers, c.Following, c.Requests, c.Posts} {
		out = append(out, l.Ops...)
	}
	return out
}
