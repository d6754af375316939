package history

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// Fictional people; none of these may be readable in the file on disk.
const (
	secretPost   = "Saw Mrs Quillfeather-Ondaatje in bay 4 today, poor thing"
	secretFriend = "Zephyrine Kettleborough"
)

func testResult(id string, at time.Time, score int) *audit.Result {
	s := audit.NewSnapshot(at)
	s.Coverage = []audit.Coverage{{Platform: audit.Facebook, Source: audit.SourceSettings, Started: at, Finished: at}}
	s.SetFact(audit.Fact{ID: "facebook.two_factor", Value: audit.On, Source: audit.SourceSettings, At: at})
	s.Posts = []audit.Post{{Platform: audit.Facebook, ID: "p1", Text: secretPost, Public: true, Source: audit.SourcePublicView}}
	s.Connections = []audit.Connection{{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: secretFriend, Mutual: -1}}
	return &audit.Result{
		Schema: audit.Schema, ID: id, StartedAt: at.Add(-time.Minute), FinishedAt: at,
		Guideline: audit.GuidelineRef{ID: "bma-2011", Title: "BMA social media guidance", Version: "2011"},
		Snapshot:  s,
		Findings: []audit.Finding{
			{CheckID: "facebook.two_factor", Platform: audit.Facebook, Status: audit.Pass, Title: "Two-factor authentication is on"},
			{CheckID: "content.patient", Platform: audit.Facebook, Subject: "post:p1", Status: audit.Fail, Title: "Post may identify a patient"},
		},
		Score: audit.Score{Overall: score, PerPlatform: map[audit.Platform]int{audit.Facebook: score},
			Counts: map[audit.Status]int{audit.Pass: 1, audit.Fail: 1}},
	}
}

func newBox(t testing.TB, kr vault.Keyring) *vault.Box {
	t.Helper()
	b, err := vault.NewBox(kr, KeyName)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSaveLoadList(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	st := New(path, newBox(t, vault.Memory()))

	if es, err := st.Entries(); err != nil || len(es) != 0 {
		t.Fatalf("empty store: %v, %v", es, err)
	}
	if _, err := st.Latest(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Latest on empty store: %v", err)
	}
	t0 := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	// Saved out of order: the list is by date, not by insertion.
	for _, r := range []*audit.Result{testResult("b", t0.AddDate(0, 3, 0), 70), testResult("a", t0, 40), testResult("c", t0.AddDate(0, 6, 0), 90)} {
		if err := st.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	es, err := st.Entries()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, ","); got != "a,b,c" {
		t.Fatalf("entries order = %s", got)
	}
	if es[1].Score.PerPlatform[audit.Facebook] != 70 || len(es[1].Platforms) != 1 {
		t.Fatalf("entry b = %+v", es[1])
	}

	r, err := st.Load("b")
	if err != nil {
		t.Fatal(err)
	}
	if r.Snapshot.Posts[0].Text != secretPost || r.Snapshot.Connections[0].Name != secretFriend || len(r.Findings) != 2 {
		t.Fatal("loaded result differs from the saved one")
	}
	latest, err := st.Latest()
	if err != nil || latest.ID != "c" {
		t.Fatalf("Latest = %v, %v", latest, err)
	}
	prev, err := st.Before(latest.FinishedAt, latest.ID)
	if err != nil || prev.ID != "b" {
		t.Fatalf("Before = %v, %v", prev, err)
	}
	if _, err := st.Before(t0, ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Before the first audit: %v", err)
	}

	// Replacing keeps one entry.
	if err := st.Save(testResult("b", t0.AddDate(0, 3, 0), 75)); err != nil {
		t.Fatal(err)
	}
	if es, _ := st.Entries(); len(es) != 3 || es[1].Score.Overall != 75 {
		t.Fatalf("after replace: %+v", es)
	}

	if err := st.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load("a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load deleted: %v", err)
	}
	if err := st.Delete("a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete twice: %v", err)
	}
}

