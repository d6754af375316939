package x

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"chaperone/audit"
)

// Fact IDs the replica shows.
const (
	FactProtected      = "x.protected"
	FactProtectVideos  = "x.protect_videos"
	FactPhotoTagging   = "x.photo_tagging"
	FactDiscoverEmail  = "x.discover_email"
	FactDiscoverPhone  = "x.discover_phone"
	FactLocation       = "x.location_in_posts"
	FactDMRequests     = "x.dm_requests"
	FactTwoFactor      = "x.two_factor"
	FactTwoFactorHow   = "x.two_factor_method"
	FactResetProtect   = "x.password_reset_protect"
	FactSessions       = "x.sessions"
	FactFollowers      = "x.followers"
	FactFollowing      = "x.following"
	FactRequests       = "x.pending_requests"
	FactPublicPosts    = "x.public_view.posts"
	FactPublicName     = "x.public_view.name"
	FactPublicLinks    = "x.public_view.links"
	FactProfileKind    = "x.profile_kind"
	factTwoFactorSMS   = "x.two_factor.sms"
	factTwoFactorApp   = "x.two_factor.app"
	factTwoFactorKey   = "x.two_factor.key"
	photoTaggingAll    = "everyone"
	photoTaggingFollow = "following"
)

// Two-factor method values.
const (
	MethodNone     = "none"
	MethodSMSOnly  = "sms_only"
	MethodAppOrKey = "app_or_key"
)

// Account is the seed of the X replica.
type Account struct {
	UserID      string
	Handle      string // without "@"
	DisplayName string
	Email       string
	Phone       string
	Password    string
	TOTPSecret  string
	Bio         string
	Location    string
	Website     string // shown as its display text
	Joined      time.Time
	// Category is the professional category shown on the profile; "" for
	// a personal account.
	Category string

	// Settings maps fact IDs to normalised values; the two-factor methods
	// are three switches of their own.
	Settings map[string]string

	Followers []Person
	Following []Person
	Requests  []Person
	Posts     []Post
	Sessions  []Session
}

// Person is another (fictional) account.
type Person struct {
	ID       string
	Handle   string
	Name     string
	Bio      string
	Location string
}

// Post is one of the persona's posts.
type Post struct {
	ID    string
	Text  string
	At    time.Time
	Place string
}

// Session is one place the account is logged in.
type Session struct {
	Token    string
	Device   string
	App      string
	Location string
	Active   string
	Current  bool
}

// settingDef is one row of a settings page.
type settingDef struct {
	Fact  string
	Page  string // path under /settings/
	Label string
	Help  string
}

var settingDefs = []settingDef{
	{FactProtected, "audience_and_tagging", "Protect your posts", "When selected, your posts and other account information are only visible to people who follow you."},
	{FactProtectVideos, "audience_and_tagging", "Protect your videos", "If selected, videos in your posts will not be downloadable by default."},
	{FactPhotoTagging, "tagging", "Photo tagging", "Allow people to tag you in their photos and receive notifications when they do."},
	{FactDiscoverEmail, "contacts", "Let people who have your email address find you on X", "Let people who have your email address find and connect with you on X."},
	{FactDiscoverPhone, "contacts", "Let people who have your phone number find you on X", "Let people who have your phone number find and connect with you on X."},
	{FactLocation, "location", "Add location information to your posts", "If enabled, you will be able to attach location information to your posts."},
	{FactDMRequests, "direct_messages", "Allow message requests from", "People you follow will always be able to message you."},
	{factTwoFactorSMS, "account/login_verification", "Text message", "Use your mobile phone to receive a text message with an authentication code to enter when you log in to X."},
	{factTwoFactorApp, "account/login_verification", "Authentication app", "Use a mobile authentication app to get a verification code to enter every time you log in to X."},
	{factTwoFactorKey, "account/login_verification", "Security key", "Use a security key that inserts into your computer or syncs to your mobile device when you log in to X."},
	{FactResetProtect, "security", "Password reset protect", "For added protection, you’ll need to confirm your email address or phone number to reset your X password."},
}

// dmOptions are the radios of the Chat page, in order.
var dmOptions = []struct{ Value, Text string }{
	{audit.AudienceNobody, "No one"}, {"verified", "Verified users"}, {audit.AudienceEveryone, "Everyone"},
}

// tagOptions are the radios under Photo tagging.
var tagOptions = []struct{ Value, Text string }{
	{photoTaggingAll, "Anyone can tag you"}, {photoTaggingFollow, "Only people you follow can tag you"},
}

