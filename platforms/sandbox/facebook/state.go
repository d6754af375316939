package facebook

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"chaperone/audit"
)

// Canonical Facebook fact IDs (see audit and platforms.md).
const (
	FactFuturePosts    = "facebook.future_posts_audience"
	FactPastPosts      = "facebook.past_posts_limited"
	FactFriendsList    = "facebook.friends_list_visibility"
	FactFriendRequests = "facebook.friend_requests_from"
	FactLookupEmail    = "facebook.lookup_email"
	FactLookupPhone    = "facebook.lookup_phone"
	FactSearchEngines  = "facebook.search_engine_link"
	FactTagReview      = "facebook.tag_review"
	FactTwoFactor      = "facebook.two_factor"
	FactLoginAlerts    = "facebook.login_alerts"
	FactSessions       = "facebook.sessions"

	// Facts of the 2026 layout only (see platforms-2026.md §1b).
	FactTimelineReview       = "facebook.timeline_review"
	FactTaggedVisibility     = "facebook.tagged_visibility"
	FactOthersPostVisibility = "facebook.others_post_visibility"
	FactWhoCanFollow         = "facebook.who_can_follow"
	FactFollowersVisibility  = "facebook.followers_visibility"
	// FactTwoFactorMethod is the strongest two-factor method turned on
	// (security_key, app, sms) or "none"; Accounts Centre shows it per method.
	FactTwoFactorMethod = "facebook.two_factor_method"

	FactPublicFriends   = "facebook.public_view.friends_list"
	FactPublicPosts     = "facebook.public_view.posts"
	FactPublicWorkplace = "facebook.public_view.workplace"
	FactPublicPhotos    = "facebook.public_view.photos"
	FactPublicHometown  = "facebook.public_view.hometown"
	FactPublicName      = "facebook.public_view.name"
	FactPublicLinks     = "facebook.public_view.links"
)

// settingDef describes one row of a settings page, on both layouts: Tab,
// Section and Label on the legacy one (Tab "" = not there), Tab26,
// Section26 and Label26 on the 2026 one (Tab26 "" = not a settings row
// there: Accounts Centre shows it, or it does not exist).
type settingDef struct {
	Fact    string
	Tab     string // privacy, profile_and_tagging, security
	Section string // heading of the card the row sits in
	Key     string // the real site's legacy section name (composer, canfriend ...)
	Label   string // canonical label; RenameLabel may change what is shown
	Help    string
	Options []string // allowed normalised values, in the order the dialog lists them

	Tab26, Section26, Label26, Help26 string
}

// label is the row's canonical label on a layout.
func (d settingDef) label(l Layout) string {
	if l == Layout2026 && d.Label26 != "" {
		return d.Label26
	}
	return d.Label
}

// on reports whether the row is on tab of layout l.
func (d settingDef) on(l Layout, tab string) bool {
	if l == Layout2026 {
		return d.Tab26 == tab && tab != ""
	}
	return d.Tab == tab && tab != ""
}

// The 2026 labels use the typographic apostrophe, as Meta renders them.
const (
	secHowFind  = "How people find and contact you"
	secSuggest  = "Who can Facebook suggest your profile to based on your phone number or email address?"
	secPosts    = "Posts"
	secTagging  = "Tagging"
	secReview   = "Reviewing"
	secViewing  = "Viewing and sharing"
	secFollower = "Followers and public content"
)

