package tiktok

import (
	"fmt"
	"slices"
	"strconv"
	"sync"

	"chaperone/audit"
)

// Canonical TikTok fact IDs.
const (
	FactPrivate        = "tiktok.private"
	FactComments       = "tiktok.comments"
	FactContentReuse   = "tiktok.content_reuse"
	FactFollowingList  = "tiktok.following_list"
	FactDM             = "tiktok.dm"
	FactDownloads      = "tiktok.downloads"
	FactSuggest        = "tiktok.suggest_account"
	FactTwoFactor      = "tiktok.two_factor"
	FactDevices        = "tiktok.devices"
	FactSecurityAlerts = "tiktok.security_alerts"
	FactFollowers      = "tiktok.followers"
	FactFollowing      = "tiktok.following"
	FactRequests       = "tiktok.pending_requests"
	FactPublicVideos   = "tiktok.public_view.videos"
	FactPublicName     = "tiktok.public_view.name"
	FactPublicLinks    = "tiktok.public_view.links"
	FactProfileKind    = "tiktok.profile_kind"
)

// Suggest-your-account parts, as the app lists them.
var suggestParts = []string{"Contacts", "Facebook friends", "People with mutual connections", "People who open or send links to you"}

// Account is the seed of the TikTok replica.
type Account struct {
	UserID   string
	SecUID   string
	Handle   string // uniqueId, shown as @handle
	Nickname string
	Email    string
	Password string
	// TOTPSecret is the base32 secret of the authenticator app used for
	// 2-step verification.
	TOTPSecret string
	Bio        string
	Link       string // the website in the bio; may be empty
	// Business is a TikTok business account (professional), else personal.
	Business bool

	// Settings maps fact IDs to normalised values (on/off, everyone ...).
	Settings map[string]string
	// Suggest is the state of each "Suggest your account to others" part.
	Suggest map[string]bool

	Followers []Person
	Following []Person
	Requests  []Person
	Videos    []Video
	Devices   []Device
	Alerts    []Alert
}

// Person is another (fictional) TikTok account.
type Person struct {
	ID       string
	Handle   string
	Nickname string
}

// Video is one of the persona's videos; the cover is drawn locally.
type Video struct {
	ID      string
	Caption string
	Kind    string // replica photo kind of the cover
	Created int64  // Unix seconds
	Views   int
}

// Device is one place the account is logged in.
type Device struct {
	Name     string
	Location string
	Last     string
	Current  bool
}

// Alert is one security alert of the last 30 days.
type Alert struct {
	Text string
	When string
}

// Variants are the ways the replica can differ from the demo: the real
// site's A/B tests, app-only settings, edge refusals, drift.
type Variants struct {
	// Layout "B" moves each value beside its label and words content
	// reuse as remix (the real site's other layout); "" is "A".
	Layout string
	// AppOnly leaves downloads and account suggestions off the web page,
	// as for accounts where only the app shows them.
	AppOnly bool
	// Public403 answers a logged-out visitor's profile request with 403,
	// as the real edge does for automated sessions.
	Public403 bool
	// PublicWall sends a logged-out visitor of the profile to the login page.
	PublicWall bool
	// NamelessFollowers draws the Followers count without its word.
	NamelessFollowers bool
	// ShortList makes the followers JSON stop short of the count shown.
	ShortList bool
	// RedirectTo sends the settings pages to another origin.
	RedirectTo string
}

// State is the live state of the replica, safe for concurrent use.
type State struct {
	mu     sync.RWMutex
	acct   Account
	labels map[string]string // canonical label -> shown
	v      Variants
}

func newState(a Account) *State {
	st := &State{acct: cloneAccount(a), labels: map[string]string{}}
	if st.acct.Settings == nil {
		st.acct.Settings = map[string]string{}
	}
	if st.acct.Suggest == nil {
		st.acct.Suggest = map[string]bool{}
	}
	return st
}

func cloneAccount(a Account) Account {
	b := a
	b.Settings = map[string]string{}
	for k, v := range a.Settings {
		b.Settings[k] = v
	}
	b.Suggest = map[string]bool{}
	for k, v := range a.Suggest {
		b.Suggest[k] = v
	}
	b.Followers = slices.Clone(a.Followers)
	b.Following = slices.Clone(a.Following)
	b.Requests = slices.Clone(a.Requests)
	b.Videos = slices.Clone(a.Videos)
	b.Devices = slices.Clone(a.Devices)
	b.Alerts = slices.Clone(a.Alerts)
	return b
}

// Account is a copy of the current account.
func (s *State) Account() Account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return cloneAccount(s.acct)
}

// Variants is the current variant set.
func (s *State) Variants() Variants {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.v
}

// SetVariants changes how the replica differs from the demo.
func (s *State) SetVariants(v Variants) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v = v
}

