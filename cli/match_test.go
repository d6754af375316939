package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
)

func TestMatchCommand(t *testing.T) {
	dir := t.TempDir()
	wl := filepath.Join(dir, "patients.csv")
	conns := filepath.Join(dir, "friends.jsonl")
	if err := os.WriteFile(wl, []byte("name,year of birth,town\nRobert Pennington,1961,Hollingford\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conns, []byte(`{"name": "Bob Pennington", "location": "Hollingford"}
{"name": "Amelia Crowhurst", "location": "Leeds"}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newRun(t, vault.Memory(), "")
	if code := Main(context.Background(), r.env, []string{"match", "--watchlist", wl, "--connections", conns, "--format", "json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	out := r.stdout.String()
	if !strings.Contains(out, "Bob Pennington") || strings.Contains(out, "Amelia Crowhurst") {
		t.Fatalf("want only the nickname match, got:\n%s", out)
	}
	first := strings.SplitN(strings.TrimSpace(out), "\n", 2)[0]
	if !json.Valid([]byte(first)) && !json.Valid([]byte(out)) {
		t.Fatalf("not JSON: %s", out)
	}
	if code := Main(context.Background(), r.env, []string{"match", "--watchlist", wl}); code != 2 {
		t.Fatalf("missing --connections: exit %d, want 2", code)
	}
}

func TestWatchlistImportCommand(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "practice.csv")
	body := "Practice list\nSurname,Forename,Date of Birth,Postcode,NHS Number\nPennington,Robert,12/03/1961,HG4 2AB,9434765919\nCrowhurst,Amelia,,,\n"
	if err := os.WriteFile(list, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	kr := vault.Memory()

	r := newRun(t, kr, "")
	if code := Main(context.Background(), r.env, []string{"match", "--watchlist", list, "--preview"}); code != 0 {
		t.Fatalf("preview: exit %d: %s", code, r.stderr)
	}
	for _, want := range []string{`"Date of Birth"`, "only the year is kept", `"NHS Number"`, "not used", "2 people from 2 rows", "Robert Pennington, born 1961, HG4"} {
		if !strings.Contains(r.stdout.String(), want) {
			t.Errorf("preview lacks %q:\n%s", want, r.stdout)
		}
	}

	r = newRun(t, kr, "n\n")
	if code := Main(context.Background(), r.env, []string{"watchlist", "import", list}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	if !strings.Contains(r.stdout.String(), "Add 2 people to your watch-list? [y/N]") || !strings.Contains(r.stdout.String(), "Nothing was stored.") {
		t.Fatalf("declined import:\n%s", r.stdout)
	}
	dataDir, _ := r.env.DataDir()
	if l, err := watchlist.Open(kr, dataDir).Load(); err != nil || len(l.People) != 0 {
		t.Fatalf("declined import stored %v people (%v)", l, err)
	}

	r.stdout.Reset()
	r.env.Stdin = strings.NewReader("yes\n")
	if code := Main(context.Background(), r.env, []string{"watchlist", "import", list}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	if !strings.Contains(r.stdout.String(), "Added 2 people (0 already on your watch-list).") {
		t.Fatalf("import:\n%s", r.stdout)
	}
	l, err := watchlist.Open(kr, dataDir).Load()
	if err != nil || len(l.People) != 2 || l.People[0].Place != "HG4" || l.People[0].BirthYear != 1961 {
		t.Fatalf("stored %+v (%v)", l, err)
	}

	if code := Main(context.Background(), r.env, []string{"watchlist", "export"}); code != 2 {
		t.Errorf("unknown action: exit %d, want 2", code)
	}
}
