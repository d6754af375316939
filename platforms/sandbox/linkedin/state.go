package linkedin

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"chaperone/audit"
)

// Fact IDs the replica shows, as the adapter names them.
const (
	FactConnectionsVisible = "linkedin.connections_visible"
	FactPublicProfile      = "linkedin.public_profile"
	FactEmailVisible       = "linkedin.email_visible"
	FactDiscoverEmail      = "linkedin.discover_email"
	FactDiscoverPhone      = "linkedin.discover_phone"
	FactFollowers          = "linkedin.followers"
	FactProfileViewing     = "linkedin.profile_viewing"
	FactActiveStatus       = "linkedin.active_status"
	FactTwoFactor          = "linkedin.two_factor"
	FactSessions           = "linkedin.sessions"
	FactConnections        = "linkedin.connections"
	FactRequests           = "linkedin.pending_requests"
	FactPublicName         = "linkedin.public_view.name"
	FactPublicLinks        = "linkedin.public_view.links"
	FactPublicContact      = "linkedin.public_view.contact"
	FactProfileKind        = "linkedin.profile_kind"
)

// setting is one row of a settings category: its label, the page it opens
// and the words its values are shown in.
type setting struct {
	Fact  string
	Slug  string // /mypreferences/d/settings/<slug>
	Label string
	Help  string
	// Words maps a value to the page's word for it, in the order offered.
	Words [][2]string
}

// settings are the rows of the two categories the adapter reads, in the
// order the real pages list them.
var visibilitySettings = []setting{
	{FactProfileViewing, "profile-viewing-options", "Profile viewing options", "Choose whether you're visible or viewing in private mode",
		[][2]string{{"name", "Your name and headline"}, {"characteristics", "Private profile characteristics"}, {"private", "Private mode"}}},
	{"", "edit-public-profile", "Edit your public profile", "", nil},
	{FactEmailVisible, "email-address-visibility", "Who can see or download your email address", "Email visibility",
		[][2]string{{"only_me", "Only visible to me"}, {"1st_degree_connections", "1st-degree connections"}, {"2nd_degree_connections", "1st and 2nd-degree connections"}, {"anyone_on_linkedin", "Anyone on LinkedIn"}}},
	{"", "connections-visibility", "Who can see your connections", "", nil},
	{FactDiscoverEmail, "discover-me-by-email-address", "Profile discovery using email address", "Who can discover your profile or connect with you if they have your email address?",
		[][2]string{{"anyone", "Anyone"}, {"2nd_degree", "2nd-degree connections"}, {"1st_degree", "1st-degree connections"}, {"nobody", "Nobody"}}},
	{FactDiscoverPhone, "discover-me-by-phone-number", "Profile discovery using phone number", "Who can discover your profile or connect with you if they have your phone number?",
		[][2]string{{"everyone", "Everyone"}, {"2nd_degree", "2nd-degree connections"}, {"1st_degree", "1st-degree connections"}, {"nobody", "Nobody"}}},
	{FactFollowers, "followed", "Followers", "Who can follow you",
		[][2]string{{"everyone", "Everyone on LinkedIn"}, {"connections", "Your connections"}}},
	{FactActiveStatus, "manage-my-active-status", "Manage active status", "Who can see that you are currently active while you are using LinkedIn?",
		[][2]string{{"connections", "Your connections only"}, {"everyone", "All LinkedIn members"}, {"no_one", "No one"}}},
}

var securitySettings = []setting{
	{"", "email-addresses", "Email addresses", "", nil},
	{"", "phone-numbers", "Phone numbers", "", nil},
	{"", "change-password", "Change password", "", nil},
	{"", "user-sessions", "Where you’re signed in", "", nil},
	{"", "remember-me", "Devices that remember your password", "", nil},
	{FactTwoFactor, "two-factor-authentication", "Two-step verification", "",
		[][2]string{{audit.On, "On"}, {audit.Off, "Off"}}},
}

func allSettings() []setting { return append(slices.Clone(visibilitySettings), securitySettings...) }

func settingFor(fact string) (setting, bool) {
	for _, s := range allSettings() {
		if s.Fact == fact && fact != "" {
			return s, true
		}
	}
	return setting{}, false
}

// Labels of the two switches read on pages of their own.
const (
	labelConnectionVisibility = "Connection visibility"
	labelPublicVisibility     = "Your profile’s public visibility"
)

// State is the replica's live account and the drift a test may put into
// it. Safe for concurrent use.
type State struct {
	mu       sync.Mutex
	acct     Account
	values   map[string]string // fact -> value, for the settings
	labels   map[string]string // shown label -> renamed label
	unnamed  map[string]bool   // switch labels left without an accessible name
	variant  string            // "a" or "b": the category pages' layout
	authwall bool              // the public profile sends strangers to the authwall
	drop     int               // connections the pagination leaves out
	away     string            // another origin the settings pages redirect to
	expired  time.Time         // sessions started before are over
	picker   string            // "" or "changed": the account picker's variant
	picks    []string          // accounts chosen on the picker
}

func newState(a Account) *State {
	st := &State{acct: a, values: map[string]string{}, labels: map[string]string{}, unnamed: map[string]bool{}, variant: "a"}
	for k, v := range a.Settings {
		st.values[k] = v
	}
	return st
}

// Account is a copy of the account as it is now.
func (st *State) Account() Account {
	st.mu.Lock()
	defer st.mu.Unlock()
	a := st.acct
	a.Settings = map[string]string{}
	for k, v := range st.values {
		a.Settings[k] = v
	}
	return a
}

func (st *State) value(fact string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.values[fact]
}

// label is the wording a label is shown in now.
func (st *State) label(l string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if r, ok := st.labels[l]; ok {
		return r
	}
	return l
}

