// Package audit holds what an audit is made of, in plain Go: the snapshot of
// facts read from a doctor's accounts, the checks run over it, the findings
// they produce, the guideline they are scored against and the score.
//
// Nothing here knows about browsers or windows; adapters in platforms/ fill a
// Snapshot and the app shows a Result.
package audit

import (
	"slices"
	"sort"
	"time"
)

// Schema is the version of the JSON form of Snapshot and Result. Bump it when
// a field changes meaning; readers reject a schema they do not know.
const Schema = 1

// Platform names a social network by its canonical lower-case ID, the prefix
// of its fact IDs ("facebook.two_factor").
type Platform string

// The platforms Chaperone knows about, in the order the app lists them.
const (
	Facebook  Platform = "facebook"
	Instagram Platform = "instagram"
	X         Platform = "x"
	LinkedIn  Platform = "linkedin"
	TikTok    Platform = "tiktok"
	WhatsApp  Platform = "whatsapp"
)

// Platforms lists every known platform in display order.
var Platforms = []Platform{Facebook, Instagram, X, LinkedIn, TikTok, WhatsApp}

// KeepsRequests reports whether the network holds connection requests
// (friend, follow or connection requests) waiting for an answer. WhatsApp
// keeps none: anyone with the number can write, and their chat is the
// request, which the connection checks read as a contact.
func (p Platform) KeepsRequests() bool { return p != WhatsApp }

// ChatLinks are how a link to one of the network's accounts begins, for
// a network whose accounts have no profile page to link to: a WhatsApp
// account is a phone number, and a link to it opens a chat with that
// number. Forms are lower case, without a scheme's "https://" or "www.".
// Group invitations and the network's own pages are not among them:
// they lead to no one's account.
func (p Platform) ChatLinks() []string {
	if p == WhatsApp {
		return []string{"wa.me/", "api.whatsapp.com/send", "web.whatsapp.com/send", "whatsapp://send"}
	}
	return nil
}

// DisplayName is the platform's name as its users write it.
func (p Platform) DisplayName() string {
	switch p {
	case Facebook:
		return "Facebook"
	case Instagram:
		return "Instagram"
	case X:
		return "X"
	case LinkedIn:
		return "LinkedIn"
	case TikTok:
		return "TikTok"
	case WhatsApp:
		return "WhatsApp"
	}
	return string(p)
}

// Source says how a fact was learned.
type Source string

const (
	// SourceSettings is a logged-in settings page.
	SourceSettings Source = "settings"
	// SourcePublicView is the profile as a logged-out stranger sees it.
	SourcePublicView Source = "public_view"
	// SourceExport is the platform's "download your information" archive.
	SourceExport Source = "export"
)

// Fact is one setting or observation, keyed by a canonical ID from
// platforms.md such as "facebook.future_posts_audience".
//
// Value is normalised so that checks need not know page wording: audiences
// use the Audience* constants, switches use On/Off, anything else is the
// lower-cased text. Raw keeps what the page actually said.
type Fact struct {
	ID       string    `json:"id"`
	Value    string    `json:"value"`
	Raw      string    `json:"raw,omitempty"`
	Source   Source    `json:"source"`
	URL      string    `json:"url,omitempty"`
	At       time.Time `json:"at"`
	Evidence string    `json:"evidence,omitempty"`
	// Screenshot is a path to a PNG of the page region the fact was read
	// from, kept beside the audit; empty when there is none.
	Screenshot string `json:"screenshot,omitempty"`
}

// Normalised fact values shared by every platform.
const (
	On  = "on"
	Off = "off"

	AudiencePublic          = "public"
	AudienceFriendsOfFriend = "friends_of_friends"
	AudienceFriends         = "friends"
	AudienceFriendsExcept   = "friends_except"
	AudienceSpecific        = "specific"
	AudienceOnlyMe          = "only_me"
	AudienceCustom          = "custom"
	AudienceContacts        = "contacts"
	AudienceContactsExcept  = "contacts_except"
	AudienceNobody          = "nobody"
	AudienceEveryone        = "everyone"
	AudienceFollowers       = "followers"

	Done    = "done"
	NotDone = "not_done"

	// Visible and Hidden describe what a logged-out stranger can see.
	Visible = "visible"
	Hidden  = "hidden"
)

