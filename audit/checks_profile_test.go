package audit

import (
	"encoding/json"
	"strings"
	"testing"

	"chaperone/assets"
)

// profileRun runs shipped check id on platform p of s through Evaluate's
// completion, returning its findings.
func profileRun(t *testing.T, id string, s *Snapshot, p Platform) []Finding {
	t.Helper()
	c, ok := shipped(t).ByID(id)
	if !ok {
		t.Fatalf("no check %s", id)
	}
	var out []Finding
	for _, f := range c.Run(s, p) {
		out = append(out, complete(f, c, s, p, nil))
	}
	return out
}

func statuses(fs []Finding) string {
	var parts []string
	for _, f := range fs {
		s := string(f.Status)
		if f.Subject != "" {
			s += ":" + f.Subject
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func withPosts(cov []Coverage, posts ...Post) *Snapshot {
	s := snap(cov, nil)
	s.Posts = posts
	return s
}

func TestClinicalAreaImages(t *testing.T) {
	const secret = "Mr Bloggs in bay 3"
	pic := func(alt string) []Image { return []Image{{URL: "https://www.facebook.com/photo/1", Alt: alt}} }
	cases := []struct {
		name  string
		posts []Post
		want  string
	}{
		{"no posts read", nil, "UNKNOWN"},
		{"no pictures", []Post{{Platform: Facebook, ID: "a", Text: "hello"}}, "N/A"},
		{"described as hospital", []Post{{Platform: Facebook, ID: "a", Text: secret, Images: pic("May be an image of 1 person and hospital")}}, "WARN:a"},
		{"post says on the ward", []Post{{Platform: Facebook, ID: "a", Text: "Night shift on the ward, " + secret, Images: []Image{{URL: "u"}}}}, "WARN:a"},
		{"described elsewhere", []Post{{Platform: Facebook, ID: "a", Text: "Summit", Images: pic("Photo of a mountain ridge")}}, "PASS"},
		{"not described", []Post{{Platform: Facebook, ID: "a", Text: "Great night", Images: []Image{{URL: "u"}}}}, "UNKNOWN"},
		{"a theatre is not an operating theatre", []Post{{Platform: Facebook, ID: "a", Text: "At the theatre tonight", Images: pic("May be an image of stage")}}, "PASS"},
		{"flagged and undescribed", []Post{
			{Platform: Facebook, ID: "a", Images: pic("image of operating theatre")},
			{Platform: Facebook, ID: "b", Text: "Party", Images: []Image{{URL: "u"}}},
		}, "WARN:a UNKNOWN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := profileRun(t, "pictures.clinical_areas", withPosts(fbCov(), c.posts...), Facebook)
			if got := statuses(fs); got != c.want {
				t.Fatalf("got %s, want %s (%+v)", got, c.want, fs)
			}
			for _, f := range fs {
				if len(f.Evidence) == 0 {
					t.Errorf("%s without evidence", f.Status)
				}
				for _, e := range f.Evidence {
					if strings.Contains(e.What+f.Reason+f.Title, "Bloggs") {
						t.Errorf("a finding quotes the post: %q", e.What)
					}
				}
				if f.Status == Warn && (!strings.Contains(f.Title, "clinical area") || f.Remediation == "") {
					t.Errorf("WARN title %q remediation %q", f.Title, f.Remediation)
				}
			}
		})
	}
}

func TestJudgeName(t *testing.T) {
	var spec ruleSpec
	for _, r := range mustRules(t) {
		if r.ID == "profile.named_clinical_advice" {
			spec = r
		}
	}
	for name, want := range map[string]Status{
		"Dr Sarah Jones MRCGP":       Pass,
		"Dr Sam O'Neill":             Pass,
		"FY1 Doctor Jane Smith":      Pass,
		"Jane 🩺 Smith":               Pass,
		"Priya Patel-Shah, GP":       Pass,
		"Sarah":                      Warn,
		"Dr S. Jones":                Warn,
		"The Secret GP":              Fail,
		"dr_sleepy":                  Fail,
		"NHS Medic":                  Fail,
		"TiredRegistrar99":           Fail,
		"Confessions of a Junior Dr": Fail,
		"":                           Fail,
	} {
		if got, why := judgeName(name, spec.NotName, spec.Pseudonym); got != want {
			t.Errorf("judgeName(%q) = %s (%s), want %s", name, got, why, want)
		}
	}
}

// mustRules is the shipped profile checks' specs.
func mustRules(t *testing.T) []ruleSpec {
	t.Helper()
	data, err := assets.FS.ReadFile("checks/profile.json")
	if err != nil {
		t.Fatal(err)
	}
	var rf ruleFile
	if err := json.Unmarshal(data, &rf); err != nil {
		t.Fatal(err)
	}
	return rf.Checks
}

func TestNamedClinicalAdvice(t *testing.T) {
	clinical := Post{Platform: X, ID: "c", Text: "If you have chest pain, call 999, not 111.", Public: true}
	harmless := Post{Platform: X, ID: "h", Text: "Lovely walk", Public: true}
	private := Post{Platform: X, ID: "p", Text: "Antibiotics do not treat colds", Audience: AudienceFollowers}
	name := func(raw string) map[string]string { return map[string]string{"x.public_view.name": raw} }
	cases := []struct {
		name  string
		posts []Post
		facts map[string]string
		want  Status
		why   string
	}{
		{"no posts", nil, nil, Unknown, "No posts were read"},
		{"none public", []Post{private}, nil, NA, "is public"},
		{"nothing clinical", []Post{harmless}, nil, NA, "clinical content"},
		{"name not read", []Post{clinical, harmless}, nil, Unknown, "label moved"},
		{"named", []Post{clinical}, name("Dr Sarah Jones"), Pass, "Sarah Jones"},
		{"one name", []Post{clinical}, name("Sarah"), Warn, "only one name"},
		{"pseudonym", []Post{clinical}, name("The Secret GP"), Fail, "made-up"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cov := []Coverage{{Platform: X, Source: SourcePublicView, Missing: map[string]string{"x.public_view.name": "label moved"}}}
			s := snap(cov, nil)
			for id, v := range c.facts {
				s.SetFact(Fact{ID: id, Value: strings.ToLower(v), Raw: v, Source: SourcePublicView, At: factTime})
			}
			s.Posts = c.posts
			fs := profileRun(t, "profile.named_clinical_advice", s, X)
			if len(fs) != 1 || fs[0].Status != c.want || !strings.Contains(fs[0].Reason, c.why) {
				t.Fatalf("got %+v, want %s with %q", fs, c.want, c.why)
			}
			if strings.Contains(fs[0].Reason+fs[0].Evidence[0].What, "999") {
				t.Error("a finding quotes the post")
			}
		})
	}
}

func TestPersonalProfessionalLinks(t *testing.T) {
	fb := Coverage{Platform: Facebook, Source: SourceSettings, Profile: "https://www.facebook.com/dr.sarah"}
	li := Coverage{Platform: LinkedIn, Source: SourceExport, Profile: "https://www.linkedin.com/in/sarah-jones/"}
	wa := Coverage{Platform: WhatsApp, Source: SourceSettings}
	links := func(p Platform, raw string) Fact {
		return Fact{ID: string(p) + ".public_view.links", Value: strings.ToLower(raw), Raw: raw, Source: SourcePublicView, At: factTime}
	}
	post := func(p Platform, text string) Post {
		return Post{Platform: p, ID: string(p) + "1", Text: text, Source: SourceSettings}
	}
	cases := []struct {
		name  string
		cov   []Coverage
		facts []Fact
		posts []Post
		want  map[Platform]Status
	}{
		{"only personal accounts", []Coverage{fb}, []Fact{links(Facebook, "")}, []Post{post(Facebook, "hi")},
			map[Platform]Status{Facebook: NA}},
		{"profile links to LinkedIn", []Coverage{fb, li},
			[]Fact{links(Facebook, "LinkedIn: https://uk.linkedin.com/in/x, www.linkedin.com/in/Sarah-Jones"), links(LinkedIn, "https://example.org")},
			[]Post{post(Facebook, "hi"), post(LinkedIn, "New role")},
			map[Platform]Status{Facebook: Warn, LinkedIn: Pass}},
		{"a post links back", []Coverage{fb, li},
			[]Fact{links(Facebook, ""), links(LinkedIn, "")},
			[]Post{post(Facebook, "hi"), post(LinkedIn, "More about me at https://facebook.com/dr.sarah.")},
			map[Platform]Status{Facebook: Pass, LinkedIn: Warn}},
		{"a longer address is another profile", []Coverage{fb, li},
			[]Fact{links(Facebook, "linkedin.com/in/sarah-jonesy"), links(LinkedIn, "")},
			[]Post{post(Facebook, "hi"), post(LinkedIn, "hello")},
			map[Platform]Status{Facebook: Pass, LinkedIn: Pass}},
		{"links not read", []Coverage{fb, li}, nil, []Post{post(Facebook, "hi"), post(LinkedIn, "hello")},
			map[Platform]Status{Facebook: Unknown, LinkedIn: Unknown}},
		{"WhatsApp has no profile: a chat link is a link to it", []Coverage{li, wa},
			[]Fact{links(LinkedIn, "Contact: https://wa.me/447700900123"), links(WhatsApp, "")},
			[]Post{post(LinkedIn, "hello"), post(WhatsApp, "hi")},
			map[Platform]Status{LinkedIn: Warn}},
		{"a post opens a WhatsApp chat", []Coverage{li, wa},
			[]Fact{links(LinkedIn, "https://example.org")},
			[]Post{post(LinkedIn, "Message me (api.whatsapp.com/send?phone=447700900123)"), post(WhatsApp, "hi")},
			map[Platform]Status{LinkedIn: Warn}},
		{"no chat link, a group invite and a look-alike host", []Coverage{li, wa},
			[]Fact{links(LinkedIn, "https://chat.whatsapp.com/AbCd https://notwa.me/x https://www.whatsapp.com/")},
			[]Post{post(LinkedIn, "hello"), post(WhatsApp, "hi")},
			map[Platform]Status{LinkedIn: Pass}},
		{"professional X declared", []Coverage{fb, {Platform: X, Source: SourceSettings, Profile: "https://x.com/drsarah"}},
			[]Fact{links(Facebook, "https://twitter.com/drsarah https://x.com/drsarah"), links(X, ""),
				{ID: "x.profile_kind", Value: KindProfessional, Source: SourceSettings, At: factTime}},
			[]Post{post(Facebook, "hi"), post(X, "hello")},
			map[Platform]Status{Facebook: Warn, X: Pass}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := snap(c.cov, nil)
			for _, f := range c.facts {
				s.SetFact(f)
			}
			s.Posts = c.posts
			for p, want := range c.want {
				fs := profileRun(t, "profile.personal_professional_links", s, p)
				if len(fs) != 1 || fs[0].Status != want {
					t.Errorf("%s: got %s, want %s", p, statuses(fs), want)
					continue
				}
				if len(fs[0].Evidence) == 0 {
					t.Errorf("%s: no evidence", p)
				}
			}
		})
	}
}

func TestLinkKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.linkedin.com/in/Sarah-Jones/": "linkedin.com/in/sarah-jones",
		"http://127.0.0.1:41235/dr.demo.gp":        "127.0.0.1:41235/dr.demo.gp",
		"https://www.facebook.com/":                "",
		"not a url":                                "",
	} {
		if got := linkKey(in); got != want {
			t.Errorf("linkKey(%q) = %q, want %q", in, got, want)
		}
	}
}
