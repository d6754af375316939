package x

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
)

// DemoAccount is the persona's X account: protected, with followers and
// accounts followed (some of them patients on the watch-list under a
// nickname or another spelling), three follower requests waiting (one from
// a patient), and posts of which a couple a GP should not have written. The
// password and authenticator secret are the persona's for X.
func DemoAccount(p *sandbox.Persona) Account {
	sec := p.Secret(audit.X)
	a := Account{
		UserID:      "1290447716023291905",
		Handle:      "DrSarahBennett",
		DisplayName: p.DisplayName,
		Email:       p.Email,
		Phone:       p.Phone,
		Password:    sec.Password,
		TOTPSecret:  sec.TOTPSecret,
		Bio:         "GP in " + p.Town + ". Fells, sourdough, spaniels. Views my own.",
		Location:    p.Town + ", England",
		Website:     "fellsandsourdough.example.org",
		Joined:      time.Date(2011, 3, 14, 9, 0, 0, 0, time.UTC),
		Settings: map[string]string{
			FactProtected:     audit.On,
			FactProtectVideos: audit.Off,
			FactPhotoTagging:  photoTaggingAll,
			FactDiscoverEmail: audit.On,
			FactDiscoverPhone: audit.Off,
			FactLocation:      audit.On,
			FactDMRequests:    audit.AudienceEveryone,
			factTwoFactorSMS:  audit.Off,
			factTwoFactorApp:  audit.On,
			factTwoFactorKey:  audit.Off,
			FactResetProtect:  audit.Off,
		},
		Sessions: []Session{
			{Token: "a1c9e0", Device: "Linux", App: "Chrome", Location: p.Town + ", England, United Kingdom", Active: "Active now", Current: true},
			{Token: "77f3b2", Device: "iPhone", App: "X for iPhone", Location: "Leeds, England, United Kingdom", Active: "3 days ago"},
			{Token: "0d41aa", Device: "Windows", App: "Edge", Location: "Swindon, England, United Kingdom", Active: "11 weeks ago"},
		},
	}
	a.Followers, a.Following, a.Requests = demoPeople(p)
	a.Posts = demoPosts(p)
	return a
}

// demoPeople makes the followers, the accounts followed and the requests;
// a fixed seed keeps the demo the same from run to run.
func demoPeople(p *sandbox.Persona) (followers, following, requests []Person) {
	first, last, towns := sandbox.FirstNames(), sandbox.Surnames(), sandbox.OtherTowns()
	r := rand.New(rand.NewPCG(2006, 7))
	id := uint64(1100000000000000000)
	next := func() string { id += 1 + uint64(r.IntN(1<<40)); return fmt.Sprint(id) }
	handleOf := func(name string) string {
		h := strings.NewReplacer(" ", "", "'", "", "-", "").Replace(name)
		switch r.IntN(3) {
		case 0:
			h = strings.ToLower(h)
		case 1:
			h += fmt.Sprint(r.IntN(900) + 10)
		}
		return h
	}
	mk := func(name, town, bio string) Person {
		return Person{ID: next(), Handle: handleOf(name), Name: name, Location: town, Bio: bio}
	}
	planted := []Person{
		mk("Maggie Thornton", p.Town, "Grandmother of five. WI stalwart."),
		mk("Kath O'Neil", "Lower Brockley", ""),
		mk("Martin Ferris", p.Town, "GP. Cyclist. Tea."),
		mk("Priya Raman", p.Town, "Community pharmacist"),
	}
	seen := map[string]bool{}
	for _, pl := range planted {
		seen[pl.Name] = true
	}
	for len(planted) < 87 {
		name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
		if seen[name] {
			continue
		}
		seen[name] = true
		town := ""
		if r.IntN(3) > 0 {
			town = towns[r.IntN(len(towns))]
		}
		planted = append(planted, mk(name, town, ""))
	}
	r.Shuffle(len(planted), func(i, j int) { planted[i], planted[j] = planted[j], planted[i] })
	followers = planted

	following = []Person{
		mk("Steve Aldridge", p.Town, "Aldridge & Sons Builders"),
		mk("Hollingford Town FC", p.Town, "Official account"),
		mk("Rebecca Holloway", p.Town, ""),
	}
	following[1].Handle = "HollingfordFC"
	// Half of the followers are followed back.
	for i, f := range followers {
		if i%2 == 0 {
			following = append(following, f)
		}
	}
	for len(following) < 61 {
		name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
		if seen[name] {
			continue
		}
		seen[name] = true
		following = append(following, mk(name, towns[r.IntN(len(towns))], ""))
	}
	r.Shuffle(len(following), func(i, j int) { following[i], following[j] = following[j], following[i] })

	requests = []Person{
		mk("Danny Whitcombe", p.Town, ""),
		mk("Leanne Garside", "Devizes", "Mum of 3 | coffee"),
		mk("NutriVita Health", "", "Supplements that work. DM for partnerships."),
	}
	requests[0].Handle, requests[2].Handle = "dannyw_hford", "NutriVitaHealth"
	return followers, following, requests
}

// demoPosts are the persona's posts, newest first.
func demoPosts(p *sandbox.Persona) []Post {
	d := func(m time.Month, day, h, min int) time.Time { return time.Date(2025, m, day, h, min, 0, 0, time.UTC) }
	posts := []Post{
		{Text: "Flu jab clinics at " + p.Practice + " this Saturday for over-65s and anyone with a long-term condition. Book via the NHS App.", At: d(10, 19, 8, 2)},
		{Text: "Lovely lady in clinic today, 83, told me her secret to a long life is sherry and spite. Diagnosed her heart failure in March and she is still gardening every day.", At: d(10, 7, 17, 45), Place: p.Practice},
		{Text: "New sourdough starter is alive. Her name is Doughlene.", At: d(9, 21, 11, 30)},
		{Text: "Reminder to colleagues: patient NHS number 943 476 5919 letter went to the wrong practice, please forward to Mill Lane if you have it.", At: d(9, 3, 13, 12)},
		{Text: "Ten miles round the fells with the muddiest spaniel in " + p.County + ".", At: d(8, 16, 18, 40)},
		{Text: "Heatwave: check on older neighbours, keep curtains closed on the sunny side and drink water before you are thirsty.", At: d(7, 11, 7, 55)},
		{Text: "Measles cases are rising. If your child missed an MMR dose it is never too late: ask at reception.", At: d(4, 29, 9, 10)},
		{Text: "Book club chose a 700-page Russian novel. Send help.", At: d(4, 3, 22, 14)},
	}
	for i := range posts {
		posts[i].ID = fmt.Sprint(1846000000000000000 + int64(len(posts)-i)*104729)
	}
	return posts
}