// Page variants and defects a test can switch on.
const (
	// LayoutLabel is the usual page: each checkbox inside its label.
	LayoutLabel = "label"
	// LayoutLabelledBy is the B side of an experiment: a role=checkbox
	// named through aria-labelledby, the description first.
	LayoutLabelledBy = "labelledby"
	// LayoutUnnamed draws the checkboxes and radios with no name and no
	// state a reader can see, only a picture of a tick.
	LayoutUnnamed = "unnamed"
)

// State is the live state of the replica, safe for concurrent use.
type State struct {
	mu     sync.RWMutex
	acct   Account
	labels map[string]string // canonical label -> shown
	layout string
	// drop is how many people the list responses leave out (a list
	// shorter than its count).
	drop int
	// wall puts a login wall in front of the logged-out profile.
	wall bool
	// other is a second account the browser may be switched to.
	other   Person
	current string // handle of the account the session shows
	// redirects send a path to another address (another origin).
	redirects map[string]string
}

func newState(a Account) *State {
	st := &State{acct: cloneAccount(a), labels: map[string]string{}, layout: LayoutLabel, redirects: map[string]string{}}
	if st.acct.Settings == nil {
		st.acct.Settings = map[string]string{}
	}
	for _, d := range settingDefs {
		if _, ok := st.acct.Settings[d.Fact]; !ok {
			st.acct.Settings[d.Fact] = audit.Off
		}
	}
	if st.acct.Settings[FactDMRequests] == audit.Off {
		st.acct.Settings[FactDMRequests] = audit.AudienceNobody
	}
	st.other = Person{ID: "1580023319004772352", Handle: "MillLaneSurgery", Name: "Mill Lane Surgery"}
	st.current = st.acct.Handle
	return st
}

func cloneAccount(a Account) Account {
	b := a
	b.Settings = make(map[string]string, len(a.Settings))
	for k, v := range a.Settings {
		b.Settings[k] = v
	}
	b.Followers = slices.Clone(a.Followers)
	b.Following = slices.Clone(a.Following)
	b.Requests = slices.Clone(a.Requests)
	b.Posts = slices.Clone(a.Posts)
	b.Sessions = slices.Clone(a.Sessions)
	return b
}

// Account is a copy of the account now.
func (s *State) Account() Account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return cloneAccount(s.acct)
}

func method(st map[string]string) string {
	switch {
	case st[factTwoFactorApp] == audit.On || st[factTwoFactorKey] == audit.On:
		return MethodAppOrKey
	case st[factTwoFactorSMS] == audit.On:
		return MethodSMSOnly
	}
	return MethodNone
}

// twoFactorApp reports whether logging in asks for the authenticator code.
func (s *State) twoFactorApp() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.acct.Settings[factTwoFactorApp] == audit.On
}

// Expected is every fact the replica shows now, as an honest adapter reads
// it.
func (s *State) Expected() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := &s.acct
	out := map[string]string{}
	for _, d := range settingDefs {
		switch d.Fact {
		case factTwoFactorSMS, factTwoFactorApp, factTwoFactorKey:
			continue
		}
		out[d.Fact] = a.Settings[d.Fact]
	}
	m := method(a.Settings)
	out[FactTwoFactorHow] = m
	out[FactTwoFactor] = audit.On
	if m == MethodNone {
		out[FactTwoFactor] = audit.Off
	}
	out[FactSessions] = strconv.Itoa(len(a.Sessions))
	out[FactFollowers] = strconv.Itoa(len(a.Followers))
	out[FactFollowing] = strconv.Itoa(len(a.Following))
	out[FactRequests] = strconv.Itoa(len(a.Requests))
	out[FactPublicPosts] = audit.Visible
	if a.Settings[FactProtected] == audit.On || len(a.Posts) == 0 {
		out[FactPublicPosts] = audit.Hidden
	}
	out[FactPublicName] = a.DisplayName
	out[FactPublicLinks] = a.Website
	if a.Category != "" {
		out[FactProfileKind] = audit.KindProfessional
	}
	return out
}