var settingDefs = []settingDef{
	{Fact: FactFuturePosts, Tab: "privacy", Section: "Your activity", Key: "composer",
		Label: "Who can see your future posts?", Help: "Your posts will be shown to this audience until you change it.",
		Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceFriendsExcept, audit.AudienceSpecific, audit.AudienceOnlyMe},
		Tab26:   "posts", Section26: secPosts},
	{Fact: FactPastPosts, Tab: "privacy", Section: "Your activity", Key: "limit_past",
		Label: "Limit who can see past posts", Help: "Limit the audience for posts you've shared with friends of friends or Public?",
		Options: []string{audit.Done},
		Tab26:   "posts", Section26: secPosts, Help26: "Limit the audience for posts you’ve shared with friends of friends or Public."},
	{Fact: FactFriendsList, Tab: "privacy", Section: "How people find and contact you", Key: "friendlist",
		Label: "Who can see your friends list?", Help: "Remember, your friends control who can see their friendships on their own timelines.",
		Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceFriendsExcept, audit.AudienceSpecific, audit.AudienceOnlyMe},
		Tab26:   "how_people_find_and_contact_you", Section26: secHowFind},
	{Fact: FactFriendRequests, Tab: "privacy", Section: "How people find and contact you", Key: "canfriend",
		Label:   "Who can send you friend requests?",
		Options: []string{audit.AudienceEveryone, audit.AudienceFriendsOfFriend},
		Tab26:   "how_people_find_and_contact_you", Section26: secHowFind},
	{Fact: FactLookupEmail, Tab: "privacy", Section: "How people find and contact you", Key: "findemail",
		Label: "Who can look you up using the email address you provided?", Help: "This applies to people who can't see your email address on your profile.",
		Options: []string{audit.AudienceEveryone, audit.AudienceFriendsOfFriend, audit.AudienceFriends, audit.AudienceOnlyMe},
		Tab26:   "how_people_find_and_contact_you", Section26: secSuggest, Label26: "People with your email address"},
	{Fact: FactLookupPhone, Tab: "privacy", Section: "How people find and contact you", Key: "findphone",
		Label: "Who can look you up using the phone number you provided?", Help: "This applies to people who can't see your phone number on your profile.",
		Options: []string{audit.AudienceEveryone, audit.AudienceFriendsOfFriend, audit.AudienceFriends, audit.AudienceOnlyMe},
		Tab26:   "how_people_find_and_contact_you", Section26: secSuggest, Label26: "People with your phone number"},
	{Fact: FactSearchEngines, Tab: "privacy", Section: "How people find and contact you", Key: "search",
		Label: "Do you want search engines outside of Facebook to link to your profile?", Help: "When this setting is on, search engines may link to your profile in their results.",
		Options: []string{audit.On, audit.Off},
		Tab26:   "how_people_find_and_contact_you", Section26: secHowFind},
	{Fact: FactTagReview, Tab: "profile_and_tagging", Section: "Reviewing", Key: "tagreview",
		Label: "Review tags people add to your posts", Help: "Review tags people add to your posts before the tags appear on Facebook.",
		Options: []string{audit.On, audit.Off},
		Tab26:   "profile_and_tagging", Section26: secReview, Label26: "Review tags that friends add to your posts before the tags appear on Facebook?",
		Help26: "When a friend tags your post, the tag won’t appear until you approve it."},
	{Fact: FactTimelineReview, Key: "timelinereview",
		Options: []string{audit.On, audit.Off},
		Tab26:   "profile_and_tagging", Section26: secReview, Label26: "Review posts that you’re tagged in before the post appears on your profile?",
		Help26: "This only controls what’s allowed on your profile. Posts you’re tagged in still appear in search, News Feed and other places on Facebook."},
	{Fact: FactTaggedVisibility, Key: "taggedview",
		Options: []string{audit.AudienceEveryone, audit.AudienceFriendsOfFriend, audit.AudienceFriends, audit.AudienceOnlyMe, audit.AudienceCustom},
		Tab26:   "profile_and_tagging", Section26: secTagging, Label26: "Who can see posts that you’re tagged in on your profile?"},
	{Fact: FactOthersPostVisibility, Tab: "profile_and_tagging", Section: "Viewing and sharing", Key: "wallview",
		Label: "Who can see what others post on your profile?", Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceFriendsExcept, audit.AudienceOnlyMe},
		Tab26: "profile_and_tagging", Section26: secViewing},
	{Fact: FactWhoCanFollow, Key: "canfollow",
		Options: []string{audit.AudiencePublic, audit.AudienceFriends},
		Tab26:   "followers_and_public_content", Section26: secFollower, Label26: "Who can follow me",
		Help26: "Followers see your posts in News Feed. Friends follow your posts by default."},
	{Fact: FactFollowersVisibility, Key: "followersview",
		Options: []string{audit.AudiencePublic, audit.AudienceFriends, audit.AudienceOnlyMe},
		Tab26:   "followers_and_public_content", Section26: secFollower, Label26: "Who can see your followers on your timeline?"},
	{Fact: FactTwoFactor, Tab: "security", Section: "Setting up extra security", Key: "twofac",
		Label: "Two-factor authentication", Help: "We'll ask for a login code from your authentication app if we notice an attempted login from an unrecognised device or browser.",
		Options: []string{audit.On, audit.Off}},
	{Fact: FactLoginAlerts, Tab: "security", Section: "Setting up extra security", Key: "loginalerts",
		Label: "Get alerts about unrecognised logins", Help: "We'll let you know if anyone logs in from a device or browser you don't usually use.",
		Options: []string{audit.On, audit.Off}},
}

