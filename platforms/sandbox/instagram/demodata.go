package instagram

import (
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
)

// Account is the replica's Instagram account.
type Account struct {
	PK           string // numeric user id, as the API names it
	Username     string
	FullName     string
	Email        string
	Phone        string
	Bio          string
	Link         string // the bio link, https
	Professional bool
	Password     string
	TOTPSecret   string
	Settings     map[string]string
	Followers    []Person
	Following    []Person
	Requests     []Person
	Posts        []Post
	Sessions     []Device
	// Linked is the Facebook profile Accounts Centre lists beside it.
	Linked string
}

// Person is another (fictional) Instagram account.
type Person struct {
	PK       string `json:"pk"`
	Username string `json:"username"`
	FullName string `json:"full_name"`
	Private  bool   `json:"is_private"`
}

// Post is one post with its caption.
type Post struct {
	Code    string
	Caption string
	At      time.Time
	Kind    string // picture drawn: "garden", "xray", "coffee" ...
}

// Device is one place the account is logged in.
type Device struct {
	Device, Place, When string
	Current             bool
}

// DemoAccount is persona p's Instagram: a personal, private account with
// followers and follow requests, some of them patients on the demo
// watch-list under a nickname or another spelling.
func DemoAccount(p *sandbox.Persona) Account {
	sec := p.Secret(audit.Instagram)
	first := strings.ToLower(strings.Fields(p.DisplayName)[0])
	last := strings.ToLower(strings.Fields(p.DisplayName)[len(strings.Fields(p.DisplayName))-1])
	a := Account{
		PK:       "48213377902",
		Username: first + "." + last + ".walks",
		FullName: p.DisplayName,
		Email:    p.Email,
		Phone:    p.Phone,
		Bio:      "Walks, bread and the odd fell race. Views my own.",
		// A club's page: fictional, on a reserved example domain.
		Link:     "https://" + strings.ToLower(p.Town) + "-fellrunners.example/",
		Password: sec.Password,
		// The authenticator is on, so a fresh profile meets the checkpoint.
		TOTPSecret: sec.TOTPSecret,
		Settings: map[string]string{
			FactPrivate:    audit.On,
			FactActivity:   audit.On,
			FactTagsWho:    audit.AudienceEveryone,
			FactTagsManual: audit.Off,
			FactMentions:   audienceFollowing,
			FactComments:   audit.AudienceEveryone,
			FactTwoFactor:  audit.On,
		},
		Linked: p.DisplayName,
	}
	firsts, lasts, towns := sandbox.FirstNames(), sandbox.Surnames(), sandbox.OtherTowns()
	person := func(i int) Person {
		f, l := firsts[(i*7)%len(firsts)], lasts[(i*11)%len(lasts)]
		u := strings.ToLower(f) + "_" + strings.ToLower(l)
		if i%3 == 0 {
			u = strings.ToLower(f[:1]+l) + fmt.Sprint(i%97)
		}
		if i%5 == 0 {
			u += "." + strings.ToLower(strings.ReplaceAll(towns[i%len(towns)], " ", ""))
		}
		return Person{PK: fmt.Sprint(5100000000 + i*7919), Username: u, FullName: f + " " + l, Private: i%4 == 0}
	}
	for i := 0; i < 43; i++ {
		a.Followers = append(a.Followers, person(i))
	}
	for i := 50; i < 81; i++ {
		a.Following = append(a.Following, person(i))
	}
	// Patients on the demo watch-list, under the names they use here.
	a.Followers = append(a.Followers[:17], append([]Person{{PK: "5200000017", Username: "maggie.thornton58", FullName: "Maggie Thornton"}}, a.Followers[17:]...)...)
	a.Following = append(a.Following, Person{PK: "5200000031", Username: "steve_aldridge_hollingford", FullName: "Steve Aldridge"})
	a.Requests = []Person{
		person(90),
		{PK: "5200000044", Username: "kath.oneill", FullName: "Kath O'Neill", Private: true},
		person(91),
	}
	base := time.Date(2025, 11, 20, 18, 30, 0, 0, time.UTC)
	caps := []struct{ kind, text string }{
		{"garden", "First frost on the allotment. The leeks don't mind."},
		{"xray", "Quiet night on call. Mrs P in bed 6 finally settled after her fall, x-ray all clear!"},
		{"coffee", "Sunday bake: sourdough attempt number four."},
		{"hills", "Ridgeway loop with the running club, 14 miles in the drizzle."},
		{"coffee", "Lovely card today from a patient at " + p.Practice + ": little Alfie (DOB 03/04/2019) is back at school after his op."},
		{"garden", "Dahlias are done for the year."},
		{"hills", "Half term walk above " + p.Town + "."},
	}
	for i := 0; i < 15; i++ {
		c := caps[i%len(caps)]
		text := c.text
		if i >= len(caps) {
			text = fmt.Sprintf("Allotment diary, week %d.", i)
		}
		a.Posts = append(a.Posts, Post{Code: fmt.Sprintf("C%03dq%sZ", 300-i, strings.Repeat("x", i%3)), Caption: text, At: base.Add(-time.Duration(i) * 96 * time.Hour), Kind: c.kind})
	}
	a.Sessions = []Device{
		{Device: "Linux · Chrome", Place: p.Town + ", United Kingdom", When: "This device", Current: true},
		{Device: "iPhone 13 · Instagram app", Place: p.Town + ", United Kingdom", When: "2 hours ago"},
		{Device: "Windows · Edge", Place: "Bristol, United Kingdom", When: "3 weeks ago"},
	}
	return a
}
