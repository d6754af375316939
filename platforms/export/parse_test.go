package export

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"chaperone/audit"
)

func TestFixMojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ascii", "plain ascii"},
		{"Zo\u00c3\u00ab", "Zoë"},
		{"\u00e2\u0098\u0080 sunny", "☀ sunny"},
		{"\u00f0\u009f\u008f\u0083", "🏃"},
		{"café", "café"},           // already right: Latin-1 é alone is not UTF-8
		{"Zoë and ☀", "Zoë and ☀"}, // runes above U+00FF: left alone
		{"", ""},
	}
	for _, tc := range tests {
		if got := FixMojibake(tc.in); got != tc.want {
			t.Errorf("FixMojibake(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2018, 10, 10, 20, 19, 24, 0, time.UTC)
	tests := []struct {
		in   any
		want time.Time
	}{
		{json.Number("1539202764"), want},
		{"1539202764", want},
		{json.Number("1539202764000"), want},
		{"Wed Oct 10 20:19:24 +0000 2018", want},
		{"2018-10-10 20:19:24", want},
		{"2018-10-10T20:19:24Z", want},
		{"10 Oct 2018", time.Date(2018, 10, 10, 0, 0, 0, 0, time.UTC)},
		{"10/10/18", time.Date(2018, 10, 10, 0, 0, 0, 0, time.UTC)},
		{"10/10/18, 8:19 PM", time.Date(2018, 10, 10, 20, 19, 0, 0, time.UTC)},
		{"not a date", time.Time{}},
		{json.Number("0"), time.Time{}},
		{nil, time.Time{}},
	}
	for _, tc := range tests {
		if got := parseTime(tc.in); !got.Equal(tc.want) {
			t.Errorf("parseTime(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// Renamed top keys and extra wrapping still yield the records.
func TestKeyDrift(t *testing.T) {
	files := []file{
		{"fb/connections/friends/your_friends.json", `{"friends_v3":{"items":[{"name":"Kim Ng","timestamp":"2024-02-01"}]},"unrelated":[1,2]}`},
		{"fb/your_activity/posts/your_posts_1.json", `{"status_updates":[{"timestamp":"1704240000","data":[{"post":"Drifted"}],"new_key":true}]}`},
		{"fb/security_and_login_information/where_you’re_logged_in.json", `{"sessions_v9":[{"updated_timestamp":1704240000,"device":"Phone"}]}`},
	}
	snap, err := Read(context.Background(), writeZip(t, files...), testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Connections) != 1 || snap.Connections[0].Name != "Kim Ng" || snap.Connections[0].Since.IsZero() {
		t.Errorf("friends not read through drifted keys: %+v", snap.Connections)
	}
	if len(snap.Posts) != 1 || snap.Posts[0].Text != "Drifted" || snap.Posts[0].At.IsZero() {
		t.Errorf("posts not read through drifted keys: %+v", len(snap.Posts))
	}
	if len(snap.Sessions) != 1 || snap.Sessions[0].Device != "Phone" {
		t.Errorf("sessions: %+v", snap.Sessions)
	}
	// TikTok with differently cased and spaced keys.
	tt := `{"your_activity":{"follower list":{"fans_list":[{"date":"2023-01-01 00:00:00","user_name":"a1"}]}},"POSTS":{"posts":{"video_list":[{"date":"2023-01-02 00:00:00","link":"l","description":"Hello"}]}}}`
	snap, err = Read(context.Background(), writeZip(t, file{"user_data_tiktok.json", tt}), testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Connections) != 1 || snap.Connections[0].Handle != "a1" || len(snap.Posts) != 1 || snap.Posts[0].Text != "Hello" {
		t.Errorf("TikTok drift: %d connections, %d posts", len(snap.Connections), len(snap.Posts))
	}
}

// Export parts of one platform merge into one coverage record.
func TestReadAllParts(t *testing.T) {
	part1 := writeZip(t, file{"friends_and_followers/friends.json", `{"friends_v2":[{"name":"A B","timestamp":1}]}`})
	part2 := writeZip(t, file{"friends_and_followers/friends.json", `{"friends_v2":[{"name":"C D","timestamp":1}]}`},
		file{"posts/your_posts_1.json", `[]`})
	li := writeZip(t, file{"Connections.csv", "First Name,Last Name\nE,F\n"})
	snap, err := ReadAll(context.Background(), []string{part1, part2, li}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Audited(); len(got) != 2 || got[0] != audit.Facebook || got[1] != audit.LinkedIn {
		t.Fatalf("audited %v", got)
	}
	fb := snap.CoverageFor(audit.Facebook)
	if _, ok := fb.Missing["facebook.posts"]; ok {
		t.Error("posts are in part 2, so not missing")
	}
	if fb.Missing["facebook.sessions"] == "" {
		t.Error("sessions are in no part: missing")
	}
	if f := snap.Facts["facebook.connections"]; f.Value != "2" {
		t.Errorf("friends count %q, want 2 (both parts)", f.Value)
	}
	if len(snap.Connections) != 3 {
		t.Errorf("%d connections, want 3", len(snap.Connections))
	}
	if _, err := ReadAll(context.Background(), []string{part1, filepath.Join(t.TempDir(), "gone.zip")}, testOpts()); err == nil {
		t.Error("a missing part must fail the whole import")
	}
}

// Photos are copied only into ImageDir, only when asked, and only within
// the archive.
func TestImages(t *testing.T) {
	jpeg := "\xff\xd8\xff\xe0 fictional jpeg bytes"
	files := []file{
		{"top/your_activity_across_facebook/posts/your_posts_1.json", `[{"timestamp":1,"attachments":[{"data":[{"media":{"uri":"your_activity_across_facebook/posts/media/a.jpg"}}]},{"data":[{"media":{"uri":"../../outside.jpg"}}]}]}]`},
		{"top/your_activity_across_facebook/posts/media/a.jpg", jpeg},
	}
	p := writeZip(t, files...)
	snap, err := Read(context.Background(), p, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range snap.Posts[0].Images {
		if im.File != "" {
			t.Errorf("no ImageDir, yet a file %q", im.File)
		}
	}
	dir := t.TempDir()
	o := testOpts()
	o.ImageDir = dir
	snap, err = Read(context.Background(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	ims := snap.Posts[0].Images
	if len(ims) != 2 || ims[0].File == "" || ims[1].File != "" {
		t.Fatalf("images %+v", ims)
	}
	if filepath.Dir(ims[0].File) != dir {
		t.Errorf("copied outside ImageDir: %s", ims[0].File)
	}
	if data, err := os.ReadFile(ims[0].File); err != nil || string(data) != jpeg {
		t.Errorf("copy: %v", err)
	}
}

func TestDirectoryAndSingleFile(t *testing.T) {
	dir := writeDir(t, file{"data/follower.js", `window.YTD.follower.part0 = [{"follower":{"accountId":"1","userLink":"u"}}]`})
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "data", "account.js")); err != nil {
		t.Fatal(err)
	}
	snap, err := Read(context.Background(), dir, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if snap.Coverage[0].Account != "" || len(snap.Connections) != 1 {
		t.Errorf("symlinks must not be followed: %+v", snap.Coverage[0])
	}
	single := filepath.Join(dir, "data", "follower.js")
	if snap, err = Read(context.Background(), single, testOpts()); err != nil || len(snap.Connections) != 1 {
		t.Errorf("single file: %v", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, writeZip(t, file{"friends.json", `{"friends":[]}`}), testOpts()); err == nil {
		t.Error("a cancelled import must fail")
	}
}

func FuzzFixMojibake(f *testing.F) {
	for _, s := range []string{"", "abc", "Zo\u00c3\u00ab", "\u00e2\u0098", "café", "Zoë ☀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := FixMojibake(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("FixMojibake(%q) = %q, not valid UTF-8", s, got)
		}
		if got != s && len(got) >= len(s) {
			t.Fatalf("a fix only ever shortens: %q -> %q", s, got)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"1539202764", "Wed Oct 10 20:19:24 +0000 2018", "23 Nov 2026", "11/23/26", "1e308", "-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parseTime(s)
	})
}

// FuzzRead feeds whole archives through every importer: whatever the bytes,
// Read returns a snapshot or an error, never a panic.
func FuzzRead(f *testing.F) {
	f.Add("friends.json", []byte(`{"friends":[{"name":"a"}]}`))
	f.Add("user_data.json", []byte(`{"Activity":{"Follower List":{"FansList":[{"UserName":"u"}]}}}`))
	f.Add("tweets.js", []byte(`window.YTD.tweets.part0 = [{"tweet":{"full_text":"t"}}]`))
	f.Add("Connections.csv", []byte("First Name,Last Name\na,b\n"))
	f.Add("posts_1.json", []byte(`[{"media":[{"uri":"a.jpg","title":"t"}]}]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		name = filepath.Base(strings.ToLower(name))
		if name == "." || name == "/" || strings.ContainsAny(name, "\x00") {
			return
		}
		p := filepath.Join(dir, "in.zip")
		z := writeZipBytes(t, name, body)
		if err := os.WriteFile(p, z, 0o600); err != nil {
			t.Skip(err)
		}
		o := testOpts()
		o.MaxFileBytes = 1 << 20
		Read(context.Background(), p, o)
	})
}