func defFor(fact string) (settingDef, bool) {
	for _, d := range settingDefs {
		if d.Fact == fact {
			return d, true
		}
	}
	return settingDef{}, false
}

func defByKey(key string) (settingDef, bool) {
	for _, d := range settingDefs {
		if d.Key == key {
			return d, true
		}
	}
	return settingDef{}, false
}

// State is the live state of the Facebook replica. Every method is
// safe for concurrent use; tests change it while a browser reads the pages.
type State struct {
	mu     sync.RWMutex
	acct   FacebookAccount
	labels map[string]string // canonical label -> label shown
	extra  map[string]string // settings rows that are not facts, by key
	seq    int
	saving Saving // how changes are treated (saving.go)

	layout Layout
	// alerts are the two login-alert channels of Accounts Centre.
	alertsInApp, alertsEmail bool
	// picker is what Accounts Centre's "Select your account" lists.
	picker []PickerAccount
	// unnamed are labels whose control is drawn without its accessible
	// name (the real site's defect, on demand).
	unnamed map[string]bool
	// friendsLimit, when set, is where the friends API stops paging.
	friendsLimit int
}

func newState(a FacebookAccount) *State {
	st := &State{acct: cloneAccount(a), labels: map[string]string{}, extra: map[string]string{}, seq: 1, layout: Layout2026, unnamed: map[string]bool{}}
	if st.acct.Settings == nil {
		st.acct.Settings = map[string]string{}
	}
	if st.acct.TwoFactorMethod == "" {
		st.acct.TwoFactorMethod = MethodApp
	}
	st.picker = defaultPicker(st.acct)
	switch st.acct.Settings[FactLoginAlerts] {
	case audit.On:
		st.alertsInApp, st.alertsEmail = true, true
	case AlertsPartial:
		st.alertsInApp = true
	}
	for _, d := range settingDefs {
		if _, ok := st.acct.Settings[d.Fact]; !ok {
			st.acct.Settings[d.Fact] = d.Options[len(d.Options)-1]
		}
	}
	if _, ok := st.acct.Settings[FactPastPosts]; !ok {
		st.acct.Settings[FactPastPosts] = audit.NotDone
	}
	return st
}

func cloneAccount(a FacebookAccount) FacebookAccount {
	b := a
	b.Settings = make(map[string]string, len(a.Settings))
	for k, v := range a.Settings {
		b.Settings[k] = v
	}
	b.Friends = slices.Clone(a.Friends)
	b.Requests = slices.Clone(a.Requests)
	b.Photos = slices.Clone(a.Photos)
	b.Sessions = slices.Clone(a.Sessions)
	b.Posts = make([]Post, len(a.Posts))
	for i, p := range a.Posts {
		if p.Photo != nil {
			ph := *p.Photo
			p.Photo = &ph
		}
		b.Posts[i] = p
	}
	return b
}

// Account returns a copy of the current account state.
func (f *State) Account() FacebookAccount {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return cloneAccount(f.acct)
}

// Get returns the current normalised value of a fact, as a correct adapter
// should read it.
func (f *State) Get(factID string) (string, bool) {
	v, ok := f.Expected()[factID]
	return v, ok
}

