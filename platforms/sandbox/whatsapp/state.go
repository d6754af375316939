package whatsapp

import (
	"fmt"
	"slices"
	"strconv"
	"sync"

	"chaperone/audit"
)

// Fact IDs the replica shows (see assets/platforms/whatsapp.json).
const (
	FactLastSeen         = "whatsapp.last_seen"
	FactOnline           = "whatsapp.online"
	FactProfilePhoto     = "whatsapp.profile_photo"
	FactAbout            = "whatsapp.about"
	FactLinks            = "whatsapp.links"
	FactStatus           = "whatsapp.status"
	FactGroups           = "whatsapp.groups"
	FactReadReceipts     = "whatsapp.read_receipts"
	FactDefaultTimer     = "whatsapp.default_timer"
	FactSilenceCallers   = "whatsapp.silence_unknown_callers"
	FactBlockUnknown     = "whatsapp.block_unknown_messages"
	FactNoLinkPreviews   = "whatsapp.disable_link_previews"
	FactConnections      = "whatsapp.connections"
	FactGroupChats       = "whatsapp.group_chats"
	FactClinicalGroups   = "whatsapp.clinical_groups"
	FactTwoFactor        = "whatsapp.two_factor"
	FactLinkedDevices    = "whatsapp.linked_devices"
	valueOnlyShareWith   = audit.AudienceSpecific
	valueSameAsLastSeen  = "same_as_last_seen"
	valueTimer24h        = "24_hours"
	valueTimer7d         = "7_days"
	valueTimer90d        = "90_days"
	panelPrivacy         = "privacy"
	panelLastSeen        = "last_seen"
	panelCalls           = "calls"
	panelStatus          = "status"
	panelAdvanced        = "advanced"
	kindChoice           = "choice"
	kindToggle           = "toggle"
	kindRadio            = "radio"
	kindLink             = "panel"
	variantRail          = "rail"
	variantMenu          = "menu"
	defaultChatsPageSize = 18
)

// words are the option texts as the site shows them, by normalised value.
var words = map[string]string{
	audit.AudienceEveryone:       "Everyone",
	audit.AudienceContacts:       "My contacts",
	audit.AudienceContactsExcept: "My contacts except...",
	audit.AudienceNobody:         "Nobody",
	valueOnlyShareWith:           "Only share with...",
	valueSameAsLastSeen:          "Same as last seen",
	audit.Off:                    "Off",
	valueTimer24h:                "24 hours",
	valueTimer7d:                 "7 days",
	valueTimer90d:                "90 days",
}

// settingDef is one setting: where it is, its label and its options.
type settingDef struct {
	Fact, Panel, Section, Label, Help, Kind string
	Options                                 []string
	// Opens is the sub-panel a row of the privacy list opens.
	Opens string
}

var audiences = []string{audit.AudienceEveryone, audit.AudienceContacts, audit.AudienceContactsExcept, audit.AudienceNobody}

