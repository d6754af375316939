package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms/export/internal/synth"
)

// rawZip writes entries with full control over headers (names, modes).
func rawZip(t *testing.T, hdrs []*zip.FileHeader, bodies []string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, h := range hdrs {
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(bodies[i])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "hostile.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// synthZip writes a zip made by one of the synth writers.
func synthZip(t testing.TB, write func(w *bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "bomb.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func members(ms ...synth.Member) func(*bytes.Buffer) error {
	return func(w *bytes.Buffer) error { return synth.Zip(w, ms...) }
}

// Archives refused as a whole: they cannot be opened, or are hostile.
func TestRefusedArchives(t *testing.T) {
	friends := file{"friends_and_followers/friends.json", `{"friends_v2":[{"name":"A B","timestamp":1}]}`}
	symlink := &zip.FileHeader{Name: "friends_and_followers/link.json", Method: zip.Store}
	symlink.SetMode(os.ModeSymlink | 0o777)
	corrupt := filepath.Join(t.TempDir(), "corrupt.zip")
	if err := os.WriteFile(corrupt, []byte("PK\x03\x04 this is not really a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	truncatedZip := func() string {
		p := writeZip(t, friends, file{"posts/your_posts_1.json", strings.Repeat(`{"x":1}`, 50)})
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, data[:len(data)/2], 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(t.TempDir(), "export.zip")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "export.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	many := func() string {
		var fs []file
		for i := range 50 {
			fs = append(fs, file{fmt.Sprintf("x/%d.txt", i), ""})
		}
		return writeZip(t, fs...)
	}

	tests := []struct {
		name     string
		path     func() string
		opts     func(*Options)
		want     error
		mentions string
	}{
		{"corrupt zip", func() string { return corrupt }, nil, ErrCorrupt, "corrupt.zip"},
		{"truncated zip", truncatedZip, nil, ErrCorrupt, ""},
		{"dot-dot entry", func() string { return writeZip(t, friends, file{"../../etc/friends.json", "{}"}) }, nil, ErrUnsafe, "../../etc/friends.json"},
		{"backslash dot-dot", func() string { return writeZip(t, friends, file{`..\evil.json`, "{}"}) }, nil, ErrUnsafe, "evil.json"},
		{"absolute entry", func() string { return writeZip(t, friends, file{"/tmp/friends.json", "{}"}) }, nil, ErrUnsafe, "/tmp/friends.json"},
		{"drive letter", func() string { return writeZip(t, friends, file{"C:/x/friends.json", "{}"}) }, nil, ErrUnsafe, "C:/x"},
		{"symlink entry", func() string {
			return rawZip(t, []*zip.FileHeader{{Name: friends.name}, symlink}, []string{friends.body, "/etc/passwd"})
		}, nil, ErrUnsafe, "link.json"},
		{"too many entries", many, func(o *Options) { o.MaxFiles = 20 }, ErrTooLarge, "more than 20 entries"},
		{"directory too large", many, func(o *Options) { o.MaxDirectoryBytes = 1 << 10 }, ErrTooLarge, "directory larger than 1 KB"},
		{"a FIFO", func() string { return fifo }, nil, ErrUnsafe, "named pipe (FIFO)"},
		{"a device", func() string { return "/dev/zero" }, nil, ErrUnsafe, "a device"},
		{"a socket", func() string { return sock }, nil, ErrUnsafe, "a socket"},
		{"not an export", func() string { return writeZip(t, file{"holiday/photo.jpg", "\xff\xd8"}) }, nil, ErrUnrecognised, ""},
		{"no such file", func() string { return filepath.Join(t.TempDir(), "nope.zip") }, nil, os.ErrNotExist, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := testOpts()
			if tc.opts != nil {
				tc.opts(&o)
			}
			done := make(chan struct{})
			var snap *audit.Snapshot
			var err error
			go func() {
				defer close(done)
				snap, err = Read(context.Background(), tc.path(), o)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Read blocked")
			}
			if snap != nil {
				t.Error("a refused archive must return no snapshot")
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.mentions) {
				t.Errorf("error %q does not name %q", err, tc.mentions)
			}
		})
	}
}

// wantLists checks which lists were read and which are UNKNOWN: an UNKNOWN
// list has its reason in Coverage.Missing, no count fact and no entries.
func wantLists(t *testing.T, snap *audit.Snapshot, p audit.Platform, unknown map[string][]string, read map[string]int) {
	t.Helper()
	cov := snap.CoverageFor(p)
	if cov == nil || !cov.Read() {
		t.Fatalf("%s not read: %+v", p, cov)
	}
	for id, words := range unknown {
		full := string(p) + "." + id
		why, ok := cov.Missing[full]
		if !ok {
			t.Errorf("%s: not UNKNOWN (fact %+v)", full, snap.Facts[full])
			continue
		}
		for _, w := range words {
			if !strings.Contains(why, w) {
				t.Errorf("%s: reason %q does not say %q", full, why, w)
			}
		}
		if f, ok := snap.Facts[full]; ok {
			t.Errorf("%s: UNKNOWN yet counted %q", full, f.Value)
		}
		if n := entries(snap, p, id); n != 0 {
			t.Errorf("%s: UNKNOWN yet %d entries kept", full, n)
		}
	}
	for id, n := range read {
		full := string(p) + "." + id
		f, ok := snap.Facts[full]
		if !ok || f.Value != fmt.Sprint(n) {
			t.Errorf("%s: fact %+v, want a count of %d (missing: %q)", full, f, n, cov.Missing[full])
		}
		if got := entries(snap, p, id); got != n {
			t.Errorf("%s: %d entries, count says %d", full, got, n)
		}
	}
}

// entries counts the snapshot's entries of one list.
func entries(s *audit.Snapshot, p audit.Platform, id string) int {
	n := 0
	switch id {
	case "connections", "followers", "following":
		for _, c := range s.Connections {
			if c.Platform == p && (id == "connections" || c.Kind == strings.TrimSuffix(id, "s")) {
				n++
			}
		}
	case "pending_requests":
		for _, c := range s.PendingRequests {
			if c.Platform == p {
				n++
			}
		}
	case "posts":
		for _, x := range s.Posts {
			if x.Platform == p {
				n++
			}
		}
	case "sessions":
		for _, x := range s.Sessions {
			if x.Platform == p {
				n++
			}
		}
	}
	return n
}

const fbFriendsOK = `{"friends_v2":[{"name":"A B","timestamp":1},{"name":"C D","timestamp":2}]}`

// A file that cannot be read, or whose records are of the wrong shape,
// makes its own list UNKNOWN with the file and the reason; what can be
// read is still imported.
func TestUnreadableLists(t *testing.T) {
	friends := synth.Member{Name: "fb/connections/friends/your_friends.json", Head: []byte(fbFriendsOK), Size: int64(len(fbFriendsOK))}
	postsOK := synth.Member{Name: "fb/posts/your_posts_1.json", Head: []byte(`[{"timestamp":1,"data":[{"post":"hi"}]}]`), Size: 40}
	small := func(o *Options) { o.MaxFileBytes = 1 << 20 }
	spaces := func(name string, size int64) synth.Member {
		return synth.Member{Name: name, Head: []byte("["), Body: []byte(" "), Tail: []byte("]"), Size: size}
	}
	tests := []struct {
		name    string
		zip     func(*bytes.Buffer) error
		opts    func(*Options)
		p       audit.Platform
		unknown map[string][]string
		read    map[string]int
	}{
		{"one member of a huge ratio", members(friends, synth.BombPosts("fb/posts/your_posts_1.json", 8<<20)), small, audit.Facebook,
			map[string][]string{"posts": {"fb/posts/your_posts_1.json", "inflates beyond 1 MB"}}, map[string]int{"connections": 2}},
		{"declared size over the limit", members(friends, spaces("fb/posts/your_posts_1.json", 2<<20)), small, audit.Facebook,
			map[string][]string{"posts": {"your_posts_1.json", "inflates beyond 1 MB (its declared size)"}}, map[string]int{"connections": 2}},
		{"all files together over the limit", members(friends, spaces("fb/posts/your_posts_1.json", 600<<10), spaces("fb/posts/your_posts_2.json", 600<<10)),
			func(o *Options) { o.MaxTotalBytes = 1 << 20 }, audit.Facebook,
			map[string][]string{"posts": {"your_posts_2.json", "inflate beyond 1 MB in all"}}, map[string]int{"connections": 2}},
		{"many small members", func(w *bytes.Buffer) error {
			ms := []synth.Member{friends}
			for i := range 2000 {
				ms = append(ms, spaces(fmt.Sprintf("fb/posts/your_posts_%d.json", i+1), 64<<10))
			}
			return synth.Zip(w, ms...)
		}, func(o *Options) { o.MaxTotalBytes, o.MaxListFiles = 16<<20, 5000 }, audit.Facebook,
			map[string][]string{"posts": {"inflate beyond 16 MB in all"}}, map[string]int{"connections": 2}},
		{"a list split across too many files", func(w *bytes.Buffer) error {
			ms := []synth.Member{friends}
			for i := range 30 {
				ms = append(ms, synth.Member{Name: fmt.Sprintf("fb/posts/your_posts_%d.json", i+1), Head: []byte("[]"), Size: 2})
			}
			return synth.Zip(w, ms...)
		}, func(o *Options) { o.MaxListFiles = 20 }, audit.Facebook,
			map[string][]string{"posts": {"your_posts_21.json", "split across more than 20 files"}}, map[string]int{"connections": 2}},
		{"overlapping entries", func(w *bytes.Buffer) error {
			return synth.Overlap(w, spaces("a", 1<<20), []string{"fb/posts/your_posts_1.json", "fb/posts/your_posts_2.json", "fb/posts/your_posts_3.json"})
		}, nil, audit.Facebook,
			map[string][]string{"posts": {"your_posts_2.json", "shares its bytes with fb/posts/your_posts_1.json"}}, nil},
		{"a member whose declared size lies", func(w *bytes.Buffer) error {
			m := spaces("fb/connections/friends/your_friends.json", 1<<20)
			m.DeclaredSize = 100
			return synth.Overlap(w, m, []string{m.Name})
		}, nil, audit.Facebook,
			map[string][]string{"connections": {"your_friends.json", "cannot be read from the archive"}}, nil},
		{"nested zip as a JSON file", func(w *bytes.Buffer) error {
			var inner bytes.Buffer
			if err := synth.Zip(&inner, synth.BombPosts("your_posts_1.json", 64<<20)); err != nil {
				return err
			}
			return synth.Zip(w, postsOK, synth.Member{Name: "fb/friends/friends.json", Head: inner.Bytes(), Size: int64(inner.Len())},
				synth.Member{Name: "fb/inner.zip", Head: inner.Bytes(), Size: int64(inner.Len())})
		}, nil, audit.Facebook,
			map[string][]string{"connections": {"fb/friends/friends.json", "not valid JSON"}}, map[string]int{"posts": 1}},
		{"a JSON nesting bomb", members(postsOK, synth.Member{Name: "fb/friends/friends.json", Head: []byte(`{"friends_v2":`), Body: []byte("["), Size: 1 << 20}), nil, audit.Facebook,
			map[string][]string{"connections": {"fb/friends/friends.json", "nesting deeper than 64 levels"}}, map[string]int{"posts": 1}},
		{"a huge single string", members(postsOK, synth.Member{Name: "fb/friends/friends.json", Head: []byte(`{"friends_v2":[{"name":"`), Body: []byte("a"), Tail: []byte(`"}]}`), Size: 1 << 20}), nil, audit.Facebook,
			map[string][]string{"connections": {"fb/friends/friends.json", "a text longer than 256 KB"}}, map[string]int{"posts": 1}},
		{"too many records", members(postsOK, synth.Member{Name: "fb/friends/friends.json", Head: []byte(`{"friends_v2":[{"name":"a"}`), Body: []byte(`,{"name":"a"}`), Tail: []byte("]}"), Size: 13*1000 + 16}),
			func(o *Options) { o.MaxRecords = 500 }, audit.Facebook,
			map[string][]string{"connections": {"fb/friends/friends.json", "more than 500 records"}}, map[string]int{"posts": 1}},
		{"a record too large", members(postsOK, synth.Member{Name: "fb/friends/friends.json", Head: []byte(`[{"name":"a","x":[`), Body: []byte(`"aaaaaaaaaaaaaaa",`), Tail: []byte(`""]}]`), Size: 2 << 20}),
			func(o *Options) { o.MaxRecordBytes = 64 << 10 }, audit.Facebook,
			map[string][]string{"connections": {"fb/friends/friends.json", "record 1 is larger than 64 KB"}}, map[string]int{"posts": 1}},
		{"more kept than the import may hold", members(friends, synth.Member{Name: "fb/posts/your_posts_1.json", Head: []byte(`[{"timestamp":1,"post":"x"}`), Body: []byte(`,{"timestamp":1,"post":"x"}`), Tail: []byte("]"), Size: 27 * 5000}),
			func(o *Options) { o.MaxKeptBytes = 256 << 10 }, audit.Facebook,
			map[string][]string{"posts": {"your_posts_1.json", "the records read from the export exceed 256 KB in all"}}, map[string]int{"connections": 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := testOpts()
			if tc.opts != nil {
				tc.opts(&o)
			}
			snap, err := Read(context.Background(), synthZip(t, tc.zip), o)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			wantLists(t, snap, tc.p, tc.unknown, tc.read)
		})
	}
}

// Records of the wrong shape make their list UNKNOWN, never a count of
// the records that happened to fit.
func TestWrongShapes(t *testing.T) {
	tests := []struct {
		name    string
		files   []file
		p       audit.Platform
		unknown map[string][]string
		read    map[string]int
	}{
		{"a request without a name", []file{
			{"fb/friends/friends.json", fbFriendsOK},
			{"fb/friends/friend_requests_received.json", `{"received_requests_v2":[{"name":"Ann Other","timestamp":1},{"timestamp":2}]}`},
		}, audit.Facebook, map[string][]string{"pending_requests": {"friend_requests_received.json", "record 2: no name"}}, map[string]int{"connections": 2}},
		{"a friend record with other keys", []file{
			{"fb/friends/friends.json", `{"friends_v2":[{"name":"A B","timestamp":1},{"title":"x","uri":"y"}]}`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", "record 2"}}, nil},
		{"friend records with none of the keys", []file{
			{"fb/friends/friends.json", `{"friends_v2":[{"nom":"A B"},{"nom":"C D"}]}`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", "no person records found"}}, nil},
		{"a number where a name belongs", []file{
			{"fb/friends/friends.json", `{"friends_v2":[{"name":"A B","timestamp":1},{"name":12345,"timestamp":2}]}`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", `record 2: "name" is a number, not a text`}}, nil},
		{"an empty list beside lists of other things", []file{
			{"fb/friends/friends.json", `{"friends_v2":[],"x":[{"a":1}]}`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", "no person records found"}}, nil},
		{"TikTok lists at the top level", []file{{"user_data.json", `{"Follower List":[{"UserName":"a"}],"Profile":{"ProfileMap":{"userName":"me"}}}`}},
			audit.TikTok, map[string][]string{"posts": {"the export holds no video list"}}, map[string]int{"connections": 1}},
		{"a list that is not a list", []file{
			{"fb/friends/friends.json", `{"friends":"none"}`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", "no list of person records"}}, nil},
		{"a truncated file", []file{
			{"fb/friends/friends.json", `{"friends_v2":[{"name":"A B","timest`}, {"fb/posts/your_posts_1.json", `[]`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", "not valid JSON", "ends in the middle"}}, map[string]int{"posts": 0}},
		{"an empty file", []file{
			{"fb/friends/friends.json", ``}, {"fb/posts/your_posts_1.json", `[]`},
		}, audit.Facebook, map[string][]string{"connections": {"friends.json", "the file is empty"}}, map[string]int{"posts": 0}},
		{"post data of the wrong type", []file{
			{"fb/friends/friends.json", fbFriendsOK},
			{"fb/posts/your_posts_1.json", `[{"timestamp":1,"data":[{"post":"ok"}]},{"timestamp":2,"data":"nope"}]`},
		}, audit.Facebook, map[string][]string{"posts": {"your_posts_1.json", `record 2: "data" is a text, not a list`}}, map[string]int{"connections": 2}},
		{"a session of the wrong shape", []file{
			{"fb/security/where_you're_logged_in.json", `{"active_sessions":[{"ip_address":"192.0.2.1","location":{"city":"x"}}]}`},
			{"fb/friends/friends.json", fbFriendsOK},
		}, audit.Facebook, map[string][]string{"sessions": {"where_you're_logged_in.json", `"location" is an object`}}, map[string]int{"connections": 2}},
		{"one part of two unreadable", []file{
			{"fb/posts/your_posts_1.json", `[{"timestamp":1,"data":[{"post":"ok"}]}]`},
			{"fb/posts/your_posts_2.json", `[{"timestamp":1,"data":[{"post":"ok"}]`},
		}, audit.Facebook, map[string][]string{"posts": {"your_posts_2.json", "not valid JSON"}}, nil},
		{"instagram followers truncated", []file{
			{"connections/followers_and_following/followers_1.json", `[{"string_list_data":[{"value":"a"`},
			{"connections/followers_and_following/following.json", `{"relationships_following":[{"string_list_data":[{"value":"b","href":"https://www.instagram.com/b"}]}]}`},
			{"content/posts_1.json", `[{"media":[{"uri":"a.jpg","title":"t","creation_timestamp":1}]}]`},
		}, audit.Instagram, map[string][]string{"followers": {"followers_1.json"}, "connections": {"followers_1.json", "not valid JSON"}}, map[string]int{"posts": 1}},
		{"instagram entry without an account", []file{
			{"followers_1.json", `[{"string_list_data":[{"value":"a","timestamp":1}]},{"string_list_data":[{"timestamp":2}]}]`},
		}, audit.Instagram, map[string][]string{"followers": {"record 2: no account name or link"}, "connections": {"followers_1.json"}}, nil},
		{"tweets.js not a list", []file{{"data/tweets.js", `window.YTD.tweets.part0 = {"a":1}`}},
			audit.X, map[string][]string{"posts": {"data/tweets.js", "not a list"}}, nil},
		{"broken tweets.js", []file{{"data/tweets.js", `window.YTD.tweets.part0 = [{"tweet":`}, {"data/follower.js", `window.YTD.follower.part0 = []`}},
			audit.X, map[string][]string{"posts": {"data/tweets.js", "not valid JSON"}}, map[string]int{"connections": 0}},
		{"a tweet text that is a number", []file{{"data/tweets.js", `window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","full_text":7}}]`}},
			audit.X, map[string][]string{"posts": {`"full_text" is a number`}}, nil},
		{"an X follower without an ID", []file{{"data/follower.js", `window.YTD.follower.part0 = [{"follower":{"accountId":"1"}},{"follower":{"userLink":""}}]`}},
			audit.X, map[string][]string{"followers": {"record 2: no account ID or link"}, "connections": {"follower.js"}}, nil},
		{"an unterminated quote in Connections.csv", []file{
			{"Connections.csv", "First Name,Last Name,URL\nA,B,https://www.linkedin.com/in/a\n\"C,D,\nE,F,\n"},
			{"Shares.csv", "Date,ShareLink,ShareCommentary\n2026-01-01,l,hello\n"},
		}, audit.LinkedIn, map[string][]string{"connections": {"Connections.csv", "a quote opened on line 3 is never closed"}}, map[string]int{"posts": 1}},
		{"Connections.csv without a header", []file{{"Connections.csv", "Notes:\nnothing useful here\n"}},
			audit.LinkedIn, map[string][]string{"connections": {"Connections.csv", `no header row with a "First Name" column`}}, nil},
		{"a connection row with no name or link", []file{{"Connections.csv", "First Name,Last Name,URL,Company\nA,B,,\n,,,NHS\n"}},
			audit.LinkedIn, map[string][]string{"connections": {"line 3 has no name and no profile link"}}, nil},
		{"broken TikTok", []file{{"user_data_tiktok.json", `{"Activity":{"Following List":{"Following":[{"UserName":"a"}]}},"Video":`}},
			audit.TikTok, map[string][]string{"connections": {"user_data_tiktok.json", "not valid JSON"}, "posts": {"user_data_tiktok.json"}}, nil},
		{"a TikTok follower without a user name", []file{{"user_data.json", `{"Activity":{"Follower List":{"FansList":[{"UserName":"a"},{"Date":"2022-01-01"}]}},"Video":{"Videos":{"VideoList":[{"Date":"2022-01-01 00:00:00","Desc":"d"}]}}}`}},
			audit.TikTok, map[string][]string{"connections": {"user_data.json", "record 2"}}, map[string]int{"posts": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap, err := Read(context.Background(), writeZip(t, tc.files...), testOpts())
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			wantLists(t, snap, tc.p, tc.unknown, tc.read)
		})
	}
}

// Symbolic links and special files in a folder are never opened: a list
// whose file is one is UNKNOWN and says why.
func TestFolderLinksAndSpecialFiles(t *testing.T) {
	dir := writeDir(t, file{"fb/posts/your_posts_1.json", `[{"timestamp":1,"data":[{"post":"hi"}]}]`})
	outside := filepath.Join(t.TempDir(), "secret.json")
	os.WriteFile(outside, []byte(fbFriendsOK), 0o600)
	os.MkdirAll(filepath.Join(dir, "fb", "friends"), 0o700)
	if err := os.Symlink(outside, filepath.Join(dir, "fb", "friends", "friends.json")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "fb", "security"), 0o700)
	if err := syscall.Mkfifo(filepath.Join(dir, "fb", "security", "where_you're_logged_in.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var snap *audit.Snapshot
	var err error
	go func() { defer close(done); snap, err = Read(context.Background(), dir, testOpts()) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Read blocked on a FIFO in the folder")
	}
	if err != nil {
		t.Fatal(err)
	}
	wantLists(t, snap, audit.Facebook, map[string][]string{
		"connections": {"fb/friends/friends.json", "is a symbolic link; it was not opened"},
		"sessions":    {"where_you're_logged_in.json", "named pipe (FIFO)"},
	}, map[string]int{"posts": 1})
}

// Ctrl-C stops an import promptly, even inside one large member.
func TestCancelMidMember(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 256 MB")
	}
	p := synthZip(t, members(synth.Member{Name: "fb/posts/your_posts_1.json", Head: []byte("["), Body: []byte(" "), Tail: []byte("]"), Size: 256 << 20}))
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := Read(ctx, p, testOpts())
		errc <- err
	}()
	time.Sleep(30 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want the cancellation", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("stopped after %v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled import did not stop")
	}
}

// The 2 GB bomb of the issue (ten overlapping 200 MB members, 200 KB of
// zip) is read at the default limits: one member is read up to its
// 256 KB text, the rest are refused, and nothing huge is kept.
func TestTwoGigabyteBomb(t *testing.T) {
	p := synthZip(t, func(w *bytes.Buffer) error { return synth.Bomb(w, 2<<30) })
	if st, _ := os.Stat(p); st.Size() > 400<<10 {
		t.Fatalf("the bomb is %d bytes", st.Size())
	}
	snap, err := Read(context.Background(), p, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	wantLists(t, snap, audit.Facebook, map[string][]string{"posts": {"your_posts_1.json", "a text longer than 256 KB"}}, nil)
	for _, x := range snap.Posts {
		if len(x.Text) > DefaultMaxText {
			t.Errorf("a post of %d bytes kept", len(x.Text))
		}
	}
}
