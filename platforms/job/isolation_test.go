package job

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/match"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
)

// writeFriendsExport writes a minimal Facebook data download holding the
// given friends and no requests.
func writeFriendsExport(t *testing.T, path string, friends ...string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	body := `{"friends_v2":[`
	for i, n := range friends {
		if i > 0 {
			body += ","
		}
		body += `{"name":"` + n + `","timestamp":1609459200}`
	}
	body += `]}`
	for name, b := range map[string]string{
		"fb/friends_and_followers/friends.json":                  body,
		"fb/friends_and_followers/friend_requests_received.json": `{"received_requests_v2":[]}`,
		"fb/posts/your_posts_1.json":                             `[{"timestamp":1609500000,"data":[{"post":"A quiet day"}]}]`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// Two audits in one process, each with its own watch-list, run at the same
// time: each sees only its own list's people among the same friends.
func TestAuditsKeepTheirOwnWatchlist(t *testing.T) {
	root := t.TempDir()
	zp := filepath.Join(root, "facebook.zip")
	writeFriendsExport(t, zp, "Fictional Alder", "Fictional Birch", "Fictional Cedar")

	cases := []struct {
		name    string
		watched []string
		want    audit.Status
	}{
		{"one on the list", []string{"Fictional Alder"}, audit.Warn},
		{"none on the list", []string{"Unrelated Person"}, audit.Pass},
	}
	results := make([]*audit.Result, len(cases))
	var wg sync.WaitGroup
	for i, c := range cases {
		dir := filepath.Join(root, c.name)
		kr := vault.Memory()
		var people []watchlist.Person
		for _, n := range c.watched {
			people = append(people, watchlist.Person{Name: n})
		}
		if _, err := watchlist.Open(kr, dir).Add(people...); err != nil {
			t.Fatal(err)
		}
		r := &Runner{DataDir: dir, Keyring: kr, Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := r.Audit(context.Background(), Spec{Exports: []string{zp}}, nil)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				return
			}
			results[i] = res
		}()
	}
	wg.Wait()
	for i, c := range cases {
		res := results[i]
		if res == nil {
			continue
		}
		got := audit.Status("")
		for _, f := range res.Findings {
			if f.CheckID == match.CheckUnreviewed && f.Platform == audit.Facebook {
				got = f.Status
			}
		}
		if got != c.want {
			t.Errorf("%s: unreviewed candidates = %q, want %q", c.name, got, c.want)
		}
	}
}