var settingDefs = []settingDef{
	{Fact: FactLastSeen, Panel: panelPrivacy, Section: "Who can see my personal info", Label: "Last seen and online", Kind: kindChoice, Options: audiences, Opens: panelLastSeen},
	{Fact: FactProfilePhoto, Panel: panelPrivacy, Section: "Who can see my personal info", Label: "Profile photo", Kind: kindChoice, Options: audiences},
	{Fact: FactAbout, Panel: panelPrivacy, Section: "Who can see my personal info", Label: "About", Kind: kindChoice, Options: audiences},
	{Fact: FactLinks, Panel: panelPrivacy, Section: "Who can see my personal info", Label: "Links", Kind: kindChoice, Options: audiences},
	{Fact: FactStatus, Panel: panelStatus, Label: "Who can see my status updates", Kind: kindRadio, Options: []string{audit.AudienceContacts, audit.AudienceContactsExcept, valueOnlyShareWith}},
	{Fact: FactReadReceipts, Panel: panelPrivacy, Section: "Who can see my personal info", Label: "Read receipts", Help: "If turned off, you won't send or receive Read receipts. Read receipts are always sent for group chats.", Kind: kindToggle},
	{Fact: FactDefaultTimer, Panel: panelPrivacy, Section: "Disappearing messages", Label: "Default message timer", Help: "Start new chats with disappearing messages set to your timer", Kind: kindChoice, Options: []string{valueTimer24h, valueTimer7d, valueTimer90d, audit.Off}},
	{Fact: FactGroups, Panel: panelPrivacy, Section: "", Label: "Groups", Kind: kindChoice, Options: []string{audit.AudienceEveryone, audit.AudienceContacts, audit.AudienceContactsExcept}},
	{Fact: FactOnline, Panel: panelLastSeen, Label: "Who can see when I'm online", Kind: kindRadio, Options: []string{audit.AudienceEveryone, valueSameAsLastSeen}},
	{Fact: FactSilenceCallers, Panel: panelCalls, Label: "Silence unknown callers", Help: "Calls from unknown numbers will be silenced. They will still be shown in the Calls tab and in your notifications.", Kind: kindToggle},
	{Fact: FactBlockUnknown, Panel: panelAdvanced, Label: "Block unknown account messages", Help: "To protect your account and improve device performance, WhatsApp will block messages from unknown accounts if they exceed a certain volume.", Kind: kindToggle},
	{Fact: FactNoLinkPreviews, Panel: panelAdvanced, Label: "Disable link previews", Help: "To help protect your IP address from being inferred by third-party websites, previews for the links you share in chats will no longer be generated.", Kind: kindToggle},
}

// extraRows are rows of the privacy list that are not audited facts.
var extraRows = []struct{ Section, Label, Value, Opens string }{
	{"Who can see my personal info", "Status", "", panelStatus},
	{"", "Calls", "", panelCalls},
	{"", "Blocked contacts", "3", ""},
	{"", "App lock", "Off", ""},
	{"", "Advanced", "", panelAdvanced},
	{"", "Privacy checkup", "", ""},
}

func defFor(fact string) (settingDef, bool) {
	for _, d := range settingDefs {
		if d.Fact == fact {
			return d, true
		}
	}
	return settingDef{}, false
}

// Chat is one chat of the chat list.
type Chat struct {
	ID      string
	Name    string
	Group   bool
	Members int
	Preview string
	Time    string
	Unread  int
	// Clinical marks a group whose name says it is a clinical team's
	// chat: the ground truth for the audit's flag.
	Clinical bool
}

// StatusUpdate is one of the doctor's own status updates.
type StatusUpdate struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	When string `json:"when"`
}

// Account is the replica's WhatsApp account.
type Account struct {
	Name     string
	Phone    string
	About    string
	Settings map[string]string
	Chats    []Chat
	Statuses []StatusUpdate
}

// State is the live state of the replica; safe for concurrent use.
type State struct {
	mu      sync.RWMutex
	acct    Account
	labels  map[string]string // canonical label or button name -> shown
	unnamed map[string]bool   // accessible names removed from controls
	variant string
	// shortList makes the chat list's JSON stop a page early while the
	// grid still counts every chat (a list shorter than its count).
	shortList   bool
	otherWindow bool
}

func newState(a Account, variant string) *State {
	st := &State{acct: a, labels: map[string]string{}, unnamed: map[string]bool{}, variant: variant}
	st.acct.Settings = map[string]string{}
	for k, v := range a.Settings {
		st.acct.Settings[k] = v
	}
	st.acct.Chats = slices.Clone(a.Chats)
	st.acct.Statuses = slices.Clone(a.Statuses)
	for _, d := range settingDefs {
		if _, ok := st.acct.Settings[d.Fact]; ok {
			continue
		}
		if d.Kind == kindToggle {
			st.acct.Settings[d.Fact] = audit.Off
		} else {
			st.acct.Settings[d.Fact] = d.Options[0]
		}
	}
	return st
}

// Account is a copy of the account as it is now.
func (st *State) Account() Account {
	st.mu.RLock()
	defer st.mu.RUnlock()
	a := st.acct
	a.Settings = map[string]string{}
	for k, v := range st.acct.Settings {
		a.Settings[k] = v
	}
	a.Chats = slices.Clone(st.acct.Chats)
	a.Statuses = slices.Clone(st.acct.Statuses)
	return a
}

