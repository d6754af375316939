package whatsapp

import (
	"fmt"
	"math/rand/v2"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
)

// DemoAccount is the persona's WhatsApp: a GP whose phone holds patients
// among its chats (under nicknames), a practice partners' group and a ward
// handover group, and settings that leave some of it open.
func DemoAccount(p *sandbox.Persona) Account {
	a := Account{
		Name:  p.DisplayName,
		Phone: p.Phone,
		About: "GP in " + p.Town + ". Surgery enquiries via " + p.Practice + " reception, please, not this number.",
		Settings: map[string]string{
			FactLastSeen:       audit.AudienceEveryone,
			FactOnline:         valueSameAsLastSeen,
			FactProfilePhoto:   audit.AudienceEveryone,
			FactAbout:          audit.AudienceContacts,
			FactLinks:          audit.AudienceContacts,
			FactStatus:         audit.AudienceContacts,
			FactGroups:         audit.AudienceEveryone,
			FactReadReceipts:   audit.On,
			FactDefaultTimer:   audit.Off,
			FactSilenceCallers: audit.Off,
			FactBlockUnknown:   audit.On,
			FactNoLinkPreviews: audit.Off,
		},
	}
	a.Chats = demoChats(p)
	a.Statuses = []StatusUpdate{
		{ID: "s1", Text: "Lovely sunrise on the run along the canal this morning", When: "Today at 07:12"},
		{ID: "s2", Text: "Long clinic today. Lovely old gentleman, 92, from Mill Lane told me his whole war story while I dressed his leg ulcer, made my week", When: "Yesterday at 18:40"},
		{ID: "s3", Text: "Can whoever left a hospital letter for NHS number 943 476 5919 at reception please call the surgery", When: "Yesterday at 09:05"},
		{ID: "s4", Text: "Bake sale for the school roof on Saturday, come along!", When: "Monday at 20:30"},
	}
	return a
}

// demoChats are about 45 one-to-one chats and seven groups, in the order
// the chat list shows them (most recent first). A fixed seed keeps the
// demo the same from run to run.
func demoChats(p *sandbox.Persona) []Chat {
	first, last := sandbox.FirstNames(), sandbox.Surnames()
	r := rand.New(rand.NewPCG(2024, 12))
	planted := []Chat{
		{Name: "Maggie Thornton", Preview: "Thank you doctor, the new tablets are helping", Unread: 1},
		{Name: "Mill Lane Surgery partners", Group: true, Members: 6, Clinical: true, Preview: "Martin: rota for next week attached"},
		{Name: "Steve Aldridge", Preview: "Sorry to message on here, is my sick note ready?"},
		{Name: "Tom Bennett", Preview: "See you Sunday x"},
		{Name: "Ward 7 handover", Group: true, Members: 23, Clinical: true, Preview: "Jo: bed 4 needs bloods repeating"},
		{Name: "Hollingford Running Club", Group: true, Members: 48, Preview: "Parkrun this week?"},
		{Name: "Dan Whitcombe", Preview: "Photo"},
		{Name: "Bennett family", Group: true, Members: 9, Preview: "Mum: Sunday lunch at 1"},
		{Name: "Book club", Group: true, Members: 7, Preview: "Next month's pick is on the list"},
		{Name: "Year 4 parents", Group: true, Members: 31, Preview: "Reminder: non-uniform day Friday"},
		{Name: "Allotment swap", Group: true, Members: 15, Preview: "Courgettes going spare"},
	}
	seen := map[string]bool{}
	for _, c := range planted {
		seen[c.Name] = true
	}
	previews := []string{"Thanks!", "See you then", "Ok great", "Haha yes", "Voice message", "Photo", "Running late, 10 mins", "Happy birthday!", "Sounds good"}
	var out []Chat
	for i, c := range planted {
		out = append(out, c)
		// People chat between the planted ones.
		for range 3 + i%2 {
			name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
			if seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, Chat{Name: name, Preview: previews[r.IntN(len(previews))]})
		}
	}
	times := []string{"09:41", "08:15", "Yesterday", "Monday", "Sunday", "Friday", "28/11/2026", "21/11/2026", "14/11/2026"}
	for i := range out {
		out[i].ID = fmt.Sprintf("447700%06d@c.us", 900100+i*7)
		if out[i].Group {
			out[i].ID = fmt.Sprintf("1203630%08d@g.us", 4242+i*13)
		}
		out[i].Time = times[min(i/6, len(times)-1)]
	}
	return out
}
