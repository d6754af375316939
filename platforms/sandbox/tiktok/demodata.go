package tiktok

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

// DemoAccount is the persona's TikTok: a private account with the
// interaction settings left open, 2-step verification on, followers of
// whom some are patients on the watch-list under a handle or a nickname,
// pending follow requests and a dozen videos, two of which a GP should not
// have posted. Credentials are the persona's for TikTok, random per persona.
func DemoAccount(p *sandbox.Persona) Account {
	sec := p.Secret(audit.TikTok)
	a := Account{
		UserID:     "6987214530118842369",
		SecUID:     "MS4wLjABAAAA" + strings.Repeat("x", 4) + "q7Tb2kLrV9sWm3PdN",
		Handle:     "drsarah.hollingford",
		Nickname:   p.DisplayName + " GP",
		Email:      p.Email,
		Password:   sec.Password,
		TOTPSecret: sec.TOTPSecret,
		Bio:        "GP in " + p.Town + " 🩺 Health tips, dog walks, bread. Not medical advice for you personally.",
		Link:       "https://drsarahbennett.example/",
		Settings: map[string]string{
			FactPrivate:       audit.On,
			FactComments:      audit.AudienceEveryone,
			FactContentReuse:  audit.AudienceEveryone,
			FactFollowingList: audit.AudienceEveryone,
			FactDM:            audit.AudienceFriends,
			FactDownloads:     audit.Off,
			FactTwoFactor:     audit.On,
		},
		Suggest: map[string]bool{"Contacts": true, "Facebook friends": false, "People with mutual connections": true, "People who open or send links to you": false},
		Devices: []Device{
			{Name: "Chrome on Linux", Location: p.Town + ", United Kingdom", Last: "Current device", Current: true},
			{Name: "TikTok on iPhone 13", Location: p.Town + ", United Kingdom", Last: "Active 1 hour ago"},
			{Name: "Edge on Windows", Location: "Swindon, United Kingdom", Last: "Active 12 days ago"},
		},
		Alerts: []Alert{{Text: "New login on Edge on Windows near Swindon, United Kingdom", When: "12 days ago"}},
	}
	a.Followers, a.Following, a.Requests = demoPeople()
	a.Videos = demoVideos()
	return a
}

// handleOf makes a TikTok-style handle from a name.
func handleOf(name string, r *rand.Rand) string {
	h := strings.ToLower(strings.NewReplacer(" ", "", "'", "").Replace(name))
	switch r.IntN(3) {
	case 0:
		return h + fmt.Sprint(r.IntN(90)+10)
	case 1:
		return strings.ReplaceAll(strings.ToLower(name), " ", "_")
	}
	return h
}

// demoPeople returns 87 followers, 64 followed accounts and three follow
// requests. A fixed seed keeps the demo the same from run to run.
func demoPeople() (followers, following, requests []Person) {
	first, last := sandbox.FirstNames(), sandbox.Surnames()
	r := rand.New(rand.NewPCG(2024, 12))
	id := uint64(6812000000000000000)
	next := func() string { id += 1 + uint64(r.IntN(1<<40)); return fmt.Sprint(id) }
	seen := map[string]bool{}
	person := func() Person {
		for {
			n := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
			if !seen[n] {
				seen[n] = true
				return Person{ID: next(), Handle: handleOf(n, r), Nickname: n}
			}
		}
	}
	// Patients on the watch-list, under a nickname or a handle only.
	planted := []Person{
		{Handle: "maggie.t.hollingford", Nickname: "Maggie Thornton"},
		{Handle: "steve_aldridge_builds", Nickname: "Steve A 🔨"},
		{Handle: "kathy.oneil", Nickname: "Kathy O'Neil"},
	}
	for i := range planted {
		planted[i].ID = next()
	}
	followers = append(followers, planted...)
	for len(followers) < 87 {
		followers = append(followers, person())
	}
	r.Shuffle(len(followers), func(i, j int) { followers[i], followers[j] = followers[j], followers[i] })
	// Following: some who follow back, some others.
	for i := 0; i < 40; i++ {
		following = append(following, followers[i*2])
	}
	for len(following) < 64 {
		following = append(following, person())
	}
	requests = []Person{
		{ID: next(), Handle: "danny.whitcombe78", Nickname: "Danny W"},
		{ID: next(), Handle: "lorraine_c", Nickname: "Lorraine Cheshire"},
		{ID: next(), Handle: "vitaflex.official", Nickname: "VitaFlex Health"},
	}
	return followers, following, requests
}

// demoVideos returns the persona's videos, newest first.
func demoVideos() []Video {
	d := func(m time.Month, day int) int64 { return time.Date(2025, m, day, 18, 0, 0, 0, time.UTC).Unix() }
	v := []Video{
		{Caption: "3 signs your cough needs a GP appointment (and 3 that don't) #healthtok #gp", Kind: replica.PhotoLandscape, Created: d(11, 20), Views: 18200},
		{Caption: "Night shift on the ward at Hollingford Community Hospital 🌙 bed 6 is keeping us busy #nhs #nightshift", Kind: replica.PhotoXRay, Created: d(11, 2), Views: 40100},
		{Caption: "Sourdough attempt 15. The ear is back 🍞", Kind: replica.PhotoCake, Created: d(10, 25), Views: 950},
		{Caption: "When the 94 year old from Church Street brings his late wife's ashes to his appointment to meet the new doctor ❤️ diagnosed him in 2019 and he's still going", Kind: replica.PhotoLandscape, Created: d(10, 11), Views: 72000},
		{Caption: "Muddy spaniel, muddy fells #dogsoftiktok", Kind: replica.PhotoDog, Created: d(9, 30), Views: 2300},
		{Caption: "Flu jab myths in 30 seconds #vaccine #healthtok", Kind: replica.PhotoLandscape, Created: d(9, 14), Views: 15300},
		{Caption: "Wolds Ride done! £1,240 for the hospice 🚴‍♀️", Kind: replica.PhotoBike, Created: d(8, 22), Views: 3100},
		{Caption: "Heatwave tips for older relatives ☀️ #summer", Kind: replica.PhotoLandscape, Created: d(7, 11), Views: 8800},
		{Caption: "Lake District sunset, phone off for a week", Kind: replica.PhotoLandscape, Created: d(6, 17), Views: 1200},
		{Caption: "Measles is back: check your MMR #mmr #vaccine", Kind: replica.PhotoLandscape, Created: d(5, 29), Views: 26000},
		{Caption: "Book club chose a 700 page Russian novel. Send help 📚", Kind: replica.PhotoCake, Created: d(4, 3), Views: 640},
		{Caption: "Bank holiday: how to get help when the practice is closed #nhs111", Kind: replica.PhotoLandscape, Created: d(3, 28), Views: 9400},
		{Caption: "Our new practice nurse-led asthma sessions start in July", Kind: replica.PhotoLandscape, Created: d(3, 2), Views: 2100},
		{Caption: "Walking the fell before work 🌄", Kind: replica.PhotoDog, Created: d(2, 14), Views: 1700},
	}
	for i := range v {
		// The real IDs carry the posting time in their top 32 bits.
		v[i].ID = fmt.Sprint(uint64(v[i].Created)<<32 | uint64(104729*(i+1)))
	}
	return v
}