// Get is a setting's value now.
func (st *State) Get(fact string) string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.acct.Settings[fact]
}

// Set changes a setting as the doctor would on the phone.
func (st *State) Set(fact, value string) error {
	d, ok := defFor(fact)
	if !ok {
		return fmt.Errorf("whatsapp replica: no setting %q", fact)
	}
	okv := slices.Contains(d.Options, value)
	if d.Kind == kindToggle {
		okv = value == audit.On || value == audit.Off
	}
	if !okv {
		return fmt.Errorf("whatsapp replica: %s cannot be %q", fact, value)
	}
	st.mu.Lock()
	st.acct.Settings[fact] = value
	st.mu.Unlock()
	return nil
}

// RenameLabel rewords a label or a button's name wherever it is shown.
func (st *State) RenameLabel(old, renamed string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.knownLocked(old) {
		return false
	}
	st.labels[old] = renamed
	return true
}

func (st *State) knownLocked(label string) bool {
	for _, d := range settingDefs {
		if d.Label == label {
			return true
		}
	}
	for _, r := range extraRows {
		if r.Label == label {
			return true
		}
	}
	return slices.Contains(controlNames, label)
}

// controlNames are the buttons whose names RenameLabel and Unname change.
var controlNames = []string{"Settings", "Menu", "Privacy", "Profile", "Status", "Chats", "Use here", "Groups", "All", "Back"}

// Unname takes the accessible name off a named control (an icon button
// that loses its aria-label), as a redesign can.
func (st *State) Unname(name string) bool {
	if !slices.Contains(controlNames, name) {
		return false
	}
	st.mu.Lock()
	st.unnamed[name] = true
	st.mu.Unlock()
	return true
}

// label is what the page shows for a canonical label.
func (st *State) label(l string) string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.labelLocked(l)
}

func (st *State) labelLocked(l string) string {
	if v, ok := st.labels[l]; ok {
		return v
	}
	return l
}

// ariaName is the aria-label a control carries: "" once unnamed.
func (st *State) ariaName(name string) string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.unnamed[name] {
		return ""
	}
	return st.labelLocked(name)
}

// SetVariant chooses the layout: "rail" (Settings in the left bar) or
// "menu" (Settings in the ⋮ menu of the chat list).
func (st *State) SetVariant(v string) error {
	if v != variantRail && v != variantMenu {
		return fmt.Errorf("whatsapp replica: no variant %q", v)
	}
	st.mu.Lock()
	st.variant = v
	st.mu.Unlock()
	return nil
}

// Variant is the layout shown.
func (st *State) Variant() string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.variant
}

// SetShortList makes the chat list's JSON end early while the grid still
// counts every chat.
func (st *State) SetShortList(on bool) {
	st.mu.Lock()
	st.shortList = on
	st.mu.Unlock()
}

// SetOtherWindow makes WhatsApp open "in another window", so the app asks
// which window to use first.
func (st *State) SetOtherWindow(on bool) {
	st.mu.Lock()
	st.otherWindow = on
	st.mu.Unlock()
}

func (st *State) inOtherWindow() bool {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.otherWindow
}

func (st *State) takeOver() {
	st.mu.Lock()
	st.otherWindow = false
	st.mu.Unlock()
}

// chats lists the chats a filter shows: "all" or "groups".
func (st *State) chats(filter string) []Chat {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []Chat
	for _, c := range st.acct.Chats {
		if filter == "groups" && !c.Group {
			continue
		}
		out = append(out, c)
	}
	return out
}

// Expected is every fact an honest adapter must read now.
func (st *State) Expected() map[string]string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := map[string]string{}
	for k, v := range st.acct.Settings {
		out[k] = v
	}
	people, groups, clinical := 0, 0, 0
	for _, c := range st.acct.Chats {
		if !c.Group {
			people++
			continue
		}
		groups++
		if c.Clinical {
			clinical++
		}
	}
	out[FactConnections] = strconv.Itoa(people)
	out[FactGroupChats] = strconv.Itoa(groups)
	out[FactClinicalGroups] = "none"
	if clinical > 0 {
		out[FactClinicalGroups] = "some"
	}
	return out
}
