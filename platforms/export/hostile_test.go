package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

func TestHostileAndBroken(t *testing.T) {
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
	bomb := file{"posts/your_posts_1.json", `[{"timestamp":1,"data":[{"post":"` + strings.Repeat("a", 1<<20) + `"}]}]`}

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
		{"zip bomb", func() string { return writeZip(t, friends, bomb) }, func(o *Options) { o.MaxFileBytes = 64 << 10 }, ErrTooLarge, "your_posts_1.json"},
		{"total limit", func() string { return writeZip(t, friends, bomb) }, func(o *Options) { o.MaxTotalBytes = 100 << 10 }, ErrTooLarge, "your_posts_1.json"},
		{"too many entries", func() string { return writeZip(t, friends, file{"a.txt", ""}, file{"b.txt", ""}) }, func(o *Options) { o.MaxFiles = 2 }, ErrTooLarge, "entries"},
		{"truncated friends JSON", func() string {
			return writeZip(t, file{"friends_and_followers/friends.json", `{"friends_v2":[{"name":"A B","timest`})
		}, nil, ErrMalformed, "friends_and_followers/friends.json"},
		{"truncated posts JSON", func() string {
			return writeZip(t, friends, file{"posts/your_posts_1.json", `[{"timestamp":1,"data":[{"post":"hi"}]}`})
		}, nil, ErrMalformed, "posts/your_posts_1.json"},
		{"friends file without a list", func() string {
			return writeZip(t, file{"friends/friends.json", `{"friends":"none"}`})
		}, nil, ErrMalformed, "friends/friends.json"},
		{"broken tweets.js", func() string { return writeZip(t, file{"data/tweets.js", `window.YTD.tweets.part0 = [{"tweet":`}) }, nil, ErrMalformed, "data/tweets.js"},
		{"tweets.js not a list", func() string { return writeZip(t, file{"data/tweets.js", `window.YTD.tweets.part0 = {"a":1}`}) }, nil, ErrMalformed, "tweets.js"},
		{"broken Connections.csv", func() string { return writeZip(t, file{"Connections.csv", "Notes:\nnothing useful here\n"}) }, nil, ErrMalformed, "Connections.csv"},
		{"broken TikTok", func() string { return writeZip(t, file{"user_data_tiktok.json", `{"Activity":`}) }, nil, ErrMalformed, "user_data_tiktok.json"},
		{"instagram followers truncated", func() string {
			return writeZip(t, file{"connections/followers_and_following/followers_1.json", `[{"string_list_data":[{"value":"a"`})
		}, nil, ErrMalformed, "followers_1.json"},
		{"not an export", func() string { return writeZip(t, file{"holiday/photo.jpg", "\xff\xd8"}) }, nil, ErrUnrecognised, ""},
		{"no such file", func() string { return filepath.Join(t.TempDir(), "nope.zip") }, nil, os.ErrNotExist, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := testOpts()
			if tc.opts != nil {
				tc.opts(&o)
			}
			snap, err := Read(context.Background(), tc.path(), o)
			if snap != nil {
				t.Error("a failed import must return no snapshot")
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

func TestMissingFiles(t *testing.T) {
	tests := []struct {
		name    string
		files   []file
		missing []string
		present []string
	}{
		{"facebook friends only", []file{{"x/friends_and_followers/friends.json", `{"friends_v2":[]}`}},
			[]string{"facebook.posts", "facebook.sessions", "facebook.pending_requests"}, []string{"facebook.connections"}},
		{"instagram following only", []file{{"following.json", `{"relationships_following":[]}`}},
			[]string{"instagram.followers", "instagram.posts", "instagram.pending_requests"}, []string{"instagram.connections"}},
		{"x tweets only", []file{{"data/tweets.js", `window.YTD.tweets.part0 = []`}},
			[]string{"x.connections", "x.followers", "x.following"}, []string{"x.posts"}},
		{"linkedin connections only", []file{{"Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"}},
			[]string{"linkedin.posts", "linkedin.pending_requests"}, []string{"linkedin.connections"}},
		{"tiktok without lists", []file{{"user_data.json", `{"Profile":{"Profile Information":{"ProfileMap":{"userName":"a"}}}}`}},
			[]string{"tiktok.connections", "tiktok.posts"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap, err := Read(context.Background(), writeZip(t, tc.files...), testOpts())
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Coverage) != 1 {
				t.Fatalf("%d coverage records, want 1", len(snap.Coverage))
			}
			cov := snap.Coverage[0]
			for _, id := range tc.missing {
				if cov.Missing[id] == "" {
					t.Errorf("%s not recorded missing", id)
				}
				if _, ok := snap.Facts[id]; ok {
					t.Errorf("%s is missing but has a fact", id)
				}
			}
			for _, id := range tc.present {
				f, ok := snap.Facts[id]
				if !ok || f.Value != "0" || f.Source != "export" {
					t.Errorf("%s: fact %+v, want a count of 0 from the export", id, f)
				}
				if _, bad := cov.Missing[id]; bad {
					t.Errorf("%s both read and missing", id)
				}
			}
		})
	}
}