// options lists the values each settings fact may take on the web.
var options = map[string][]string{
	FactPrivate:       {audit.On, audit.Off},
	FactComments:      {audit.AudienceEveryone, audit.AudienceFriends},
	FactContentReuse:  {audit.AudienceEveryone, audit.AudienceFriends},
	FactFollowingList: {audit.AudienceEveryone, audit.AudienceOnlyMe},
	FactDM:            {audit.AudienceEveryone, audit.AudienceFriends, audit.AudienceNobody},
	FactDownloads:     {audit.On, audit.Off},
	FactTwoFactor:     {audit.On, audit.Off},
}

// suggestValue sums up the parts: off, on or some.
func suggestValue(m map[string]bool) string {
	n := 0
	for _, p := range suggestParts {
		if m[p] {
			n++
		}
	}
	switch n {
	case 0:
		return audit.Off
	case len(suggestParts):
		return audit.On
	}
	return "some"
}

// Expected is every fact the replica shows now, as an honest adapter must
// read it.
func (s *State) Expected() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := &s.acct
	out := map[string]string{}
	for k := range options {
		out[k] = a.Settings[k]
	}
	if s.v.AppOnly {
		delete(out, FactDownloads)
	} else {
		out[FactSuggest] = suggestValue(a.Suggest)
	}
	out[FactDevices] = strconv.Itoa(len(a.Devices))
	out[FactSecurityAlerts] = "none"
	if len(a.Alerts) > 0 {
		out[FactSecurityAlerts] = "some"
	}
	out[FactFollowers] = strconv.Itoa(len(a.Followers))
	out[FactFollowing] = strconv.Itoa(len(a.Following))
	out[FactRequests] = strconv.Itoa(len(a.Requests))
	out[FactPublicVideos] = audit.Visible
	if a.Settings[FactPrivate] == audit.On || len(a.Videos) == 0 {
		out[FactPublicVideos] = audit.Hidden
	}
	out[FactProfileKind] = audit.KindPersonal
	if a.Business {
		out[FactProfileKind] = audit.KindProfessional
	}
	out[FactPublicName] = a.Nickname
	out[FactPublicLinks] = a.Link
	return out
}

// Set changes a fact as the doctor would.
func (s *State) Set(fact, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &s.acct
	if opts, ok := options[fact]; ok {
		if !slices.Contains(opts, value) {
			return fmt.Errorf("set %s: %q is not one of %v", fact, value, opts)
		}
		a.Settings[fact] = value
		// A private account's videos cannot be downloaded (the site forces it).
		if fact == FactPrivate && value == audit.On {
			a.Settings[FactDownloads] = audit.Off
		}
		return nil
	}
	switch fact {
	case FactSuggest:
		switch value {
		case audit.On, audit.Off:
			for _, p := range suggestParts {
				a.Suggest[p] = value == audit.On
			}
			return nil
		}
		return fmt.Errorf("set %s: %q is not on or off", fact, value)
	case FactProfileKind:
		switch value {
		case audit.KindPersonal, audit.KindProfessional:
			a.Business = value == audit.KindProfessional
			return nil
		}
		return fmt.Errorf("set %s: %q is not personal or professional", fact, value)
	case FactDevices:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > len(a.Devices)+3 {
			return fmt.Errorf("set %s: %q is not a device count", fact, value)
		}
		for len(a.Devices) < n {
			a.Devices = append(a.Devices, Device{Name: "Safari on iPhone", Location: "Bristol, United Kingdom", Last: "Active 2 days ago"})
		}
		a.Devices = a.Devices[:n]
		return nil
	case FactSecurityAlerts:
		switch value {
		case "none":
			a.Alerts = nil
			return nil
		case "some":
			if len(a.Alerts) == 0 {
				a.Alerts = []Alert{{Text: "New login on Chrome on Windows near Swindon, United Kingdom", When: "3 days ago"}}
			}
			return nil
		}
		return fmt.Errorf("set %s: %q is not none or some", fact, value)
	}
	return fmt.Errorf("set %s: not a TikTok setting the replica can change", fact)
}

// RenameLabel is drift: the page shows another wording for a label.
func (s *State) RenameLabel(old, renamed string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for canon, shown := range s.labels {
		if shown == old {
			s.labels[canon] = renamed
			return true
		}
	}
	for _, l := range knownLabels {
		if l == old {
			if _, done := s.labels[l]; !done {
				s.labels[l] = renamed
				return true
			}
		}
	}
	return false
}

// L is the label shown now for a canonical label.
func (s *State) L(canon string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if v, ok := s.labels[canon]; ok {
		return v
	}
	return canon
}

// knownLabels are the labels RenameLabel can change.
var knownLabels = []string{
	"Private account", "Suggest your account to others", "Following list", "Who can comment on your posts",
	"Who can Duet with your posts", "Who can remix your posts", "Downloads", "Who can send you direct messages",
	"2-step verification", "Security alerts", "Manage devices", "Followers", "Following", "Follow requests",
	"Contacts", "Facebook friends", "People with mutual connections", "People who open or send links to you",
}
