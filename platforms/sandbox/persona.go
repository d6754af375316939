package sandbox

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"time"

	"chaperone/audit"
	"chaperone/platforms/otp"
)

// Persona is the fictional doctor whose accounts the sandbox serves.
type Persona struct {
	// Name is how the doctor is addressed, e.g. "Dr Sarah Bennett".
	Name     string
	Role     string
	Practice string
	Town     string
	Facebook FacebookAccount
}

// FacebookAccount is the seed of the Facebook replica: the account, its
// profile, its settings and its people. New copies it; the running state is
// changed through Server.Facebook().
type FacebookAccount struct {
	UserID      string
	Username    string
	DisplayName string
	Email       string
	Phone       string
	Password    string
	// TOTPSecret is the base32 secret of the authenticator app.
	TOTPSecret string

	Workplace string // "Works at ..."
	Town      string // "Lives in ..."
	Hometown  string // "From ..."
	Bio       string

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

// Photo is a picture the sandbox draws itself (no external images).
type Photo struct {
	ID   string
	Kind string // see Photo* kinds
	// Alt is the automatic alternative text the site adds.
	Alt string
}

// Photo kinds the sandbox can draw.
const (
	PhotoXRay      = "xray"
	PhotoLandscape = "landscape"
	PhotoCake      = "cake"
	PhotoDog       = "dog"
	PhotoBike      = "bike"
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

// WatchEntry is a (fictional) patient on the demo watch-list.
type WatchEntry struct {
	Name string
	Town string
}

// Town names of the demo. All fictional.
const (
	demoTown     = "Hollingford"
	demoCounty   = "Wiltshire"
	demoPractice = "Mill Lane Surgery"
)

// DemoWatchlist is the demo practice's patient watch-list: names a doctor
// would not want among their connections. Some appear among the persona's
// friends under a nickname or another spelling, one as a pending request,
// one not at all. All fictional.
func DemoWatchlist() []WatchEntry {
	return []WatchEntry{
		{Name: "Margaret Thornton", Town: demoTown},
		{Name: "Stephen Aldridge", Town: demoTown},
		{Name: "Katherine O'Neill", Town: "Lower Brockley"},
		{Name: "Daniel Whitcombe", Town: demoTown},
		{Name: "Eileen Pargeter", Town: demoTown},
	}
}

// DemoPersona returns the demo GP with a fresh random password and TOTP
// secret, so that no credential is ever written in the source.
func DemoPersona() *Persona {
	fb := FacebookAccount{
		UserID:      "100004527319864",
		Username:    "sarah.bennett.hollingford",
		DisplayName: "Sarah Bennett",
		Email:       "sarah.bennett@example.org",
		Phone:       "+44 7700 900461",
		Password:    randomPassword(),
		TOTPSecret:  otp.NewSecret(),
		Workplace:   demoPractice,
		Town:        demoTown + ", " + demoCounty,
		Hometown:    "Ashcombe Regis, Dorset",
		Bio:         "Family, fells and far too much sourdough. Views my own.",

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
			FactLoginAlerts:    audit.Off,
		},
		Sessions: []Session{
			{ID: "s1", Device: "Linux", Browser: "Chrome", Location: demoTown + ", UK", LastActive: "Active now", Current: true},
			{ID: "s2", Device: "iPad", Browser: "Facebook for iPad", Location: "Leeds, UK", LastActive: "14 weeks ago"},
			{ID: "s3", Device: "Windows PC", Browser: "Microsoft Edge", Location: "Swindon, UK", LastActive: "3 days ago"},
		},
	}
	fb.Friends, fb.Requests = demoPeople()
	fb.Posts, fb.Photos = demoPosts()
	return &Persona{
		Name:     "Dr Sarah Bennett",
		Role:     "GP partner",
		Practice: demoPractice,
		Town:     demoTown,
		Facebook: fb,
	}
}

func randomPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(fmt.Sprintf("crypto/rand: %v", err))
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}
