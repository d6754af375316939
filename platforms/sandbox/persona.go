package sandbox

import (
	"sync"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox/replica"
)

// Persona is the fictional doctor common to every replica (name, role,
// practice, town) and the demo watch-list of fictional patients; each
// replica builds its own account data from it.
type Persona struct {
	// Name is how the doctor is addressed, e.g. "Dr Sarah Bennett".
	Name string
	// DisplayName is the name the networks show, without the title.
	DisplayName string
	Role        string
	Practice    string
	Town        string // the practice's town, e.g. "Hollingford"
	County      string
	Hometown    string // where the doctor grew up, "Town, County"
	Email       string
	Phone       string

	mu      sync.Mutex
	secrets map[audit.Platform]Secret
}

// Secret is the password and authenticator secret of one replica account.
type Secret struct {
	Password   string
	TOTPSecret string // base32
}

// Secret returns the persona's password and authenticator secret on a
// network, made at random the first time it is asked for, so that no
// credential is ever written in the source and two replicas built from one
// persona accept the same login.
func (p *Persona) Secret(pl audit.Platform) Secret {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.secrets[pl]; ok {
		return s
	}
	if p.secrets == nil {
		p.secrets = map[audit.Platform]Secret{}
	}
	s := Secret{Password: replica.Password(), TOTPSecret: otp.NewSecret()}
	p.secrets[pl] = s
	return s
}

// Place is the practice's town with its county, as profiles write it.
func (p *Persona) Place() string {
	if p.County == "" {
		return p.Town
	}
	return p.Town + ", " + p.County
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
// connections under a nickname or another spelling, one as a pending
// request, one not at all. All fictional.
func DemoWatchlist() []WatchEntry {
	return []WatchEntry{
		{Name: "Margaret Thornton", Town: demoTown},
		{Name: "Stephen Aldridge", Town: demoTown},
		{Name: "Katherine O'Neill", Town: "Lower Brockley"},
		{Name: "Daniel Whitcombe", Town: demoTown},
		{Name: "Eileen Pargeter", Town: demoTown},
	}
}

// DemoPersona returns the demo GP. Every call is a new persona with its own
// random credentials.
func DemoPersona() *Persona {
	return &Persona{
		Name:        "Dr Sarah Bennett",
		DisplayName: "Sarah Bennett",
		Role:        "GP partner",
		Practice:    demoPractice,
		Town:        demoTown,
		County:      demoCounty,
		Hometown:    "Ashcombe Regis, Dorset",
		Email:       "sarah.bennett@example.org",
		Phone:       "+44 7700 900461",
	}
}

// Fictional first names, surnames and other towns for the people replicas
// make up around the persona. Surnames of the watch-list are deliberately
// absent, so that only the entries a replica plants on purpose match it.
var (
	firstNames = []string{
		"Alice", "Amelia", "Andrew", "Anna", "Beth", "Ben", "Charlotte", "Chris",
		"Claire", "Dan", "David", "Eleanor", "Emily", "Emma", "Fiona", "George",
		"Grace", "Hannah", "Harry", "Helen", "Isla", "Jack", "James", "Jane",
		"Jess", "Joe", "Kate", "Laura", "Liam", "Lucy", "Mark", "Matt", "Megan",
		"Mike", "Naomi", "Nick", "Olivia", "Oliver", "Paul", "Priya", "Rachel",
		"Rob", "Rosie", "Ruth", "Sam", "Sophie", "Tom", "Vicky", "Will", "Zoe",
		"Aisha", "Imran", "Kwame", "Niamh", "Siobhan", "Rhys", "Gareth", "Mei",
		"Tariq", "Yusuf", "Ewan", "Morag",
	}
	surnames = []string{
		"Abbott", "Ashworth", "Bainbridge", "Barraclough", "Blackwood", "Brereton",
		"Carrow", "Chadwick", "Cresswell", "Dunmore", "Ellery", "Fairbairn",
		"Fenwick", "Garside", "Hargreave", "Haverstock", "Holroyd", "Inchbald",
		"Jessop", "Kettlewell", "Lambourne", "Langridge", "Marchbank", "Medlicott",
		"Netherwood", "Oakes", "Pemberton", "Pickering", "Quennell", "Rainford",
		"Redfern", "Rushworth", "Sandiford", "Shuttleworth", "Stanier", "Tallis",
		"Tattersall", "Umfreville", "Varley", "Wadsworth", "Wetherall", "Yardley",
		"Okafor", "Mensah", "Chaudhry", "Kapoor", "Nakamura", "Kowalski", "Byrne",
		"MacLeod", "Llewellyn", "Costa",
	}
	otherTowns = []string{
		"Bristol", "Bath", "Swindon", "Salisbury", "London", "Oxford", "Cardiff",
		"Reading", "Devizes", "Leeds", "Manchester", "Exeter", "Cheltenham",
		"Marlow", "Edinburgh", "Brighton",
	}
)

// FirstNames, Surnames and OtherTowns return copies of the name pools.
func FirstNames() []string { return append([]string(nil), firstNames...) }

// Surnames returns the fictional surnames (none on the watch-list).
func Surnames() []string { return append([]string(nil), surnames...) }

// OtherTowns returns towns that are not the practice's.
func OtherTowns() []string { return append([]string(nil), otherTowns...) }