func TestNotes(t *testing.T) {
	st := New(filepath.Join(t.TempDir(), FileName), newBox(t, vault.Memory()))
	if err := st.SetNotes("x", Notes{Found: "f"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("notes on a missing audit: %v", err)
	}
	if err := st.Save(testResult("x", time.Now(), 50)); err != nil {
		t.Fatal(err)
	}
	n, err := st.Notes("x")
	if err != nil || n.Found != "" {
		t.Fatalf("no notes yet: %+v %v", n, err)
	}
	want := Notes{Found: "Public friends list", Learned: "Defaults are public", Changed: "Friends only", WillDo: "Check quarterly", Actions: []string{"Turned on 2FA"}}
	if err := st.SetNotes("x", want); err != nil {
		t.Fatal(err)
	}
	got, err := st.Notes("x")
	if err != nil || got.Learned != want.Learned || len(got.Actions) != 1 {
		t.Fatalf("notes = %+v, %v", got, err)
	}
	raw, _ := os.ReadFile(st.Path())
	if bytes.Contains(raw, []byte("Defaults are public")) {
		t.Fatal("notes are stored in clear")
	}
}

func TestThirdPartyDataIsSealed(t *testing.T) {
	kr := vault.Memory()
	path := filepath.Join(t.TempDir(), FileName)
	st := New(path, newBox(t, kr))
	if err := st.Save(testResult("id1", time.Now(), 60)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{secretPost, "Quillfeather", secretFriend, "Kettleborough"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatal("third-party data readable in the history file")
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode %v", fi.Mode().Perm())
	}
	// Summaries need no key...
	if es, err := New(path, nil).Entries(); err != nil || len(es) != 1 {
		t.Fatalf("entries without key: %v %v", es, err)
	}
	// ...but another key cannot open the audit, and says it is another key.
	other := New(path, newBox(t, vault.Memory()))
	if _, err := other.Load("id1"); !errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("load with the wrong key: %v", err)
	}
}

func TestResolveAndList(t *testing.T) {
	dir := t.TempDir()
	st := New(filepath.Join(dir, FileName), newBox(t, vault.Memory()))
	t0 := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	for i, id := range []string{"first", "second"} {
		if err := st.Save(testResult(id, t0.AddDate(0, 3*i, 0), 50+10*i)); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "r.json")
	data, _ := json.Marshal(testResult("fromfile", t0, 10))
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	data, _ = json.Marshal(map[string]any{"schema": 99, "id": "x"})
	if err := os.WriteFile(bad, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spec, want string
		wantErr    bool
	}{
		{"", "second", false},
		{"latest", "second", false},
		{"first", "first", false},
		{file, "fromfile", false},
		{bad, "", true},
		{"nope", "", true},
	}
	for _, tc := range tests {
		r, err := st.Resolve(tc.spec)
		if tc.wantErr {
			if err == nil {
				t.Errorf("Resolve(%q): no error", tc.spec)
			}
			continue
		}
		if err != nil || r.ID != tc.want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", tc.spec, r, err, tc.want)
		}
	}

	es, _ := st.Entries()
	var table, js bytes.Buffer
	if err := WriteList(&table, es, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "second") || !strings.Contains(table.String(), "Facebook 60") {
		t.Fatalf("table:\n%s", table.String())
	}
	if err := WriteList(&js, es, "json"); err != nil {
		t.Fatal(err)
	}
	var back []Entry
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back) != 2 || back[1].Score.Overall != 60 {
		t.Fatalf("json list: %v %+v", err, back)
	}
	if err := WriteList(&js, es, "xml"); err == nil {
		t.Fatal("unknown format accepted")
	}
	var empty bytes.Buffer
	if err := WriteList(&empty, nil, "json"); err != nil || strings.TrimSpace(empty.String()) != "[]" {
		t.Fatalf("empty json = %q", empty.String())
	}
}

// The child side of TestKillMidSave: saves large audits in a loop and
// prints each ID once its save has returned, until it is killed.
func TestMain(m *testing.M) {
	if path := os.Getenv("CHAPERONE_HISTORY_CRASH_CHILD"); path != "" {
		crashChild(path, os.Getenv("CHAPERONE_HISTORY_CRASH_KEY"))
		return
	}
	os.Exit(m.Run())
}

func crashChild(path, key string) {
	kr := vault.Memory()
	if err := kr.Set(vault.Service, "key:"+KeyName, key); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	box, err := vault.NewBox(kr, KeyName)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	st := New(path, box)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; ; i++ {
		if err := st.Save(bigResult(i, t0)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Printf("saved %d\n", i)
	}
}

// bigResult is large enough (hundreds of KB) that a save spans many pages,
// so a kill lands mid-write.
func bigResult(i int, t0 time.Time) *audit.Result {
	r := testResult("audit-"+strconv.Itoa(i), t0.Add(time.Duration(i)*time.Hour), i%101)
	for j := 0; j < 3000; j++ {
		r.Snapshot.Connections = append(r.Snapshot.Connections, audit.Connection{
			Platform: audit.Facebook, Kind: audit.ConnFriend, Name: fmt.Sprintf("Fictional Person %d-%d", i, j), Mutual: j})
	}
	return r
}

func TestKillMidSave(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), FileName)
	kr := vault.Memory()
	box := newBox(t, kr)
	key, err := kr.Get(vault.Service, "key:"+KeyName)
	if err != nil {
		t.Fatal(err)
	}
	st := New(path, box)

	for round := 0; round < 3; round++ {
		before, _ := st.Entries()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CHAPERONE_HISTORY_CRASH_CHILD="+path, "CHAPERONE_HISTORY_CRASH_KEY="+key)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let a few saves complete, then kill at a point that varies per round
		// so the kill lands inside a write transaction.
		sc := bufio.NewScanner(out)
		saved := -1
		for sc.Scan() && saved < 2+round {
			fmt.Sscanf(sc.Text(), "saved %d", &saved)
		}
		time.Sleep(time.Duration(3+round*7) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() {
			fmt.Sscanf(sc.Text(), "saved %d", &saved)
		}
		werr := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("child was not killed: %v; stderr: %s", werr, stderr.String())
		}

		es, err := st.Entries()
		if err != nil {
			t.Fatalf("round %d: history unreadable after kill: %v", round, err)
		}
		// Every save the child reported as returned is there, and nothing
		// that was there before is lost.
		if len(es) < saved+1 || len(es) < len(before) {
			t.Fatalf("round %d: %d entries after kill, child reported %d saves, %d before", round, len(es), saved+1, len(before))
		}
		for _, e := range es {
			r, err := st.Load(e.ID)
			if err != nil {
				t.Fatalf("round %d: audit %s damaged: %v", round, e.ID, err)
			}
			var i int
			if _, err := fmt.Sscanf(e.ID, "audit-%d", &i); err != nil {
				continue // saved by this test between rounds
			}
			if len(r.Snapshot.Connections) != 3001 || r.Score.Overall != i%101 {
				t.Fatalf("round %d: audit %s partly written", round, e.ID)
			}
		}
		// The store still takes writes after the crash.
		if err := st.Save(testResult(fmt.Sprintf("after-%d", round), time.Now(), 1)); err != nil {
			t.Fatalf("round %d: save after kill: %v", round, err)
		}
	}
}