// Set changes a fact as the doctor would: a switch "on"/"off", photo
// tagging "off"/"everyone"/"following", message requests
// "nobody"/"verified"/"everyone", the two-factor method
// "none"/"sms_only"/"app_or_key", or a session count.
func (s *State) Set(fact, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &s.acct
	switch fact {
	case FactPhotoTagging:
		if value != audit.Off && value != photoTaggingAll && value != photoTaggingFollow {
			return fmt.Errorf("x: %s cannot be %q", fact, value)
		}
	case FactDMRequests:
		if !slices.ContainsFunc(dmOptions, func(o struct{ Value, Text string }) bool { return o.Value == value }) {
			return fmt.Errorf("x: %s cannot be %q", fact, value)
		}
	case FactTwoFactor, FactTwoFactorHow:
		sms, app := audit.Off, audit.Off
		switch value {
		case audit.On, MethodAppOrKey:
			app = audit.On
		case MethodSMSOnly:
			sms = audit.On
		case audit.Off, MethodNone:
		default:
			return fmt.Errorf("x: %s cannot be %q", fact, value)
		}
		a.Settings[factTwoFactorSMS], a.Settings[factTwoFactorApp], a.Settings[factTwoFactorKey] = sms, app, audit.Off
		return nil
	case FactSessions:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > len(a.Sessions) {
			return fmt.Errorf("x: sessions can be 1..%d, not %q", len(a.Sessions), value)
		}
		a.Sessions = a.Sessions[:n]
		return nil
	case FactProtected, FactProtectVideos, FactDiscoverEmail, FactDiscoverPhone, FactLocation, FactResetProtect:
		if value != audit.On && value != audit.Off {
			return fmt.Errorf("x: %s is on or off, not %q", fact, value)
		}
	default:
		return fmt.Errorf("x: %s cannot be set", fact)
	}
	a.Settings[fact] = value
	return nil
}

// setting reads one setting.
func (s *State) setting(fact string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.acct.Settings[fact]
}

// setSwitch is the page's own change of a checkbox.
func (s *State) setSwitch(fact string, on bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.acct.Settings[fact]; !ok || fact == FactDMRequests {
		return false
	}
	v := audit.Off
	if on {
		v = audit.On
		if fact == FactPhotoTagging {
			v = photoTaggingAll
		}
	}
	s.acct.Settings[fact] = v
	return true
}

// RenameLabel rewords a label everywhere it is shown. It reports whether
// old is a label the site shows.
func (s *State) RenameLabel(old, renamed string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for canon, shown := range s.labels {
		if shown == old {
			s.labels[canon] = renamed
			return true
		}
	}
	for _, c := range knownLabels() {
		if c == old {
			if _, done := s.labels[c]; !done {
				s.labels[c] = renamed
				return true
			}
		}
	}
	return false
}

func knownLabels() []string {
	var out []string
	for _, d := range settingDefs {
		out = append(out, d.Label)
	}
	for _, o := range tagOptions {
		out = append(out, o.Text)
	}
	return append(out, "Current active session", "Log out of all other sessions", "These posts are protected")
}

// label is the text shown now for a canonical label.
func (s *State) label(canon string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if v, ok := s.labels[canon]; ok {
		return v
	}
	return canon
}

// SetLayout switches the settings pages to a layout (Layout*).
func (s *State) SetLayout(l string) {
	s.mu.Lock()
	s.layout = l
	s.mu.Unlock()
}

func (s *State) layoutNow() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.layout
}

// DropFromLists makes the list responses leave n people out, while the
// profile still counts them all.
func (s *State) DropFromLists(n int) {
	s.mu.Lock()
	s.drop = n
	s.mu.Unlock()
}

// LoginWall puts a "Sign in to X" wall in front of the logged-out profile.
func (s *State) LoginWall(on bool) {
	s.mu.Lock()
	s.wall = on
	s.mu.Unlock()
}

// SwitchAccount makes the logged-in browser show the persona's other
// account (the practice's), as X's account switcher does; false switches
// back.
func (s *State) SwitchAccount(other bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = s.acct.Handle
	if other {
		s.current = s.other.Handle
	}
}

// Redirect sends every request for path to target (another origin, in
// tests); "" removes it.
func (s *State) Redirect(path, target string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if target == "" {
		delete(s.redirects, path)
		return
	}
	s.redirects[path] = target
}

func (s *State) redirectFor(path string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.redirects[path]
}

// AnswerRequest accepts or declines a pending follower request.
func (s *State) AnswerRequest(id string, accept bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &s.acct
	i := slices.IndexFunc(a.Requests, func(p Person) bool { return p.ID == id })
	if i < 0 {
		return false
	}
	if accept {
		a.Followers = append([]Person{a.Requests[i]}, a.Followers...)
	}
	a.Requests = slices.Delete(a.Requests, i, i+1)
	return true
}
