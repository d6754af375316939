package facebook

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// RFC 6238 appendix B, SHA-1, truncated to the 6 digits apps show.
func TestParseTime(t *testing.T) {
	want := time.Date(2025, 8, 12, 13, 20, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"Tuesday 12 August 2025 at 13:20", want},
		{"Tuesday, 12 August 2025 at 13:20", want},
		{"Tuesday, August 12, 2025 at 1:20 PM", want},
		{"2025-08-12T13:20:00Z", want},
		{"2025-08-12T14:20:00+01:00", want},
		{"1755004800", time.Unix(1755004800, 0).UTC()},
		{"12 August 2025", time.Date(2025, 8, 12, 0, 0, 0, 0, time.UTC)},
		{"3h", time.Time{}},
		{"", time.Time{}},
	} {
		if got := ParseTime(tc.in); !got.Equal(tc.want) {
			t.Errorf("ParseTime(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	f.Add("Tuesday 12 August 2025 at 13:20")
	f.Add("1755004800")
	f.Fuzz(func(t *testing.T, s string) {
		if got := ParseTime(s); !got.IsZero() && got.Location() != time.UTC {
			t.Fatalf("not UTC: %v", got)
		}
	})
}

func TestParseSession(t *testing.T) {
	for _, tc := range []struct {
		lines   []string
		current bool
		want    audit.Session
	}{
		{[]string{"Linux · Hollingford, UK", "Chrome · Active now"}, true,
			audit.Session{Platform: audit.Facebook, Device: "Linux (Chrome)", Location: "Hollingford, UK", LastActive: "Active now", Current: true}},
		{[]string{"iPad • Leeds • UK", "14 weeks ago"}, false,
			audit.Session{Platform: audit.Facebook, Device: "iPad", Location: "Leeds, UK", LastActive: "14 weeks ago"}},
		{[]string{"Windows PC"}, false, audit.Session{Platform: audit.Facebook, Device: "Windows PC"}},
	} {
		if got := parseSession(tc.lines, tc.current); got != tc.want {
			t.Errorf("parseSession(%q) = %+v, want %+v", tc.lines, got, tc.want)
		}
	}
}

func TestEmbeddedConfig(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range c.Facts {
		ids[f.ID] = true
		// Every value word maps to a canonical value.
		for w, v := range f.Values {
			switch v {
			case audit.On, audit.Off, audit.Done, audit.NotDone, audit.AudiencePublic, audit.AudienceFriends,
				audit.AudienceFriendsOfFriend, audit.AudienceFriendsExcept, audit.AudienceSpecific,
				audit.AudienceOnlyMe, audit.AudienceCustom, audit.AudienceEveryone:
			default:
				t.Errorf("%s: word %q maps to unknown value %q", f.ID, w, v)
			}
		}
	}
	for _, id := range []string{
		"facebook.future_posts_audience", "facebook.friends_list_visibility",
		"facebook.friend_requests_from", "facebook.lookup_email", "facebook.lookup_phone",
		"facebook.search_engine_link", "facebook.tag_review", "facebook.timeline_review", "facebook.tagged_visibility",
		"facebook.others_post_visibility", "facebook.who_can_follow", "facebook.followers_visibility",
		"facebook.two_factor", "facebook.login_alerts",
	} {
		if !ids[id] {
			t.Errorf("no configuration for %s", id)
		}
	}
	// "Limit past posts" is an action with no state: never a settings fact.
	if ids[c.PastPosts.ID] || c.PastPosts.JudgedBy != factPublicPosts {
		t.Errorf("past posts: read from settings %v, judged by %q", ids[c.PastPosts.ID], c.PastPosts.JudgedBy)
	}
	if !c.IsWall("https://www.facebook.com/login/?next=x") || !c.IsWall("http://127.0.0.1:1/checkpoint/?next=%2F") || c.IsWall("https://www.facebook.com/settings?tab=privacy") || c.IsWall("https://www.facebook.com/loginhelp") {
		t.Error("IsWall")
	}
	if !c.HasSession([]string{"datr", "xs", "c_user"}) || c.HasSession([]string{"datr"}) {
		t.Error("HasSession")
	}
}

// TestConfigRejects: a broken configuration is an error, not a silent gap.
func TestConfigRejects(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "assets", "platforms", "facebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(string) string{
		"unknown field": func(s string) string { return strings.Replace(s, `"me_path"`, `"mee_path"`, 1) },
		"unknown page":  func(s string) string { return strings.Replace(s, `"page": "posts"`, `"page": "nowhere"`, 1) },
		"foreign fact":  func(s string) string { return strings.Replace(s, `"facebook.two_factor"`, `"x.two_factor"`, 1) },
		"not json":      func(s string) string { return s[:len(s)/2] },
		"legacy page": func(s string) string {
			return strings.Replace(s, `"facebook.two_factor": "security"`, `"facebook.two_factor": "nowhere"`, 1)
		},
		"no judge": func(s string) string {
			return strings.Replace(s, `"judged_by": "facebook.public_view.posts"`, `"judged_by": ""`, 1)
		},
	} {
		if _, err := ParseConfig([]byte(mutate(string(good)))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"login":{"path":"/login","walls":["/login"],"session_cookies":["xs"]},"friends":{"path":"/{username}/friends"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
	})
}

// TestMergePosts: a post seen by a stranger is marked public once; a post
// seen only publicly is kept.
func TestMergePosts(t *testing.T) {
	own := []audit.Post{{ID: "1", Source: audit.SourceSettings}, {ID: "2", Source: audit.SourceSettings}}
	public := []audit.Post{{ID: "2", Source: audit.SourcePublicView, Public: true}, {ID: "3", Source: audit.SourcePublicView, Public: true}}
	got := mergePosts(own, public)
	b, _ := json.Marshal(got)
	golden := filepath.Join("testdata", "merge_posts.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != strings.TrimSpace(string(want)) {
		t.Errorf("mergePosts = %s\nwant %s", b, want)
	}
}

func TestSamePage(t *testing.T) {
	for _, tc := range []struct {
		want, got string
		same      bool
	}{
		{"http://127.0.0.1:1/settings?tab=security", "http://127.0.0.1:1/settings/?tab=security", true},
		{"http://127.0.0.1:1/settings?tab=security", "http://127.0.0.1:1/accountscenter/password_and_security/", false},
		{"http://127.0.0.1:1/settings?tab=privacy", "http://127.0.0.1:1/settings/?tab=how_people_find_and_contact_you", false},
		{"http://127.0.0.1:1/settings?tab=privacy", "%zz", false},
	} {
		if got := samePage(tc.want, tc.got); got != tc.same {
			t.Errorf("samePage(%q, %q) = %v", tc.want, tc.got, got)
		}
	}
}
