package instagram

import (
	"fmt"
	"strconv"
	"sync"

	"chaperone/audit"
)

// Fact IDs the replica shows.
const (
	FactPrivate       = "instagram.private"
	FactSearchEngine  = "instagram.search_engine"
	FactActivity      = "instagram.activity_status"
	FactTagsWho       = "instagram.tags_who"
	FactTagsManual    = "instagram.tags_manual"
	FactMentions      = "instagram.mentions"
	FactComments      = "instagram.comments"
	FactTwoFactor     = "instagram.two_factor"
	FactSessions      = "instagram.sessions"
	FactFollowers     = "instagram.followers"
	FactFollowing     = "instagram.following"
	FactRequests      = "instagram.pending_requests"
	FactPublicPosts   = "instagram.public_view.posts"
	FactPublicName    = "instagram.public_view.name"
	FactPublicLinks   = "instagram.public_view.links"
	FactProfileKind   = "instagram.profile_kind"
	valueNotOffered   = "not_offered"
	kindPersonal      = "personal"
	kindProfessional  = "professional"
	audienceFollowing = "following"
)

// Radio options of the audience settings: fact value -> page words.
var (
	tagWords = []option{
		{audit.AudienceEveryone, "Allow tags from everyone"},
		{audienceFollowing, "Allow tags from people you follow"},
		{audit.AudienceNobody, "Don't allow tags"},
	}
	mentionWords = []option{
		{audit.AudienceEveryone, "Allow mentions from everyone"},
		{audienceFollowing, "Allow mentions from people you follow"},
		{audit.AudienceNobody, "Don't allow mentions"},
	}
	commentWords = []option{
		{audit.AudienceEveryone, "Everyone"},
		{audienceFollowing, "People you follow"},
		{audit.AudienceFollowers, "Your followers"},
		{"following_and_followers", "People you follow and your followers"},
	}
)

type option struct{ Value, Text string }

// Labels the pages show, by key; RenameLabel rewords them.
var defaultLabels = map[string]string{
	"private":       "Private account",
	"search":        "Allow public photos and videos to appear in search engine results",
	"activity":      "Show activity status",
	"tags_who":      "Who can tag you",
	"tags_manual":   "Manually approve tags",
	"mentions":      "Who can @mention you",
	"comments":      "Allow comments from",
	"two_factor":    "Two-factor authentication",
	"sessions":      "Where you’re logged in",
	"picker_title":  "Select an account",
	"requests":      "Follow requests",
	"private_note":  "This account is private",
	"switch_pro":    "Switch to professional account",
	"switch_person": "Switch to personal account",
}

// PickerMode changes the Accounts Centre account picker (drift tests).
type PickerMode int

// Picker modes.
const (
	// PickerBoth lists the Instagram account and the linked Facebook one.
	PickerBoth PickerMode = iota
	// PickerOtherOnly lists only accounts that are not the Instagram one.
	PickerOtherOnly
	// PickerTwins lists two Instagram accounts with the doctor's name.
	PickerTwins
)

// State is the live Instagram account, safe for concurrent use.
type State struct {
	mu       sync.Mutex
	a        Account
	labels   map[string]string
	settings map[string]string

	// Quirks and drift the tests turn on.
	unnamedPrivate bool       // the private switch loses its aria-label
	picker         PickerMode // the Accounts Centre picker
	listCap        int        // >0: the follow-list API serves at most this many
	publicWall     bool       // a logged-out visitor is sent to the login page
	redirect       string     // every page answers with a redirect here
	privacyB       bool       // the B layout of Account privacy
}

func newState(a Account) *State {
	st := &State{a: a, labels: map[string]string{}, settings: map[string]string{}}
	for k, v := range defaultLabels {
		st.labels[k] = v
	}
	for k, v := range a.Settings {
		st.settings[k] = v
	}
	return st
}