// Post is something the doctor published, as far as it could be read.
type Post struct {
	Platform Platform  `json:"platform"`
	ID       string    `json:"id"`
	URL      string    `json:"url,omitempty"`
	Text     string    `json:"text"`
	At       time.Time `json:"at,omitempty"`
	// Audience is who can see the post (Audience* values); empty if unknown.
	Audience string  `json:"audience,omitempty"`
	Images   []Image `json:"images,omitempty"`
	Source   Source  `json:"source"`
	// Public is true when the post was seen in the logged-out public view.
	Public bool `json:"public,omitempty"`
}

// Image is a picture attached to a post. The pixels are never stored in the
// snapshot; File, when set, is a local copy the scanner may read.
type Image struct {
	URL  string `json:"url,omitempty"`
	Alt  string `json:"alt,omitempty"`
	File string `json:"file,omitempty"`
}

// Connection is a friend, follower, followed account or pending request.
type Connection struct {
	Platform Platform `json:"platform"`
	Kind     string   `json:"kind"` // see Conn* constants
	Name     string   `json:"name"`
	Handle   string   `json:"handle,omitempty"`
	URL      string   `json:"url,omitempty"`
	Location string   `json:"location,omitempty"`
	// Since is when the connection was made; zero when unknown.
	Since time.Time `json:"since,omitempty"`
	// Mutual is the number of mutual friends, or -1 when unknown.
	Mutual int `json:"mutual"`
}

// Connection kinds.
const (
	ConnFriend    = "friend"
	ConnFollower  = "follower"
	ConnFollowing = "following"
	ConnRequest   = "request" // pending incoming request
)

// Session is one place where the account is logged in.
type Session struct {
	Platform   Platform `json:"platform"`
	Device     string   `json:"device"`
	Location   string   `json:"location,omitempty"`
	LastActive string   `json:"last_active,omitempty"`
	Current    bool     `json:"current,omitempty"`
}

