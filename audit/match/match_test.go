package match

import (
	"context"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

// The people and connections here are invented.
var testPeople = []watchlist.Person{
	{Name: "Robert James Smith", BirthYear: 1984, Place: "Harrogate"},
	{Name: "Elizabeth Taylor-Wood"},
	{Name: "José Alvarez"},
	{Name: "Zoë Hartley", Place: "HG1 2AB"},
	{Name: "Alexander Petrov"},
	{Name: "Sarah Brown (née Green)"},
	{Name: "Catherine O'Neill"},
	{Name: "Mary-Anne van der Berg"},
	{Name: "Thompson, Peter"},
}

func TestMatchVariants(t *testing.T) {
	m, err := New(testPeople, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		conn   audit.Connection
		want   string // watch-list name expected as the best candidate; "" = none
		reason string // a reason the match must give
	}{
		{audit.Connection{Name: "Robert Smith"}, "Robert James Smith", "first name exact"},
		{audit.Connection{Name: "ROBERT SMITH"}, "Robert James Smith", "surname exact"},
		{audit.Connection{Name: "Bob Smith"}, "Robert James Smith", "nickname Bob=Robert"},
		{audit.Connection{Name: "Bobby Smith 🍺⚽"}, "Robert James Smith", "nickname Bobby=Robert"},
		{audit.Connection{Name: "✨ 𝐑𝐨𝐛 𝐒𝐦𝐢𝐭𝐡 ✨"}, "Robert James Smith", "nickname Rob=Robert"},
		{audit.Connection{Name: "R. Smith"}, "Robert James Smith", "initial R"},
		{audit.Connection{Name: "James Smith"}, "Robert James Smith", "goes by middle name James"},
		{audit.Connection{Name: "Smith Robert"}, "Robert James Smith", "first and last name swapped"},
		{audit.Connection{Name: "Rob Smith | Personal Trainer", Location: "Lives in Harrogate, United Kingdom"}, "Robert James Smith", "same town"},
		{audit.Connection{Name: "", Handle: "rsmith_84"}, "Robert James Smith", "number 84 matches year of birth"},
		{audit.Connection{Name: "", Handle: "the_real_bobsmith"}, "Robert James Smith", "nickname Bob=Robert"},
		{audit.Connection{Name: "", Handle: "BobSmith1984"}, "Robert James Smith", "from the handle"},
		{audit.Connection{Name: "Liz Taylor"}, "Elizabeth Taylor-Wood", "part of Taylorwood"},
		{audit.Connection{Name: "Beth Taylor Wood"}, "Elizabeth Taylor-Wood", "nickname Beth=Elizabeth"},
		{audit.Connection{Name: "Jose Alvarez"}, "José Alvarez", "first name exact"},
		{audit.Connection{Name: "Zoe Hartley"}, "Zoë Hartley", "first name exact"},
		{audit.Connection{Name: "Саша Петров"}, "Alexander Petrov", "nickname Sasha=Alexander"},
		{audit.Connection{Name: "Sarah Green"}, "Sarah Brown (née Green)", "maiden name Green"},
		{audit.Connection{Name: "Sarah Green-Brown"}, "Sarah Brown (née Green)", "first name exact"},
		{audit.Connection{Name: "Kathryn ONeill"}, "Catherine O'Neill", "spelling Kathryn=Catherine"},
		{audit.Connection{Name: "Kate O’Neill"}, "Catherine O'Neill", "nickname Kate=Catherine"},
		{audit.Connection{Name: "Maryanne Vanderberg"}, "Mary-Anne van der Berg", "first name exact"},
		{audit.Connection{Name: "Pete Thompson"}, "Thompson, Peter", "nickname Pete=Peter"},
		{audit.Connection{Name: "Pete Thomson"}, "Thompson, Peter", "surname one letter off: Thomson/Thompson"},
		// Near misses: same surname, different person.
		{audit.Connection{Name: "Roberta Smith"}, "", ""},
		{audit.Connection{Name: "Peter Smith"}, "", ""},
		{audit.Connection{Name: "Robert Smithson"}, "", ""},
		{audit.Connection{Name: "Elizabeth Taylor-Jones", Handle: "liz.tj"}, "", ""},
		{audit.Connection{Name: "Sarah Black"}, "", ""},
		{audit.Connection{Name: "Zoe Hart"}, "", ""},
		{audit.Connection{Name: "Smith"}, "", ""},
		{audit.Connection{Name: "Alexandra Petrova"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.conn.Name+tc.conn.Handle, func(t *testing.T) {
			got := m.Match(tc.conn)
			if tc.want == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected candidate %q score %.2f reasons %v", got[0].Person.Name, got[0].Score, got[0].Reasons)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("no candidate, want %q", tc.want)
			}
			if got[0].Person.Name != tc.want {
				t.Fatalf("best candidate %q, want %q", got[0].Person.Name, tc.want)
			}
			if !strings.Contains(strings.Join(got[0].Reasons, "; "), tc.reason) {
				t.Fatalf("reasons %q lack %q", got[0].Reasons, tc.reason)
			}
		})
	}
}

func connOf(s string) audit.Connection {
	return audit.Connection{Platform: audit.Facebook, Name: s, Handle: s, Location: s, Mutual: -1}
}

func TestMatchAllHonoursContext(t *testing.T) {
	m, _ := New(testPeople, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.MatchAll(ctx, []audit.Connection{{Name: "Bob Smith"}}); err == nil {
		t.Fatal("cancelled context was ignored")
	}
}

func TestEmptyWatchlist(t *testing.T) {
	m, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Match(audit.Connection{Name: "Bob Smith"}); len(got) != 0 {
		t.Fatal("match against an empty list")
	}
}

// Names of other origins common in the UK, and the decorations display
// names carry. The people are invented.
func TestMatchOrigins(t *testing.T) {
	people := []watchlist.Person{
		{Name: "Mohammed Hussain"},
		{Name: "Grzegorz Wiśniewski"},
		{Name: "Oluwaseun Adeyemi"},
		{Name: "Rhys ab Owain"},
		{Name: "Siobhán O'Reilly"},
		{Name: "Omar Al-Rashid"},
		{Name: "Wei Zhang"},
		{Name: "Aisha Rahman"},
		{Name: "Harpreet Kaur"},
		{Name: "Dorota Nowak"},
		{Name: "Séamus McGrath"},
	}
	m, err := New(people, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, handle string
		want         string
		reason       string
	}{
		{"Mohd Hussain", "", "Mohammed Hussain", "Mohd=Mohammed"},
		{"Muhammad Hussain", "", "Mohammed Hussain", "Muhammad=Mohammed"},
		{"Grzes Wisniewski", "", "Grzegorz Wiśniewski", "Grzes=Grzegorz"},
		{"Seun Adeyemi 🇳🇬", "", "Oluwaseun Adeyemi", "Seun=Oluwaseun"},
		{"Rhys Ab Owain", "", "Rhys ab Owain", "first name exact"},
		{"Rhys Abowain", "", "Rhys ab Owain", "surname exact"},
		{"Siobhan O Reilly | Nurse", "", "Siobhán O'Reilly", "surname exact"},
		{"Omar Al Rashid", "", "Omar Al-Rashid", "surname exact"},
		{"Omar Alrashid", "", "Omar Al-Rashid", "surname exact"},
		{"ZHANG Wei", "", "Wei Zhang", "swapped"},
		{"Dr Aisha Rahman MBE", "", "Aisha Rahman", "first name exact"},
		{"Aisha Rahman (she/her) 🇬🇧", "", "Aisha Rahman", "first name exact"},
		{"Dorota Nowak-Smith", "", "Dorota Nowak", "first name exact"},
		{"Shay McGrath", "", "Séamus McGrath", "Shay=Seamus"},
		{"Séamus Mc Grath", "", "Séamus McGrath", "surname exact"},
		// Other people who share a name.
		{"Jaspreet Kaur", "", "", ""},
		{"Mohammed Hassan", "", "", ""},
		{"Wei Wang", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name+tc.handle, func(t *testing.T) {
			got := m.Match(audit.Connection{Name: tc.name, Handle: tc.handle})
			if tc.want == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected candidate %q score %.2f reasons %v", got[0].Person.Name, got[0].Score, got[0].Reasons)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("no candidate, want %q", tc.want)
			}
			if got[0].Person.Name != tc.want {
				t.Fatalf("best candidate %q, want %q", got[0].Person.Name, tc.want)
			}
			if !strings.Contains(strings.Join(got[0].Reasons, "; "), tc.reason) {
				t.Fatalf("reasons %q lack %q", got[0].Reasons, tc.reason)
			}
		})
	}
}

// Names as people really write them: slips, shortened forms the tables do
// not list, given names in one word or two. The people are invented.
func TestMatchAsWritten(t *testing.T) {
	people := []watchlist.Person{
		{Name: "Peter Thompson"},
		{Name: "Jonathan Hughes"},
		{Name: "Babajide Adeyemi"},
		{Name: "Harjit Kaur Sandhu"},
		{Name: "Gurmeet Gill"},
		{Name: "Kelechukwu Obi"},
		{Name: "Chidubem Okafor"},
		{Name: "Xiaoming Zhou"},
		{Name: "Mary Ann Kowalczyk"},
		{Name: "Oluwafunmike Bankole"},
		{Name: "Louise Fairbrother"},
		{Name: "Imran Khan"},
		{Name: "Safiya Dahir"},
		{Name: "Sana Nawaz"},
		{Name: "Abdirashid Osman"},
		{Name: "Arjun Chakraborty"},
		{Name: "Hassan Hussain"},
	}
	m, err := New(people, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		want   string
		reason string
	}{
		{"Peter Thompsen", "Peter Thompson", "surname one letter off: Thompsen/Thompson"},
		{"Peter Thomspon", "Peter Thompson", "surname one letter off: Thomspon/Thompson"},
		{"Jonahtan Hughes", "Jonathan Hughes", "first name one letter off: Jonahtan/Jonathan"},
		{"Jonathon Hughes", "Jonathan Hughes", "Jonathon"},
		{"Jide Adeyemi", "Babajide Adeyemi", "Jide short for Babajide"},
		{"Harj Sandhu", "Harjit Kaur Sandhu", "Harj short for Harjit"},
		{"Gurmi Gill", "Gurmeet Gill", "Gurmi short for Gurmeet"},
		{"Kelechi Obi", "Kelechukwu Obi", "Kelechi short for Kelechukwu"},
		{"Dubem Okafor", "Chidubem Okafor", "Dubem short for Chidubem"},
		{"Mingming Zhou", "Xiaoming Zhou", "Mingming short for Xiaoming"},
		{"Xiao Ming Zhou", "Xiaoming Zhou", "first name written as two words"},
		{"Maryann Kowalczyk", "Mary Ann Kowalczyk", "first name exact"},
		{"Funmi Bankole", "Oluwafunmike Bankole", "Funmi short for Oluwafunmike"},
		{"Imran Kahn", "Imran Khan", "surname one letter off: Kahn/Khan"},
		{"Harry Sandhu", "Harjit Kaur Sandhu", "Harry may be the English name of Harjit"},
		{"Safiya Dshir", "Safiya Dahir", "surname one letter off: Dshir/Dahir"},
		{"Sanaa Nawaz", "Sana Nawaz", "spelling Sanaa~Sana"},
		{"Abdirashid Uthman", "Abdirashid Osman", "spelling Uthman~Osman"},
		{"Arjun Chakravarty", "Arjun Chakraborty", "Chakravarty/Chakraborty"},
		// Not them: another person of the other sex, a short surname one
		// letter off, a different short name.
		{"Louis Fairbrother", "", ""},
		{"Imran Shah", "", ""},
		{"Peter Thomas", "", ""},
		{"Jonathan Hughson", "", ""},
		{"Hassan Hassan", "", ""},
		{"Amy Chakraborty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := m.Match(audit.Connection{Name: tc.name})
			if tc.want == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected candidate %q score %.2f reasons %v", got[0].Person.Name, got[0].Score, got[0].Reasons)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("no candidate, want %q", tc.want)
			}
			if got[0].Person.Name != tc.want {
				t.Fatalf("best candidate %q, want %q", got[0].Person.Name, tc.want)
			}
			if !strings.Contains(strings.Join(got[0].Reasons, "; "), tc.reason) {
				t.Fatalf("reasons %q lack %q", got[0].Reasons, tc.reason)
			}
		})
	}
}

