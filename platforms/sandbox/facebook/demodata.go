package facebook

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
)

// Jobs of the generated friends.
var (
	works = []string{
		"Practice Manager at Mill Lane Surgery", "Teacher at Hollingford Primary School",
		"Nurse at Hollingford Community Hospital", "Self-employed", "Works at Waitrose",
		"Solicitor", "Physiotherapist", "Retired", "Software Engineer", "Pharmacist",
		"Student at University of Bath", "Paramedic at South Western Ambulance Service",
	}
)

// demoPeople returns about 120 friends and four pending requests. A fixed
// seed keeps the demo the same from run to run.
func demoPeople(p *sandbox.Persona) (friends, requests []Friend) {
	firstNames, surnames, otherTowns := sandbox.FirstNames(), sandbox.Surnames(), sandbox.OtherTowns()
	demoTown, demoCounty := p.Town, p.County
	r := rand.New(rand.NewPCG(2011, 5))
	base := time.Date(2010, 3, 1, 12, 0, 0, 0, time.UTC)
	id := uint64(100002000000000)
	next := func() string { id += 1 + uint64(r.IntN(90000)); return fmt.Sprint(id) }

	// Planted: friends who are patients on the watch-list, under a nickname
	// or a variant spelling, and a few plain locals.
	planted := []Friend{
		{Name: "Maggie Thornton", Town: demoTown + ", " + demoCounty, Work: "Retired", Mutual: 14},
		{Name: "Steve Aldridge", Town: demoTown + ", " + demoCounty, Work: "Works at Aldridge & Sons Builders", Mutual: 9},
		{Name: "Kathryn O'Neil", Town: "Lower Brockley, " + demoCounty, Mutual: 4},
		{Name: "Rebecca Holloway", Town: demoTown + ", " + demoCounty, Work: "Receptionist at Mill Lane Surgery", Mutual: 31},
		{Name: "Martin Ferris", Town: demoTown + ", " + demoCounty, Work: "GP at Mill Lane Surgery", Mutual: 40},
		{Name: "Jo Whitaker", Town: demoTown + ", " + demoCounty, Mutual: 22},
		{Name: "Priya Raman", Town: demoTown + ", " + demoCounty, Work: "Pharmacist at Hollingford Pharmacy", Mutual: 17},
		{Name: "Tom Bennett", Town: "Ashcombe Regis, Dorset", Mutual: 12},
	}
	seen := map[string]bool{}
	for i := range planted {
		seen[planted[i].Name] = true
	}
	for len(planted) < 121 {
		name := firstNames[r.IntN(len(firstNames))] + " " + surnames[r.IntN(len(surnames))]
		if seen[name] {
			continue
		}
		seen[name] = true
		f := Friend{Name: name, Mutual: r.IntN(60)}
		switch n := r.IntN(10); {
		case n < 2:
			f.Town = demoTown + ", " + demoCounty
		case n < 7:
			f.Town = otherTowns[r.IntN(len(otherTowns))] + ", UK"
		}
		if r.IntN(3) == 0 {
			f.Work = works[r.IntN(len(works))]
		}
		planted = append(planted, f)
	}
	// Spread the planted entries through the list, as on the real site where
	// the order is by relevance, not by name.
	r.Shuffle(len(planted), func(i, j int) { planted[i], planted[j] = planted[j], planted[i] })
	for i := range planted {
		f := &planted[i]
		f.ID = next()
		if r.IntN(3) > 0 {
			f.Username = strings.ToLower(strings.NewReplacer(" ", ".", "'", "").Replace(f.Name)) + fmt.Sprint(r.IntN(90)+10)
		}
		f.Since = base.Add(time.Duration(r.IntN(14*365*24)) * time.Hour)
	}
	requests = []Friend{
		{Name: "Danny Whitcombe", Town: demoTown + ", " + demoCounty, Mutual: 6},
		{Name: "Lorraine Cheshire", Town: "Devizes, UK", Mutual: 2},
		{Name: "Ade Okonjo", Work: "Sales Director at NutriVita Health Ltd", Mutual: 1},
		{Name: "Callum Rigby", Town: demoTown + ", " + demoCounty, Mutual: 3},
	}
	for i := range requests {
		requests[i].ID = next()
		// Requests are recent whenever the demo runs: 2, 7, 12 ... days old.
		requests[i].Since = time.Now().UTC().Truncate(time.Hour).Add(-time.Duration(2+5*i) * 24 * time.Hour)
	}
	return planted, requests
}