// Expected returns every fact the replica currently shows, keyed by
// canonical ID with normalised values: the ground truth for adapter tests.
func (f *State) Expected() map[string]string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	out := make(map[string]string, 24)
	for k, v := range f.acct.Settings {
		if d, ok := defFor(k); ok && f.layout == LayoutLegacy && d.Tab == "" {
			continue // not on the legacy layout
		}
		out[k] = v
	}
	f.expectedLayoutLocked(out)
	out[FactSessions] = strconv.Itoa(len(f.acct.Sessions))
	out["facebook.pending_requests"] = strconv.Itoa(len(f.acct.Requests))
	out["facebook.connections"] = strconv.Itoa(len(f.acct.Friends))
	vis := func(b bool) string {
		if b {
			return audit.Visible
		}
		return audit.Hidden
	}
	a := &f.acct
	out[FactPublicFriends] = vis(a.Settings[FactFriendsList] == audit.AudiencePublic)
	out[FactPublicPosts] = vis(slices.ContainsFunc(a.Posts, func(p Post) bool { return p.Audience == audit.AudiencePublic }))
	out[FactPublicWorkplace] = vis(a.Workplace != "" && a.WorkplaceAudience == audit.AudiencePublic)
	out[FactPublicPhotos] = vis(a.PhotosAudience == audit.AudiencePublic)
	out[FactPublicHometown] = vis(a.Hometown != "" && a.HometownAudience == audit.AudiencePublic)
	out[FactPublicName] = a.DisplayName
	var links []string
	for _, w := range a.Websites {
		if w.Audience == audit.AudiencePublic {
			links = append(links, w.URL)
		}
	}
	out[FactPublicLinks] = strings.Join(links, " ")
	// "Limit past posts" keeps no state: a correct audit reads "not done"
	// only from public posts a stranger still sees, and nothing otherwise.
	delete(out, FactPastPosts)
	if out[FactPublicPosts] == audit.Visible {
		out[FactPastPosts] = audit.NotDone
	}
	return out
}

// Set changes a fact to a normalised value (audit.AudienceFriends, audit.On,
// audit.Done, audit.Hidden, a session count ...), as if the owner had changed
// it on the site.
func (f *State) Set(factID, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.setLocked(factID, value)
}

func (f *State) setLocked(factID, value string) error {
	a := &f.acct
	if ok, err := f.setSecurityLocked(factID, value); ok {
		return err
	}
	if d, ok := defFor(factID); ok {
		if factID == FactPastPosts {
			switch value {
			case audit.Done:
				f.limitPastPostsLocked()
			case audit.NotDone:
			default:
				return fmt.Errorf("set %s: value %q is not %q or %q", factID, value, audit.Done, audit.NotDone)
			}
			a.Settings[factID] = value
			return nil
		}
		if !slices.Contains(d.Options, value) {
			return fmt.Errorf("set %s: value %q not one of %v", factID, value, d.Options)
		}
		a.Settings[factID] = value
		return nil
	}
	visible := func() (bool, error) {
		switch value {
		case audit.Visible:
			return true, nil
		case audit.Hidden:
			return false, nil
		}
		return false, fmt.Errorf("set %s: value %q is not %q or %q", factID, value, audit.Visible, audit.Hidden)
	}
	aud := func(v bool) string {
		if v {
			return audit.AudiencePublic
		}
		return audit.AudienceFriends
	}
	switch factID {
	case FactSessions:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 50 {
			return fmt.Errorf("set %s: %q is not a session count from 1 to 50", factID, value)
		}
		f.setSessionCountLocked(n)
	case FactPublicFriends:
		v, err := visible()
		if err != nil {
			return err
		}
		a.Settings[FactFriendsList] = aud(v)
	case FactPublicWorkplace:
		v, err := visible()
		if err != nil {
			return err
		}
		a.WorkplaceAudience = aud(v)
	case FactPublicPhotos:
		v, err := visible()
		if err != nil {
			return err
		}
		a.PhotosAudience = aud(v)
	case FactPublicHometown:
		v, err := visible()
		if err != nil {
			return err
		}
		a.HometownAudience = aud(v)
	case FactPublicLinks:
		// The public links become exactly those given (space-separated
		// addresses); the others stay, seen by friends only.
		want := strings.Fields(value)
		for _, u := range want {
			if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
				return fmt.Errorf("set %s: %q is not a web address", factID, u)
			}
		}
		for i := range a.Websites {
			a.Websites[i].Audience = audit.AudienceFriends
		}
		for _, u := range want {
			i := slices.IndexFunc(a.Websites, func(w Website) bool { return w.URL == u })
			if i < 0 {
				a.Websites = append(a.Websites, Website{URL: u})
				i = len(a.Websites) - 1
			}
			a.Websites[i].Audience = audit.AudiencePublic
		}
	case FactPublicPosts:
		v, err := visible()
		if err != nil {
			return err
		}
		if !v {
			f.limitPastPostsLocked()
		} else if !slices.ContainsFunc(a.Posts, func(p Post) bool { return p.Audience == audit.AudiencePublic }) && len(a.Posts) > 0 {
			a.Posts[0].Audience = audit.AudiencePublic
		}
	default:
		return fmt.Errorf("set %s: unknown Facebook fact", factID)
	}
	return nil
}

