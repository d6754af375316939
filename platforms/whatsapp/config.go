package whatsapp

import (
	"errors"
	"fmt"
	"strings"

	"chaperone/assets"
	"chaperone/platforms/page"
)

// Config is the WhatsApp Web page knowledge, from
// assets/platforms/whatsapp.json: the shared part (origin, the QR page's
// words, settings by label) and WhatsApp's own: how a browser links, the
// clicks that open each panel of the one-page app, the chat list and the
// facts only the phone shows.
type Config struct {
	page.Site
	Link          LinkConfig          `json:"link"`
	OtherWindow   OtherWindowConfig   `json:"other_window"`
	App           AppConfig           `json:"app"`
	Settings      NavConfig           `json:"settings"`
	Panels        map[string][]string `json:"panels"`
	Chats         ChatsConfig         `json:"chats"`
	Profile       ProfileConfig       `json:"profile"`
	StatusUpdates StatusUpdatesConfig `json:"status_updates"`
	PhoneOnly     []PhoneOnlyFact     `json:"phone_only"`
}

// LinkConfig is the QR page.
type LinkConfig struct {
	QR      []string `json:"qr"`
	Expired []string `json:"expired"`
	// WaitMS bounds the wait for a phone already scanning.
	WaitMS int    `json:"wait_ms"`
	Note   string `json:"note,omitempty"`
}

// OtherWindowConfig is the "open in another window" interstitial.
type OtherWindowConfig struct {
	Phrases []string `json:"phrases"`
	UseHere []string `json:"use_here"`
}

// AppConfig names the app's landmarks.
type AppConfig struct {
	ChatList []string `json:"chat_list"`
	// Home is the control that closes every drawer (the Chats button).
	Home []string `json:"home"`
	Note string   `json:"note,omitempty"`
}

// NavConfig lists the ways to open a drawer, each a sequence of controls
// found by accessible name, tried in order.
type NavConfig struct {
	Open [][]string `json:"open"`
	Note string     `json:"note,omitempty"`
}

// ChatsConfig reads the chat list.
type ChatsConfig struct {
	All           []string `json:"all"`
	Groups        []string `json:"groups"`
	Max           int      `json:"max"`
	ClinicalWords []string `json:"clinical_words"`
}

// ProfileConfig finds the About text on the profile drawer.
type ProfileConfig struct {
	Open  [][]string `json:"open"`
	About []string   `json:"about"`
}

// StatusUpdatesConfig finds the doctor's own status updates.
type StatusUpdatesConfig struct {
	Open [][]string `json:"open"`
	Mine []string   `json:"mine"`
}

// PhoneOnlyFact is a setting WhatsApp Web does not show.
type PhoneOnlyFact struct {
	ID  string `json:"id"`
	Why string `json:"why"`
}

// LoadConfig reads the embedded configuration.
func LoadConfig() (*Config, error) {
	data, err := assets.FS.ReadFile("platforms/whatsapp.json")
	if err != nil {
		return nil, fmt.Errorf("whatsapp config: %w", err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes and checks a configuration.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := page.Decode(data, &c); err != nil {
		return nil, fmt.Errorf("whatsapp config: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("whatsapp config: %w", err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var errs []error
	if len(c.Link.QR) == 0 || c.Link.WaitMS < 0 || c.Link.WaitMS > 120000 {
		errs = append(errs, errors.New("link: qr names and a wait_ms of 0..120000 are required"))
	}
	if len(c.App.ChatList) == 0 || len(c.App.Home) == 0 {
		errs = append(errs, errors.New("app: chat_list and home are required"))
	}
	if len(c.Settings.Open) == 0 {
		errs = append(errs, errors.New("settings: open is required"))
	}
	for _, seq := range append(append(append([][]string{}, c.Settings.Open...), c.Profile.Open...), c.StatusUpdates.Open...) {
		if len(seq) == 0 {
			errs = append(errs, errors.New("an empty sequence of controls to open a drawer"))
		}
	}
	for _, name := range c.PageOrder() {
		if len(c.Panels[name]) == 0 {
			errs = append(errs, fmt.Errorf("page %q: no panel clicks to open it", name))
		}
	}
	for _, p := range c.PhoneOnly {
		if !strings.HasPrefix(p.ID, string(c.Platform)+".") || p.Why == "" {
			errs = append(errs, fmt.Errorf("phone_only %q: a %s fact with a reason is required", p.ID, c.Platform))
		}
	}
	if len(c.Chats.All) == 0 || len(c.Chats.Groups) == 0 {
		errs = append(errs, errors.New("chats: all and groups filters are required"))
	}
	return errors.Join(errs...)
}
