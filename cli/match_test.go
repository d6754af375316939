package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit/vault"
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