// limitPastPostsLocked does what the real "Limit past posts" does: posts
// shared with Public or friends of friends become Friends.
func (f *State) limitPastPostsLocked() {
	for i := range f.acct.Posts {
		switch f.acct.Posts[i].Audience {
		case audit.AudiencePublic, audit.AudienceFriendsOfFriend:
			f.acct.Posts[i].Audience = audit.AudienceFriends
		}
	}
}

var extraDevices = []Session{
	{Device: "iPhone", Browser: "Facebook for iPhone", Location: "Bristol, UK", LastActive: "2 hours ago"},
	{Device: "Android", Browser: "Chrome Mobile", Location: "Manchester, UK", LastActive: "5 days ago"},
	{Device: "Mac", Browser: "Safari", Location: "London, UK", LastActive: "3 weeks ago"},
}

func (f *State) setSessionCountLocked(n int) {
	s := f.acct.Sessions
	slices.SortStableFunc(s, func(a, b Session) int {
		switch {
		case a.Current && !b.Current:
			return -1
		case b.Current && !a.Current:
			return 1
		}
		return 0
	})
	for len(s) < n {
		x := extraDevices[len(s)%len(extraDevices)]
		x.ID = f.nextIDLocked("s")
		x.Current = len(s) == 0
		if x.Current {
			x.LastActive = "Active now"
		}
		s = append(s, x)
	}
	f.acct.Sessions = s[:n]
}

func (f *State) nextIDLocked(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s%d%03d", prefix, time.Now().UnixNano()%1e9, f.seq)
}

// RenameLabel changes the text shown for a label everywhere the replica
// shows it, to simulate the site rewording its settings. It reports whether
// old was a label currently shown.
func (f *State) RenameLabel(old, renamed string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	found := false
	for canon, shown := range f.labels {
		if shown == old {
			f.labels[canon] = renamed
			found = true
		}
	}
	if found {
		return true
	}
	for _, c := range knownLabels() {
		if c == old {
			if _, done := f.labels[c]; !done {
				f.labels[c] = renamed
				return true
			}
		}
	}
	return false
}

// label returns the text currently shown for a canonical label.
func (f *State) label(canon string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.labelLocked(canon)
}

func (f *State) labelLocked(canon string) string {
	if s, ok := f.labels[canon]; ok {
		return s
	}
	return canon
}

// knownLabels lists every label that RenameLabel can change.
func knownLabels() []string {
	out := []string{"Where you're logged in", "Where you’re logged in", "Friends", "Photos", "Intro", "Email address or phone number", "Password", "Log in"}
	for _, d := range settingDefs {
		if d.Label != "" {
			out = append(out, d.Label)
		}
		if d.Label26 != "" {
			out = append(out, d.Label26)
		}
	}
	return append(out, accountsCentreLabels...)
}

// AddPost publishes a post and returns its ID. A zero At means now; an empty
// Audience means the current default audience for future posts.
func (f *State) AddPost(p Post) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if p.ID == "" {
		p.ID = f.nextIDLocked("")
	}
	if p.At.IsZero() {
		p.At = time.Now().UTC().Truncate(time.Minute)
	}
	if p.Audience == "" {
		p.Audience = f.acct.Settings[FactFuturePosts]
	}
	if p.Photo != nil {
		ph := *p.Photo
		if ph.ID == "" {
			ph.ID = "p" + p.ID
		}
		p.Photo = &ph
	}
	f.acct.Posts = append(f.acct.Posts, p)
	slices.SortStableFunc(f.acct.Posts, func(a, b Post) int { return b.At.Compare(a.At) })
	return p.ID
}

