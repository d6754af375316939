package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"chaperone/audit/vault"
)

func TestScanCommand(t *testing.T) {
	input := `{"id": "a", "text": "Lovely walk by the river with the dog this morning."}
{"id": "b", "text": "Patient NHS number 943 476 5919 seen today."}
`
	r := newRun(t, vault.Memory(), input)
	if code := Main(context.Background(), r.env, []string{"scan", "--format", "json", "-"}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one output line per input, got %d", len(lines))
	}
	type flag struct {
		Category   string `json:"category"`
		Start, End int
	}
	var out []struct {
		ID    string `json:"id"`
		Flags []flag `json:"flags"`
	}
	for _, l := range lines {
		var o struct {
			ID    string `json:"id"`
			Flags []flag `json:"flags"`
		}
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("bad JSON line: %v", err)
		}
		if o.Flags == nil {
			t.Fatalf("flags must be a list, even when empty")
		}
		out = append(out, o)
	}
	if out[0].ID != "a" || len(out[0].Flags) != 0 {
		t.Errorf("benign post flagged: %+v", out[0])
	}
	found := false
	for _, f := range out[1].Flags {
		found = found || f.Category == "identifier"
	}
	if out[1].ID != "b" || !found {
		t.Errorf("NHS number not flagged as an identifier: %+v", out[1])
	}
	if code := Main(context.Background(), newRun(t, vault.Memory(), "").env, []string{"scan"}); code != 2 {
		t.Errorf("scan without input: exit %d, want 2", code)
	}
	bad := newRun(t, vault.Memory(), "not json\n")
	if code := Main(context.Background(), bad.env, []string{"scan", "-"}); code != 1 || !strings.Contains(bad.stderr.String(), "line 1") {
		t.Errorf("bad input: exit %d, stderr %q", code, bad.stderr)
	}
}