// demoPosts returns the persona's timeline, newest first: mostly ordinary
// posts, and a few that a GP should not have published.
func demoPosts() ([]Post, []Photo) {
	d := func(m time.Month, day, h, min int) time.Time {
		return time.Date(2025, m, day, h, min, 0, 0, time.UTC)
	}
	posts := []Post{
		{Text: "Flu and COVID jabs: we still have Saturday clinic slots at Mill Lane for over-65s, pregnant women and anyone with a long-term condition. Book through the NHS App or ring reception after 10am. 💉",
			At: d(10, 18, 8, 41), Audience: audit.AudiencePublic},
		{Text: "Third visit this week from our favourite frequent flyer. Amazing how the 'crushing chest pain' clears up the moment the sick note is signed 🙄 Some people just love wasting GP time. #GPlife",
			At: d(10, 9, 19, 12), Audience: audit.AudienceFriendsOfFriend},
		{Text: "Sourdough attempt number 14. Finally an ear! 🍞",
			At: d(9, 27, 16, 5), Audience: audit.AudienceFriends, Photo: &Photo{Kind: PhotoCake, Alt: "May be an image of bread"}},
		{Text: "Honestly the best thing I've recommended for achy joints this year is VitaFlex Omega Plus. I take it myself and so do half my patients now! Use code SARAHGP20 for 20% off at vitaflex-health.example 💪",
			At: d(9, 14, 20, 30), Audience: audit.AudiencePublic},
		{Text: "Quiet night on the Assessment Unit at Hollingford Community Hospital. Spot the reason bed 6 will be with us a while longer 😅 #nightshift",
			At: d(8, 30, 2, 47), Audience: audit.AudiencePublic, Place: "Hollingford Community Hospital",
			Photo: &Photo{Kind: PhotoXRay, Alt: "May be an image of x-ray"}},
		{Text: "What a morning. The 94-year-old gentleman from the almshouses on Church Street came in to Tuesday surgery with his late wife's ashes in a biscuit tin because he wanted to 'introduce her to the new doctor'. Diagnosed his bowel cancer back in 2019 and he's still walking into town every day. Absolute legend. ❤️",
			At: d(8, 12, 13, 20), Audience: audit.AudiencePublic},
		{Text: "Ten miles round Ashcombe Fell with the world's muddiest spaniel.",
			At: d(7, 26, 18, 2), Audience: audit.AudiencePublic, Photo: &Photo{Kind: PhotoDog, Alt: "May be an image of dog and grass"}},
		{Text: "Heatwave reminder: check on older neighbours, keep curtains closed on the sunny side and drink water before you're thirsty. Pharmacists can advise on medicines and heat too. ☀️",
			At: d(7, 11, 7, 55), Audience: audit.AudiencePublic},
		{Text: "Raised £1,240 for the Hollingford Hospice on the Wolds Ride! Thank you everyone who sponsored me 🚴‍♀️",
			At: d(6, 22, 17, 40), Audience: audit.AudiencePublic, Photo: &Photo{Kind: PhotoBike, Alt: "May be an image of 1 person, bicycle and road"}},
		{Text: "Welcome to Nurse Abi who joins the Mill Lane team on Monday. Our new practice nurse-led asthma clinic starts in July.",
			At: d(6, 2, 12, 15), Audience: audit.AudiencePublic},
		{Text: "Lake District sunset. Phone off for a week.",
			At: d(5, 17, 21, 3), Audience: audit.AudiencePublic, Photo: &Photo{Kind: PhotoLandscape, Alt: "May be an image of lake, mountain and twilight"}},
		{Text: "Measles cases are rising again. If your child has missed an MMR dose it's never too late: ask at reception.",
			At: d(4, 29, 9, 10), Audience: audit.AudiencePublic},
		{Text: "Book club picked a 700-page Russian novel. Send help.",
			At: d(4, 3, 22, 14), Audience: audit.AudienceFriends},
		{Text: "Bank holiday: Mill Lane Surgery is closed Monday. For urgent problems use NHS 111 online or call 111; in an emergency call 999.",
			At: d(3, 28, 15, 0), Audience: audit.AudiencePublic},
		{Text: "Happy 40th to my wonderful husband. Here's to the next 40 ❤️",
			At: d(2, 14, 10, 22), Audience: audit.AudienceFriends},
	}
	for i := range posts {
		posts[i].ID = fmt.Sprint(1208845512000 + int64(len(posts)-i)*7919)
		if posts[i].Photo != nil {
			posts[i].Photo.ID = "p" + posts[i].ID
		}
	}
	photos := []Photo{
		{ID: "a1", Kind: PhotoLandscape, Alt: "May be an image of hill and tree"},
		{ID: "a2", Kind: PhotoDog, Alt: "May be an image of dog"},
	}
	return posts, photos
}