// Relatives share a compound surname with the patient but have another
// given name: they are not candidates. The people are invented.
func TestMatchCompoundSurnames(t *testing.T) {
	people := []watchlist.Person{
		{Name: "María José García López", Surname: "García López"},
		{Name: "Aoife Ní Bhriain", Surname: "Ní Bhriain"},
		{Name: "Hugo Fenwick-Lowe"},
	}
	m, err := New(people, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want, reason string
	}{
		{"María García López", "María José García López", "surname exact"},
		{"Maria Garcia", "María José García López", "surname Garcia, part of Garcialopez"},
		{"Aoife Ni Bhriain", "Aoife Ní Bhriain", "surname exact"},
		{"Hugo Fenwick Lowe", "Hugo Fenwick-Lowe", "surname exact"},
		{"Carmen García López", "", ""},
		{"Javier García", "", ""},
		{"Siobhán Ní Bhriain", "", ""},
		{"Niamh Fenwick-Lowe", "", ""},
		{"García López", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := m.Match(audit.Connection{Name: tc.name})
			if tc.want == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected candidate %q score %.2f reasons %v", got[0].Person.Name, got[0].Score, got[0].Reasons)
				}
				return
			}
			if len(got) == 0 || got[0].Person.Name != tc.want {
				t.Fatalf("candidates %v, want %q", got, tc.want)
			}
			if !strings.Contains(strings.Join(got[0].Reasons, "; "), tc.reason) {
				t.Fatalf("reasons %q lack %q", got[0].Reasons, tc.reason)
			}
		})
	}
}

