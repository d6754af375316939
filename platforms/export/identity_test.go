package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/match"
	"chaperone/audit/watchlist"
)

// A person confirmed as a patient is the same person whether the friends
// list came from the live site or from an export: the export's friend
// carries the name, handle and URL the live adapter builds for the same
// profile link (platforms/facebook: Name as shown, Handle the path without
// "/" or "profile.php?id=", URL the site's base and that path).
func TestSamePersonLiveAndExport(t *testing.T) {
	live := []audit.Connection{
		{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Zoë Ålander", Handle: "zoe.alander", URL: "https://www.facebook.com/zoe.alander", Mutual: -1},
		{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Tom Field", Handle: "100004", URL: "https://www.facebook.com/profile.php?id=100004", Mutual: -1},
	}
	files := []file{{"fb/connections/friends/your_friends.json", `{"friends_v2":[` +
		`{"name":"  ` + moji("Zoë") + `   ` + moji("Ålander") + ` ","timestamp":1704067200,"href":"https://m.facebook.com/zoe.alander/"},` +
		`{"name":"Tom Field","timestamp":1704067200,"href":"https://www.facebook.com/profile.php?id=100004&ref=x"}]}`}}
	snap, err := Read(context.Background(), writeZip(t, files...), testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Connections) != 2 {
		t.Fatalf("%d friends", len(snap.Connections))
	}
	rv := watchlist.NewReview([]watchlist.Person{{Name: "Zoe Alander"}, {Name: "Tom Field"}}, watchlist.Practice{}, nil)
	m, err := match.New(rv.People, match.Options{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range snap.Connections {
		want := live[i]
		if got.Name != want.Name || got.Handle != want.Handle || got.URL != want.URL || got.Location != want.Location {
			t.Errorf("export friend %+v, live friend %+v", got, want)
		}
		if rv.ConnID(got) != rv.ConnID(want) {
			t.Errorf("%s: the export gives another connection ID than the live site", want.Handle)
		}
		if g, w := m.Match(got), m.Match(want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: matched %+v from the export, %+v live", want.Handle, g, w)
		}
	}
}

func TestProfileLink(t *testing.T) {
	for in, want := range map[string][2]string{
		"https://www.facebook.com/jane.doe":             {"jane.doe", "https://www.facebook.com/jane.doe"},
		"https://facebook.com/jane.doe/":                {"jane.doe", "https://www.facebook.com/jane.doe"},
		"https://www.facebook.com/profile.php?id=42":    {"42", "https://www.facebook.com/profile.php?id=42"},
		"https://www.facebook.com/groups/1":             {"", "https://www.facebook.com/groups/1"},
		"https://evil.example/jane.doe":                 {"", "https://evil.example/jane.doe"},
		"":                                              {"", ""},
		"https://www.facebook.com/profile.php?other=42": {"", "https://www.facebook.com/profile.php?other=42"},
	} {
		h, u := fbProfileLink(in)
		if h != want[0] || u != want[1] {
			t.Errorf("fbProfileLink(%q) = %q, %q; want %q, %q", in, h, u, want[0], want[1])
		}
	}
}

// One part of a split export that cannot read a list makes the list
// UNKNOWN for the whole export: the other part's entries are a part, not
// the whole.
func TestReadAllPartFails(t *testing.T) {
	part1 := writeZip(t, file{"fb/friends/friends.json", fbFriendsOK}, file{"fb/posts/your_posts_1.json", `[]`})
	part2 := writeZip(t, file{"fb/friends/friends.json", `{"friends_v2":[{"name":"E F"},{"name":`})
	snap, err := ReadAll(context.Background(), []string{part1, part2}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	wantLists(t, snap, audit.Facebook, map[string][]string{"connections": {"fb/friends/friends.json", "not valid JSON"}}, map[string]int{"posts": 0})
	// And the other way round.
	snap, err = ReadAll(context.Background(), []string{part2, part1}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	wantLists(t, snap, audit.Facebook, map[string][]string{"connections": {"not valid JSON"}}, map[string]int{"posts": 0})
}

// Photos are streamed into ImageDir under their own limits: one too large
// is not copied, and the posts' evidence says so; the posts still count.
func TestPhotoLimits(t *testing.T) {
	files := []file{
		{"top/posts/your_posts_1.json", `[{"timestamp":1,"attachments":[{"data":[{"media":{"uri":"posts/media/a.jpg"}}]}]},` +
			`{"timestamp":2,"attachments":[{"data":[{"media":{"uri":"posts/media/a.jpg"}},{"media":{"uri":"posts/media/big.jpg"}}]}]}]`},
		{"top/posts/media/a.jpg", "\xff\xd8\xff\xe0 small"},
		{"top/posts/media/big.jpg", "\xff\xd8\xff\xe0" + strings.Repeat("x", 4096)},
	}
	o := testOpts()
	o.ImageDir = t.TempDir()
	o.MaxImageBytes = 1 << 10
	snap, err := Read(context.Background(), writeZip(t, files...), o)
	if err != nil {
		t.Fatal(err)
	}
	wantLists(t, snap, audit.Facebook, nil, map[string]int{"posts": 2})
	a1, a2, big := snap.Posts[0].Images[0], snap.Posts[1].Images[0], snap.Posts[1].Images[1]
	if a1.File == "" || a1.File != a2.File {
		t.Errorf("the same photo twice: %q, %q", a1.File, a2.File)
	}
	if big.File != "" {
		t.Errorf("a photo over the limit was copied to %s", big.File)
	}
	if ev := snap.Facts["facebook.posts"].Evidence; !strings.Contains(ev, "top/posts/media/big.jpg: is larger than 1 KB") {
		t.Errorf("evidence %q does not say which photo was not copied", ev)
	}
	if ents, _ := os.ReadDir(o.ImageDir); len(ents) != 1 {
		t.Errorf("%d files in ImageDir, want 1", len(ents))
	}
}

// A photo copy never replaces what is already at its name, such as a
// symbolic link to a file elsewhere.
func TestPhotoNeverReplaces(t *testing.T) {
	jpeg := "\xff\xd8\xff\xe0 planted"
	files := []file{
		{"top/posts/your_posts_1.json", `[{"timestamp":1,"attachments":[{"data":[{"media":{"uri":"posts/media/a.jpg"}}]}]}]`},
		{"top/posts/media/a.jpg", jpeg},
	}
	o := testOpts()
	o.ImageDir = t.TempDir()
	target := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(target, []byte("keep me"), 0o600)
	h := sha256.Sum256([]byte(jpeg))
	if err := os.Symlink(target, filepath.Join(o.ImageDir, hex.EncodeToString(h[:12])+".jpg")); err != nil {
		t.Fatal(err)
	}
	snap, err := Read(context.Background(), writeZip(t, files...), o)
	if err != nil {
		t.Fatal(err)
	}
	if f := snap.Posts[0].Images[0].File; f != "" {
		t.Errorf("the photo points at %s, a link planted there", f)
	}
	if data, _ := os.ReadFile(target); string(data) != "keep me" {
		t.Errorf("the link's target was overwritten: %q", data)
	}
	if ev := snap.Facts["facebook.posts"].Evidence; !strings.Contains(ev, "is already there") {
		t.Errorf("evidence %q", ev)
	}
}