// Account is a copy of the account as it is now.
func (st *State) Account() Account {
	st.mu.Lock()
	defer st.mu.Unlock()
	a := st.a
	a.Settings = map[string]string{}
	for k, v := range st.settings {
		a.Settings[k] = v
	}
	return a
}

// label is the page's current wording of a label key.
func (st *State) label(key string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if v, ok := st.labels[key]; ok {
		return v
	}
	return key
}

// RenameLabel rewords a label wherever it is shown.
func (st *State) RenameLabel(old, renamed string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, v := range st.labels {
		if v == old {
			st.labels[k] = renamed
			return true
		}
	}
	return false
}

// Set changes a setting as the doctor would. Switches take on/off; the
// audience radios their fact values.
func (st *State) Set(id, value string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	ok := false
	switch id {
	case FactPrivate, FactActivity, FactTagsManual, FactTwoFactor:
		ok = value == audit.On || value == audit.Off
	case FactSearchEngine:
		ok = st.a.Professional && (value == audit.On || value == audit.Off)
	case FactTagsWho:
		ok = optionText(tagWords, value) != ""
	case FactMentions:
		ok = optionText(mentionWords, value) != ""
	case FactComments:
		ok = optionText(commentWords, value) != ""
	}
	if !ok {
		return fmt.Errorf("instagram replica: cannot set %s to %q", id, value)
	}
	st.settings[id] = value
	return nil
}

func optionText(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Text
		}
	}
	return ""
}

// UnnamePrivate takes the accessible name off the private switch.
func (st *State) UnnamePrivate() { st.mu.Lock(); st.unnamedPrivate = true; st.mu.Unlock() }

// SetPicker changes what the Accounts Centre picker offers.
func (st *State) SetPicker(m PickerMode) { st.mu.Lock(); st.picker = m; st.mu.Unlock() }

// CapLists makes the follow-list API stop after n people while the
// profile still counts them all (the silent-short list of 2026).
func (st *State) CapLists(n int) { st.mu.Lock(); st.listCap = n; st.mu.Unlock() }

// WallPublic sends logged-out visitors of the profile to the login page.
func (st *State) WallPublic() { st.mu.Lock(); st.publicWall = true; st.mu.Unlock() }

// RedirectAll makes every page redirect to target (another origin).
func (st *State) RedirectAll(target string) { st.mu.Lock(); st.redirect = target; st.mu.Unlock() }

// UsePrivacyB shows the B layout of Account privacy.
func (st *State) UsePrivacyB(on bool) { st.mu.Lock(); st.privacyB = on; st.mu.Unlock() }

func (st *State) quirks() (unnamed bool, picker PickerMode, listCap int, wall bool, redirect string, b bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.unnamedPrivate, st.picker, st.listCap, st.publicWall, st.redirect, st.privacyB
}

// Expected is every fact the replica shows now, as an honest adapter
// reads it.
func (st *State) Expected() map[string]string {
	a := st.Account()
	out := map[string]string{}
	for _, id := range []string{FactPrivate, FactActivity, FactTagsWho, FactTagsManual, FactMentions, FactComments, FactTwoFactor} {
		out[id] = a.Settings[id]
	}
	if a.Professional {
		out[FactSearchEngine] = a.Settings[FactSearchEngine]
		out[FactProfileKind] = kindProfessional
	} else {
		out[FactSearchEngine] = valueNotOffered
		out[FactProfileKind] = kindPersonal
	}
	out[FactSessions] = strconv.Itoa(len(a.Sessions))
	out[FactFollowers] = strconv.Itoa(len(a.Followers))
	out[FactFollowing] = strconv.Itoa(len(a.Following))
	out[FactRequests] = strconv.Itoa(len(a.Requests))
	if a.Settings[FactPrivate] == audit.On {
		out[FactPublicPosts] = audit.Hidden
	} else {
		out[FactPublicPosts] = audit.Visible
	}
	out[FactPublicName] = a.FullName
	out[FactPublicLinks] = a.Link
	return out
}
