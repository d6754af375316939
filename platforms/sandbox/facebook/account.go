package facebook

import (
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

// FacebookAccount is the seed of the Facebook replica: the account, its
// profile, its settings and its people. New copies it; the running state is
// changed through Site.State().
type FacebookAccount struct {
	UserID      string
	Username    string
	DisplayName string
	Email       string
	Phone       string
	Password    string
	// TOTPSecret is the base32 secret of the authenticator app.
	TOTPSecret string
	// TwoFactorMethod is the method two-factor authentication uses when it
	// is on (MethodApp, MethodSMS, MethodSecurityKey).
	TwoFactorMethod string
	// InstagramUsername, when set, is the Instagram account linked in
	// Accounts Centre (listed by its account picker).
	InstagramUsername string

	Workplace string // "Works at ..."
	Town      string // "Lives in ..."
	Hometown  string // "From ..."
	Bio       string
	// Websites are Intro's "Websites and social links", each with its
	// own audience.
	Websites []Website

	// Audiences (audit.Audience* values) of the intro items and the photos:
	// what the public view shows.
	WorkplaceAudience string
	TownAudience      string
	HometownAudience  string
	PhotosAudience    string

	// Settings maps canonical fact IDs (facebook.future_posts_audience ...)
	// to normalised values (audit.AudienceFriends, audit.On, audit.Done ...).
	Settings map[string]string

	Friends  []Friend
	Requests []Friend
	Posts    []Post
	Photos   []Photo // album photos not attached to a post
	Sessions []Session
}

// Website is one of the profile's outbound links.
type Website struct {
	URL      string
	Audience string
}

// Friend is another (fictional) account: a friend or a pending request.
type Friend struct {
	ID       string
	Username string // vanity name; empty means /profile.php?id=
	Name     string
	Town     string // "Lives in"; may be empty
	Work     string
	Mutual   int
	Since    time.Time
}

// Post is something the persona published on their timeline.
type Post struct {
	ID       string
	Text     string
	At       time.Time
	Audience string // audit.Audience* value
	Place    string // check-in, may be empty
	Photo    *Photo
}

// Photo is a picture the replica draws itself (no external images).
type Photo struct {
	ID   string
	Kind string // see Photo* kinds
	// Alt is the automatic alternative text the site adds.
	Alt string
}

// Photo kinds the replica can draw.
const (
	PhotoXRay      = replica.PhotoXRay
	PhotoLandscape = replica.PhotoLandscape
	PhotoCake      = replica.PhotoCake
	PhotoDog       = replica.PhotoDog
	PhotoBike      = replica.PhotoBike
)

// Session is one place where the account is logged in.
type Session struct {
	ID         string
	Device     string
	Browser    string
	Location   string
	LastActive string
	Current    bool
}

// DemoAccount is the persona's Facebook account: their profile, settings,
// about 120 friends (some of them patients on the watch-list under another
// spelling), four pending requests and a timeline with a few posts a GP
// should not have published. The password and authenticator secret are
// the persona's for Facebook, random per persona.
func DemoAccount(p *sandbox.Persona) FacebookAccount {
	sec := p.Secret(audit.Facebook)
	a := FacebookAccount{
		UserID:      "100004527319864",
		Username:    "sarah.bennett.hollingford",
		DisplayName: p.DisplayName,
		Email:       p.Email,
		Phone:       p.Phone,
		Password:    sec.Password,
		TOTPSecret:  sec.TOTPSecret,
		Workplace:   p.Practice,
		Town:        p.Place(),
		Hometown:    p.Hometown,
		Bio:         "Family, fells and far too much sourdough. Views my own.",
		Websites:    []Website{{URL: "https://" + strings.ToLower(p.Town) + "-fellrunners.example/", Audience: audit.AudiencePublic}},

		WorkplaceAudience: audit.AudiencePublic,
		TownAudience:      audit.AudiencePublic,
		HometownAudience:  audit.AudienceFriends,
		PhotosAudience:    audit.AudiencePublic,

		Settings: map[string]string{
			FactFuturePosts:    audit.AudiencePublic,
			FactPastPosts:      audit.NotDone,
			FactFriendsList:    audit.AudiencePublic,
			FactFriendRequests: audit.AudienceEveryone,
			FactLookupEmail:    audit.AudienceEveryone,
			FactLookupPhone:    audit.AudienceFriends,
			FactSearchEngines:  audit.On,
			FactTagReview:      audit.Off,
			FactTwoFactor:      audit.On,
			FactLoginAlerts:    AlertsPartial,

			FactTimelineReview:       audit.Off,
			FactTaggedVisibility:     audit.AudienceFriendsOfFriend,
			FactOthersPostVisibility: audit.AudienceFriends,
			FactWhoCanFollow:         audit.AudiencePublic,
			FactFollowersVisibility:  audit.AudiencePublic,
		},
		TwoFactorMethod:   MethodSMS,
		InstagramUsername: "dr.s.bennett",
		Sessions: []Session{
			{ID: "s1", Device: "Linux", Browser: "Chrome", Location: p.Town + ", UK", LastActive: "Active now", Current: true},
			{ID: "s2", Device: "iPad", Browser: "Facebook for iPad", Location: "Leeds, UK", LastActive: "14 weeks ago"},
			{ID: "s3", Device: "Windows PC", Browser: "Microsoft Edge", Location: "Swindon, UK", LastActive: "3 days ago"},
		},
	}
	a.Friends, a.Requests = demoPeople(p)
	a.Posts, a.Photos = demoPosts()
	return a
}