// AddFriend adds a friend at the top of the list and returns its ID.
func (f *State) AddFriend(fr Friend) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	fr = f.fillFriendLocked(fr)
	f.acct.Friends = append([]Friend{fr}, f.acct.Friends...)
	return fr.ID
}

// AddRequest adds a pending incoming friend request and returns its ID.
func (f *State) AddRequest(fr Friend) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	fr = f.fillFriendLocked(fr)
	f.acct.Requests = append([]Friend{fr}, f.acct.Requests...)
	return fr.ID
}

func (f *State) fillFriendLocked(fr Friend) Friend {
	if fr.ID == "" {
		fr.ID = "1000" + f.nextIDLocked("")
	}
	if fr.Since.IsZero() {
		fr.Since = time.Now().UTC().Truncate(time.Minute)
	}
	return fr
}

// RemoveFriend unfriends the friend with the given ID.
func (f *State) RemoveFriend(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.acct.Friends)
	f.acct.Friends = slices.DeleteFunc(f.acct.Friends, func(x Friend) bool { return x.ID == id })
	return len(f.acct.Friends) < n
}

// AnswerRequest confirms (accept=true) or deletes a pending request.
func (f *State) AnswerRequest(id string, accept bool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := slices.IndexFunc(f.acct.Requests, func(x Friend) bool { return x.ID == id })
	if i < 0 {
		return false
	}
	r := f.acct.Requests[i]
	f.acct.Requests = slices.Delete(f.acct.Requests, i, i+1)
	if accept {
		r.Since = time.Now().UTC().Truncate(time.Minute)
		f.acct.Friends = append([]Friend{r}, f.acct.Friends...)
	}
	return true
}

// LogOutSession ends one listed session; "all" ends every session but the
// current one.
func (f *State) LogOutSession(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.acct.Sessions)
	f.acct.Sessions = slices.DeleteFunc(f.acct.Sessions, func(s Session) bool {
		return !s.Current && (id == "all" || s.ID == id)
	})
	return len(f.acct.Sessions) < n
}

// SetPostAudience changes who can see one post.
func (f *State) SetPostAudience(id, audience string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := audienceWords[audience]; !ok {
		return fmt.Errorf("post audience: unknown value %q", audience)
	}
	for i := range f.acct.Posts {
		if f.acct.Posts[i].ID == id {
			f.acct.Posts[i].Audience = audience
			return nil
		}
	}
	return fmt.Errorf("post audience: no post %q", id)
}

// DeletePost removes a post.
func (f *State) DeletePost(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.acct.Posts)
	f.acct.Posts = slices.DeleteFunc(f.acct.Posts, func(p Post) bool { return p.ID == id })
	return len(f.acct.Posts) < n
}

// audienceWords are the real site's words for each audience value.
var audienceWords = map[string]string{
	audit.AudiencePublic:          "Public",
	audit.AudienceFriendsOfFriend: "Friends of friends",
	audit.AudienceFriends:         "Friends",
	audit.AudienceFriendsExcept:   "Friends except...",
	audit.AudienceSpecific:        "Specific friends",
	audit.AudienceOnlyMe:          "Only me",
	audit.AudienceCustom:          "Custom",
	audit.AudienceEveryone:        "Everyone",
}

// valueWord is how the site shows a normalised value in a settings row.
func valueWord(fact, v string) string {
	switch fact {
	case FactSearchEngines:
		if v == audit.On {
			return "Yes"
		}
		return "No"
	case FactPastPosts:
		if v == audit.Done {
			return "Limited"
		}
		return "Not limited"
	}
	switch v {
	case audit.On:
		return "On"
	case audit.Off:
		return "Off"
	}
	if w, ok := audienceWords[v]; ok {
		return w
	}
	return v
}
