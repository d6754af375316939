package linkedin

import (
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
)

// Person is a connection or someone inviting the doctor to connect. All
// fictional.
type Person struct {
	ID       string
	Slug     string // /in/<slug>/
	Name     string
	Headline string
	Town     string
	Mutual   int
	Since    time.Time
}

// Post is one of the doctor's posts (a share), seen by anyone or by
// connections only.
type Post struct {
	ID       string // the activity number in urn:li:activity:<ID>
	Text     string
	At       time.Time
	Audience string // audit.AudiencePublic or audit.AudienceFriends (connections)
}

// SessionRow is one place the account is signed in.
type SessionRow struct {
	Browser string
	Device  string
	Place   string
	Active  string // "Active now", "Active 3 days ago"
	Current bool
}

// Account is the replica's LinkedIn member.
type Account struct {
	ID       string
	Slug     string
	Name     string
	Headline string
	Town     string
	Email    string
	Phone    string
	About    string
	// PublicContact puts the personal email address in the public About.
	PublicContact bool
	Employer      string
	School        string
	Websites      []string
	Password      string
	TOTPSecret    string
	Settings      map[string]string
	Connections   []Person
	Invitations   []Person
	Posts         []Post
	Sessions      []SessionRow
}

// demoEpoch is the day the demo's dates count back from.
var demoEpoch = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// DemoAccount is the persona's LinkedIn: a professional profile with a
// public page, 57 connections (two of them patients on the watch-list,
// under a nickname and another spelling), three invitations (one from a
// watch-list patient) and posts, two of which the scanner should flag.
func DemoAccount(p *sandbox.Persona) Account {
	sec := p.Secret(audit.LinkedIn)
	slug := strings.ToLower(strings.ReplaceAll(p.DisplayName, " ", "-")) + "-4b1a27"
	a := Account{
		ID: "ACoAAB7x9k", Slug: slug, Name: p.DisplayName,
		Headline: p.Role + " at " + p.Practice,
		Town:     p.Town + ", England, United Kingdom",
		Email:    p.Email, Phone: p.Phone,
		Employer: p.Practice, School: "University of Bristol",
		Websites:      []string{"https://mill-lane-surgery.example/"},
		PublicContact: true,
		Password:      sec.Password, TOTPSecret: sec.TOTPSecret,
		Settings: map[string]string{
			FactConnectionsVisible: audit.On,
			FactPublicProfile:      audit.On,
			FactEmailVisible:       "1st_degree_connections",
			FactDiscoverEmail:      "anyone",
			FactDiscoverPhone:      "everyone",
			FactFollowers:          "everyone",
			FactProfileViewing:     "name",
			FactActiveStatus:       "connections",
			FactTwoFactor:          audit.On,
		},
	}
	a.About = "GP partner in " + p.Town + " with an interest in frailty and end-of-life care. Trainer for the local GP specialty training scheme."
	first, sur, towns := sandbox.FirstNames(), sandbox.Surnames(), sandbox.OtherTowns()
	roles := []string{"Practice Manager", "Consultant Geriatrician", "Clinical Pharmacist", "GP Registrar", "Physiotherapist", "Healthcare Assistant", "Paramedic", "ICB Commissioning Lead", "Medical Student", "Advanced Nurse Practitioner"}
	for i := range 55 {
		name := first[i%len(first)] + " " + sur[(i*7+3)%len(sur)]
		a.Connections = append(a.Connections, Person{
			ID: fmt.Sprintf("c%03d", i), Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-")) + fmt.Sprintf("-%x", 0x3a00+i*37),
			Name: name, Headline: roles[i%len(roles)], Town: towns[i%len(towns)], Mutual: (i * 13) % 40,
			Since: demoEpoch.AddDate(0, 0, -(i*11 + 3)),
		})
	}
	// Watch-list patients among the connections, as LinkedIn writes them.
	a.Connections = append(a.Connections[:20], append([]Person{
		{ID: "c900", Slug: "maggie-thornton-71", Name: "Maggie Thornton", Headline: "Retired teacher", Town: p.Town, Mutual: 2, Since: demoEpoch.AddDate(0, -2, 0)},
		{ID: "c901", Slug: "steve-aldridge-hollingford", Name: "Steve Aldridge", Headline: "Owner, Aldridge Joinery", Town: p.Town, Mutual: 5, Since: demoEpoch.AddDate(0, -7, 0)},
	}, a.Connections[20:]...)...)
	a.Invitations = []Person{
		{ID: "i001", Slug: "danny-whitcombe-b2", Name: "Danny Whitcombe", Headline: "Site foreman", Town: p.Town, Mutual: 1, Since: demoEpoch.AddDate(0, 0, -4)},
		{ID: "i002", Slug: "priya-kapoor-md", Name: "Priya Kapoor", Headline: "Foundation doctor", Town: "Bristol", Mutual: 9, Since: demoEpoch.AddDate(0, 0, -10)},
		{ID: "i003", Slug: "tom-redfern-recruit", Name: "Tom Redfern", Headline: "Locum recruitment consultant", Town: "London", Mutual: 0, Since: demoEpoch.AddDate(0, 0, -21)},
	}
	a.Posts = []Post{
		{ID: "7390011223344556677", Audience: audit.AudiencePublic, At: demoEpoch.AddDate(0, 0, -3),
			Text: "Delighted that " + p.Practice + " is now a training practice again. Two new GP registrars start with us in February: if you are choosing a placement, come and talk to us."},
		{ID: "7388877665544332211", Audience: audit.AudiencePublic, At: demoEpoch.AddDate(0, 0, -12),
			Text: "Memorable home visit today: a lovely 91-year-old lady on Church Street in " + p.Town + ", recently widowed and newly diagnosed with heart failure, who insisted on making me tea before I examined her. This is why I do this job."},
		{ID: "7387766554433221100", Audience: audit.AudienceFriends, At: demoEpoch.AddDate(0, 0, -20),
			Text: "Reminder for colleagues: the referral form for the frailty hub has changed. Patient NHS number 943 476 5919 was bounced twice this week because the old form was used, so please bin your saved copies."},
		{ID: "7385544332211009988", Audience: audit.AudiencePublic, At: demoEpoch.AddDate(0, -1, -2),
			Text: "Great evening at the practice nurses' awards. Congratulations to the whole team."},
		{ID: "7383322110099887766", Audience: audit.AudiencePublic, At: demoEpoch.AddDate(0, -2, 0),
			Text: "Our flu clinics run every Saturday in October. Book through the NHS App or call reception."},
		{ID: "7381100998877665544", Audience: audit.AudienceFriends, At: demoEpoch.AddDate(0, -4, 0),
			Text: "Finished the frailty leadership course. Thank you to everyone who covered my sessions."},
	}
	a.Sessions = []SessionRow{
		{Browser: "Chrome", Device: "Linux", Place: p.Town + ", England, United Kingdom", Active: "Active now", Current: true},
		{Browser: "LinkedIn App", Device: "iPhone", Place: p.Town + ", England, United Kingdom", Active: "Active 2 days ago"},
		{Browser: "Edge", Device: "Windows", Place: "Swindon, England, United Kingdom", Active: "Active 5 weeks ago"},
	}
	return a
}