func TestSameSurnameOnly(t *testing.T) {
	people := []watchlist.Person{
		{Name: "María José García López", Surname: "García López"},
		{Name: "Hugo Fenwick-Lowe"},
		{Name: "Peter Smith"},
	}
	m, err := New(people, Options{})
	if err != nil {
		t.Fatal(err)
	}
	conns := []audit.Connection{
		{Name: "Carmen García López"}, // a sister
		{Name: "María García López"},  // the patient
		{Name: "Niamh Fenwick-Lowe"},  // a relative
		{Name: "Jane Smith"},          // a common surname is no sign
		{Name: "Javier García"},       // one part of it neither
	}
	looks, err := m.SameSurnameOnly(context.Background(), conns)
	if err != nil {
		t.Fatal(err)
	}
	if len(looks) != 2 || looks[0].Conn != 0 || looks[1].Conn != 2 {
		t.Fatalf("looks %+v, want connections 0 and 2", looks)
	}
	for _, l := range looks {
		if l.Score >= m.Threshold() || l.Reasons[0] != "same surname only" {
			t.Errorf("look %+v is not below the threshold with the reason", l)
		}
	}
	if !strings.Contains(looks[0].Reasons[1], "García López") || !strings.Contains(looks[1].Reasons[1], "Fenwick-Lowe") {
		t.Errorf("reasons %v %v", looks[0].Reasons, looks[1].Reasons)
	}
}