func (st *State) named(l string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return !st.unnamed[l]
}

// Expected is every fact the replica shows now, as an honest adapter
// reads it. The public view's facts are there only when a logged-out
// visitor can see the profile.
func (st *State) Expected() map[string]string {
	a := st.Account()
	st.mu.Lock()
	authwall, drop := st.authwall, st.drop
	st.mu.Unlock()
	out := map[string]string{}
	for k, v := range a.Settings {
		out[k] = v
	}
	out[FactSessions] = strconv.Itoa(len(a.Sessions))
	if drop == 0 {
		out[FactConnections] = strconv.Itoa(len(a.Connections))
	}
	out[FactRequests] = strconv.Itoa(len(a.Invitations))
	out[FactProfileKind] = audit.KindProfessional
	if a.Settings[FactPublicProfile] == audit.On && !authwall {
		out[FactPublicName] = a.Name
		out[FactPublicLinks] = strings.Join(a.Websites, " ")
		out[FactPublicContact] = audit.Hidden
		if a.PublicContact {
			out[FactPublicContact] = audit.Visible
		}
	}
	return out
}

// Set changes a setting as the doctor would. The public contact fact is
// changed by editing the About section.
func (st *State) Set(fact, value string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	switch fact {
	case FactConnectionsVisible, FactPublicProfile:
		if value != audit.On && value != audit.Off {
			return fmt.Errorf("linkedin replica: %s is on or off, not %q", fact, value)
		}
		st.values[fact] = value
		return nil
	case FactPublicContact:
		st.acct.PublicContact = value == audit.Visible
		return nil
	}
	s, ok := settingFor(fact)
	if !ok {
		return fmt.Errorf("linkedin replica: no setting %q", fact)
	}
	for _, w := range s.Words {
		if w[0] == value {
			st.values[fact] = value
			return nil
		}
	}
	return fmt.Errorf("linkedin replica: %s has no value %q", fact, value)
}

// RenameLabel rewords a label wherever it is shown.
func (st *State) RenameLabel(old, renamed string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	known := old == labelConnectionVisibility || old == labelPublicVisibility
	for _, s := range allSettings() {
		known = known || s.Label == old
	}
	if known {
		st.labels[old] = renamed
	}
	return known
}

// Unname takes the accessible name off a switch that has no visible label
// of its own (the page's defect on a bad day). It reports whether label is
// such a switch.
func (st *State) Unname(label string) bool {
	if label != labelConnectionVisibility && label != labelPublicVisibility {
		return false
	}
	st.mu.Lock()
	st.unnamed[label] = true
	st.mu.Unlock()
	return true
}

// SetVariant picks the layout of the settings category pages: "a" a list
// of links, "b" cards grouped under headings (an A/B experiment).
func (st *State) SetVariant(v string) error {
	if v != "a" && v != "b" {
		return fmt.Errorf("linkedin replica: no variant %q", v)
	}
	st.mu.Lock()
	st.variant = v
	st.mu.Unlock()
	return nil
}

func (st *State) layout() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.variant
}

// SetAuthwall makes the public profile send logged-out visitors to the
// authwall, as LinkedIn does for many visits.
func (st *State) SetAuthwall(on bool) {
	st.mu.Lock()
	st.authwall = on
	st.mu.Unlock()
}

// DropConnections makes the lazily loaded connections list leave out n
// people while the page still counts them all.
func (st *State) DropConnections(n int) {
	st.mu.Lock()
	st.drop = n
	st.mu.Unlock()
}

// RedirectSettings sends the settings pages to another origin (a
// hijacked link); "" stops it.
func (st *State) RedirectSettings(origin string) {
	st.mu.Lock()
	st.away = origin
	st.mu.Unlock()
}

func (st *State) flags() (authwall bool, drop int, away string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.authwall, st.drop, st.away
}

// AnswerInvitation accepts or ignores a pending invitation.
func (st *State) AnswerInvitation(id string, accept bool) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := slices.IndexFunc(st.acct.Invitations, func(p Person) bool { return p.ID == id })
	if i < 0 {
		return false
	}
	p := st.acct.Invitations[i]
	st.acct.Invitations = slices.Delete(slices.Clone(st.acct.Invitations), i, i+1)
	if accept {
		st.acct.Connections = append([]Person{p}, st.acct.Connections...)
	}
	return true
}

// wordFor is the page word of a setting's value now.
func (st *State) wordFor(s setting) string {
	v := st.value(s.Fact)
	for _, w := range s.Words {
		if w[0] == v {
			return w[1]
		}
	}
	return ""
}

// sortedFacts lists the settings' fact IDs, for tests.
func sortedFacts() []string {
	var out []string
	for _, s := range allSettings() {
		if s.Fact != "" {
			out = append(out, s.Fact)
		}
	}
	out = append(out, FactConnectionsVisible, FactPublicProfile)
	sort.Strings(out)
	return out
}

// ExpireSessions ends every session started so far, as when LinkedIn signs
// a browser out; the browser is still remembered (the picker follows).
func (st *State) ExpireSessions(now time.Time) {
	st.mu.Lock()
	st.expired = now
	st.mu.Unlock()
}

func (st *State) cutoff() time.Time {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.expired
}

// SetPicker chooses the "Welcome back" picker: "" the member's own card
// and "Sign in using another account"; "changed" a colleague's card and
// other words for the plain form.
func (st *State) SetPicker(mode string) {
	st.mu.Lock()
	st.picker = mode
	st.mu.Unlock()
}

func (st *State) pickerMode() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.picker
}

func (st *State) picked(id string) {
	st.mu.Lock()
	st.picks = append(st.picks, id)
	st.mu.Unlock()
}

// Picks are the accounts someone chose on the picker.
func (st *State) Picks() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return slices.Clone(st.picks)
}