// Coverage says how far an adapter got on one platform. A platform that is
// not in Snapshot.Coverage was not audited at all and gets no findings.
type Coverage struct {
	Platform Platform  `json:"platform"`
	Account  string    `json:"account,omitempty"`
	BaseURL  string    `json:"base_url,omitempty"`
	Profile  string    `json:"profile_url,omitempty"`
	Source   Source    `json:"source"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Downloaded is when a data download (Source export) was made, as its
	// files are dated; zero for live audits and undated archives.
	Downloaded time.Time `json:"downloaded,omitzero"`
	// Error is set when the platform could not be read (login wall,
	// Chromium missing, timeout, a step that failed part way). Such a
	// platform is not audited: it gets no findings and no score, and
	// whatever it read before it stopped stays in the snapshot unscored.
	Error string `json:"error,omitempty"`
	// Problem classifies Error for the app and the report.
	Problem Problem `json:"problem,omitempty"`
	// Missing maps a fact ID the adapter tried and failed to read to why.
	Missing map[string]string `json:"missing,omitempty"`
	// PagesHTTPS lists every page the audit visited with whether it was
	// served over a secure, valid connection.
	Pages []Page `json:"pages,omitempty"`
}

// Page is one URL visited during an audit, for the connection-security check.
type Page struct {
	URL    string `json:"url"`
	Secure bool   `json:"secure"`
	// Why says what made the page insecure (plain http, bad certificate),
	// or that it was a loopback sandbox page.
	Why string `json:"why,omitempty"`
}

// Snapshot is everything read from the doctor's accounts in one audit.
type Snapshot struct {
	Schema          int             `json:"schema"`
	TakenAt         time.Time       `json:"taken_at"`
	Coverage        []Coverage      `json:"coverage"`
	Facts           map[string]Fact `json:"facts"`
	Posts           []Post          `json:"posts,omitempty"`
	Connections     []Connection    `json:"connections,omitempty"`
	PendingRequests []Connection    `json:"pending_requests,omitempty"`
	Sessions        []Session       `json:"sessions,omitempty"`
	// Actions are the changes made for the doctor after the audit (see
	// Action), kept with it for the appraisal record.
	Actions []Action `json:"actions,omitempty"`
}

// NewSnapshot returns an empty snapshot stamped with now.
func NewSnapshot(now time.Time) *Snapshot {
	return &Snapshot{Schema: Schema, TakenAt: now.UTC(), Facts: map[string]Fact{}}
}

// Fact returns the fact with the given ID, if it was read.
func (s *Snapshot) Fact(id string) (Fact, bool) {
	f, ok := s.Facts[id]
	return f, ok
}

// SetFact records a fact, replacing an earlier one with the same ID.
func (s *Snapshot) SetFact(f Fact) {
	if s.Facts == nil {
		s.Facts = map[string]Fact{}
	}
	s.Facts[f.ID] = f
}

// CoverageFor returns the coverage record for p, or nil if p was not audited.
func (s *Snapshot) CoverageFor(p Platform) *Coverage {
	for i := range s.Coverage {
		if s.Coverage[i].Platform == p {
			return &s.Coverage[i]
		}
	}
	return nil
}

// Read reports whether the platform was read to the end. A platform that
// stopped part way is not: its checks would be scored on half a reading.
func (c *Coverage) Read() bool { return c != nil && c.Error == "" }

// NotAuditedInfo is c as a platform that was not audited, in plain words.
func (c *Coverage) NotAuditedInfo() NotAudited {
	pr := c.Problem
	if pr == "" {
		pr = ProblemFailed
	}
	reason, action := pr.Explain(c.Platform.DisplayName())
	return NotAudited{Platform: c.Platform, Account: c.Account, Problem: pr, Reason: reason, Action: action, Detail: c.Error}
}

// Chosen lists every platform the audit set out to read, in display order.
func (s *Snapshot) Chosen() []Platform {
	return s.platforms(func(*Coverage) bool { return true })
}

// Audited lists the platforms that were read, in display order: only
// these get findings and scores.
func (s *Snapshot) Audited() []Platform {
	return s.platforms((*Coverage).Read)
}

func (s *Snapshot) platforms(keep func(*Coverage) bool) []Platform {
	if s == nil {
		return nil
	}
	var out []Platform
	for i := range s.Coverage {
		c := &s.Coverage[i]
		if keep(c) && !slices.Contains(out, c.Platform) {
			out = append(out, c.Platform)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return platformIndex(out[i]) < platformIndex(out[j]) })
	return out
}

// NotAudited lists the chosen platforms that could not be read, with why
// and what to do, in display order.
func (s *Snapshot) NotAudited() []NotAudited {
	if s == nil {
		return nil
	}
	var out []NotAudited
	for _, p := range s.Chosen() {
		if c := s.CoverageFor(p); !c.Read() {
			out = append(out, c.NotAuditedInfo())
		}
	}
	return out
}

// Merge adds other's data into s; used to combine per-platform snapshots
// gathered in parallel tabs.
func (s *Snapshot) Merge(other *Snapshot) {
	for _, f := range other.Facts {
		s.SetFact(f)
	}
	s.Coverage = append(s.Coverage, other.Coverage...)
	sort.SliceStable(s.Coverage, func(i, j int) bool {
		return platformIndex(s.Coverage[i].Platform) < platformIndex(s.Coverage[j].Platform)
	})
	s.Posts = append(s.Posts, other.Posts...)
	s.Connections = append(s.Connections, other.Connections...)
	s.PendingRequests = append(s.PendingRequests, other.PendingRequests...)
	s.Sessions = append(s.Sessions, other.Sessions...)
	s.Actions = append(s.Actions, other.Actions...)
}

func platformIndex(p Platform) int {
	for i, q := range Platforms {
		if q == p {
			return i
		}
	}
	return len(Platforms)
}