// A connection's own context can tell a namesake from the patient: a
// different town and a year of birth that is not theirs weigh against a
// match, most of all one that rests on a slip. The people are invented.
func TestMatchContext(t *testing.T) {
	people := []watchlist.Person{
		{Name: "Hetal Kumar", BirthYear: 1980, Place: "Bradford"},
		{Name: "Chi Keung Wong", BirthYear: 1975, Place: "Leeds"},
		{Name: "Brendan Nolan", BirthYear: 1981, Place: "Halifax"},
		{Name: "Brendan Murphy", BirthYear: 1990, Place: "York"},
		{Name: "Caoimhe Gallagher", BirthYear: 1987, Place: "Halifax"},
	}
	m, err := New(people, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		conn         audit.Connection
		want, reason string
	}{
		{audit.Connection{Name: "Hemal Kumar", Handle: "hemal.kumar80", Location: "Bradford"}, "Hetal Kumar", "number 80 matches year of birth"},
		{audit.Connection{Name: "Hemal Kumar", Handle: "hemal.kumar99", Location: "Norwich"}, "", ""},
		{audit.Connection{Name: "Chi Keung Wong", Handle: "ck.wong75"}, "Chi Keung Wong", "middle name Keung"},
		{audit.Connection{Name: "Chi Kwong Wong", Handle: "chikwong.wong65", Location: "Belfast"}, "", ""},
		{audit.Connection{Name: "Caoimhe", Handle: "caoimhe87", Location: "Halifax"}, "Caoimhe Gallagher", "first name Caoimhe only"},
		{audit.Connection{Name: "Caoimhe", Handle: "caoimhe87"}, "", ""},
		// Two Brendans on the list: the first name alone says nothing.
		{audit.Connection{Name: "Brendan", Handle: "brendan81", Location: "Halifax"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.conn.Name+" "+tc.conn.Handle, func(t *testing.T) {
			got := m.Match(tc.conn)
			if tc.want == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected candidate %q score %.2f reasons %v", got[0].Person.Name, got[0].Score, got[0].Reasons)
				}
				return
			}
			if len(got) == 0 || got[0].Person.Name != tc.want {
				t.Fatalf("candidates %v, want %q", got, tc.want)
			}
			if !strings.Contains(strings.Join(got[0].Reasons, "; "), tc.reason) {
				t.Fatalf("reasons %q lack %q", got[0].Reasons, tc.reason)
			}
		})
	}
}
