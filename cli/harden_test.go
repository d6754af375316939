package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report/reporttest"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
	"chaperone/platforms"
	"chaperone/platforms/account"
	"chaperone/platforms/browser"
)

// errProfileBusy is the browser's error for a profile another audit holds.
var errProfileBusy = browser.ErrProfileBusy

func TestUnknownCommandNeverStartsTheApp(t *testing.T) {
	tests := []struct {
		args []string
		cli  bool
	}{
		{nil, false},
		{[]string{"--background"}, false},
		{[]string{"-psn_0_12345"}, false},
		{[]string{"frobnicate"}, true},
		{[]string{"--frobnicate"}, true},
		{[]string{"-x"}, true},
		{[]string{"audti", "--demo"}, true},
		{[]string{"--background", "audit"}, true},
		{[]string{"audit"}, true},
		{[]string{"help"}, true},
	}
	for _, tc := range tests {
		name := strings.Join(tc.args, " ")
		if got := IsCommand(tc.args); got != tc.cli {
			t.Errorf("IsCommand(%q) = %v, want %v", name, got, tc.cli)
		}
		if !tc.cli || len(tc.args) == 0 || tc.args[0] == "audit" || tc.args[0] == "help" {
			continue
		}
		r := newRun(t, vault.Memory(), "")
		if code := Main(context.Background(), r.env, tc.args); code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", name, code, ExitUsage)
		}
		if !strings.Contains(r.stderr.String(), "Commands:") || !strings.Contains(r.stderr.String(), "unknown") && !strings.Contains(r.stderr.String(), "takes nothing") {
			t.Errorf("%q: no usage: %s", name, r.stderr)
		}
	}
}

func TestTimeoutMustBePositive(t *testing.T) {
	for _, v := range []string{"0s", "0", "-5s", "soon"} {
		r := newRun(t, vault.Memory(), "")
		code := Main(context.Background(), r.env, []string{"audit", "--demo", "--timeout", v})
		if code != ExitUsage || !strings.Contains(r.stderr.String(), "-timeout") {
			t.Errorf("--timeout %s: exit %d; %s", v, code, r.stderr)
		}
		if v != "soon" && !strings.Contains(r.stderr.String(), "more than zero") {
			t.Errorf("--timeout %s: %s", v, r.stderr)
		}
	}
	var d positiveDuration
	if err := d.Set("90s"); err != nil || time.Duration(d) != 90*time.Second || d.String() != "1m30s" {
		t.Fatalf("90s: %v %v", d, err)
	}
}

func TestOutputNeverWritesOverALinkDeviceOrPipe(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious")
	if err := os.WriteFile(precious, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "out")
	if err := os.Symlink(precious, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		kind string
	}{
		{[]string{"audit", "--demo", "--out", link + ".json"}, "a symbolic link"},
		{[]string{"audit", "--demo", "--out", fifo}, "a named pipe"},
		{[]string{"audit", "--demo", "--out", os.DevNull}, "a device"},
		{[]string{"report", "--out", link + ".pdf"}, "a symbolic link"},
		{[]string{"report", "--out", fifo + ".csv"}, "a named pipe"},
		{[]string{"remind", "--ics", link + ".ics"}, "a symbolic link"},
		{[]string{"remind", "--ics", fifo}, "a named pipe"},
	}
	for _, ext := range []string{".json", ".pdf", ".ics"} {
		if err := os.Symlink(precious, link+ext); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(fifo+".csv", 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[:2], " ")+" "+tc.kind, func(t *testing.T) {
			r := newRun(t, vault.Memory(), "")
			done := make(chan int, 1)
			go func() { done <- Main(context.Background(), r.env, tc.args) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the command blocked (writing into a pipe?)")
			}
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d; %s", code, ExitUsage, r.stderr)
			}
			if msg := r.stderr.String(); !strings.Contains(msg, tc.kind) || !strings.Contains(msg, "choose another file name") {
				t.Fatalf("message: %s", msg)
			}
		})
	}
	if got, _ := os.ReadFile(precious); string(got) != "keep me" {
		t.Fatalf("the link's target was changed: %q", got)
	}
}

func TestPlainErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"two-factor refused", fmt.Errorf("facebook: login: %w: %v", platforms.ErrTwoFactor, errors.New("page.navigate: net::ERR_ABORTED")), "asked for a two-factor code"},
		{"session ended", fmt.Errorf("facebook: reading privacy: %w (net::ERR_TOO_MANY_REDIRECTS)", platforms.ErrSessionEnded), "logged Chaperone out in the middle of the audit"},
		{"HTTP 500 everywhere", fmt.Errorf("facebook: %w (HTTP 500 at https://www.facebook.com/settings)", platforms.ErrServerError), "answered with errors"},
		{"unreachable", fmt.Errorf("facebook: %w: net::ERR_NAME_NOT_RESOLVED", browser.ErrUnreachable), "could not be reached"},
		{"profile busy", fmt.Errorf("starting the browser: %w", errProfileBusy), "An audit is already running"},
		{"history key lost", fmt.Errorf("report: loading audit x: %w", &vault.KeyLostError{Name: history.KeyName}), "chaperone history --start-new"},
		{"history key replaced", fmt.Errorf("saving: %w", &vault.KeyLostError{Name: history.KeyName, Other: true}), "holds a different key"},
		{"watch-list key lost", fmt.Errorf("opening the watch-list: %w", &vault.KeyLostError{Name: watchlist.BoxName}), "Your watch-list cannot be opened"},
		{"locked", fmt.Errorf("getting key: reading from the keyring: %w (org.freedesktop.Secret.Error.IsLocked)", vault.ErrLocked), "Your keyring is locked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, got := range []string{plainError(tc.err), eventText(audit.Facebook, tc.err)} {
				if !strings.Contains(got, tc.want) {
					t.Fatalf("%q does not say %q", got, tc.want)
				}
				if strings.Contains(got, "net::ERR") || strings.Contains(got, ": ") && strings.Contains(got, "%!") || strings.Contains(got, "facebook:") || strings.Contains(got, "org.freedesktop") {
					t.Fatalf("raw error in %q", got)
				}
			}
			// And the same through Main, as a command would fail.
			r := newRun(t, vault.Memory(), "")
			Register("test-fail", "fails", func(context.Context, Env, []string) error { return tc.err })
			defer delete(extra, "test-fail")
			if code := Main(context.Background(), r.env, []string{"test-fail"}); code != ExitFailed {
				t.Fatalf("exit %d", code)
			}
			if out := r.stderr.String(); !strings.Contains(out, tc.want) || strings.Contains(out, "net::ERR") {
				t.Fatalf("Main said %q", out)
			}
		})
	}
	if got := eventText(audit.Facebook, fmt.Errorf("x: %w", platforms.ErrTwoFactor)); !strings.HasPrefix(got, "Facebook asked") {
		t.Fatalf("event text does not name the network: %q", got)
	}
	if plainError(errors.New("something odd")) != "" {
		t.Fatal("an unknown error was given words it does not have")
	}
}

func TestBusyBrowserSaysAnAuditIsRunning(t *testing.T) {
	na := audit.NotAudited{Platform: audit.Facebook, Problem: audit.ProblemBusy, Reason: "The audit of Facebook did not finish.",
		Detail: fmt.Errorf("starting the browser: %w", errProfileBusy).Error()}
	msg := (&incompleteError{[]audit.NotAudited{na}}).Error()
	if !strings.Contains(msg, "An audit is already running") || strings.Contains(msg, "did not finish") {
		t.Fatalf("incomplete message %q", msg)
	}
}

// busyAdapter fails as an audit would when another Chaperone holds the
// browser profile.
type busyAdapter struct{}

func (busyAdapter) Platform() audit.Platform { return audit.Facebook }
func (busyAdapter) Site() platforms.Site {
	return platforms.Site{Origin: "https://www.facebook.com", LoginPath: "/"}
}
func (busyAdapter) LoggedIn(context.Context, *browser.Tab, platforms.Account) (bool, error) {
	return false, nil
}
func (busyAdapter) Audit(context.Context, *browser.Browser, platforms.Account, platforms.Options) (*audit.Snapshot, error) {
	return nil, fmt.Errorf("opening the profile: %w", errProfileBusy)
}

func TestAuditWhileAnotherRunsExitsNonZero(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	kr := vault.Memory()
	r := newRun(t, kr, "")
	r.env.Adapters = []platforms.Adapter{busyAdapter{}}
	dir, _ := r.env.DataDir()
	if err := account.Open(dir, kr).Add(account.Account{Platform: audit.Facebook, User: "dr@example.org", Origin: "https://www.facebook.com"}); err != nil {
		t.Fatal(err)
	}
	code := Main(context.Background(), r.env, []string{"audit", "--timeout", "10s"})
	if code == ExitOK || code == ExitIncomplete {
		t.Fatalf("exit %d; stderr:\n%s", code, r.stderr)
	}
	if msg := r.stderr.String(); !strings.Contains(msg, "An audit is already running") || strings.Contains(msg, "profile is in use") {
		t.Fatalf("stderr:\n%s", msg)
	}
	if r.stdout.Len() != 0 {
		t.Fatalf("a checklist was printed for an audit that did not run:\n%s", r.stdout)
	}
}

func TestLostHistoryKeyInTheCommandLine(t *testing.T) {
	kr := vault.Memory()
	r := newRun(t, kr, "")
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	prev, cur := reporttest.Results(g, now.AddDate(0, -6, 0), now.AddDate(0, -3, 0))
	save := SaveToHistory(r.env)
	for _, res := range []*audit.Result{prev, cur} {
		if err := save(res); err != nil {
			t.Fatal(err)
		}
	}
	// The keyring is reset.
	if err := kr.Delete(vault.Service, "key:"+history.KeyName); err != nil {
		t.Fatal(err)
	}
	dir, _ := r.env.DataDir()
	old, _ := os.ReadFile(filepath.Join(dir, history.FileName))

	// The list still shows.
	if code := Main(context.Background(), r.env, []string{"history"}); code != ExitOK || !strings.Contains(r.stdout.String(), cur.ID) {
		t.Fatalf("history: exit %d: %s %s", code, r.stdout, r.stderr)
	}
	// A report of a past audit says why not, plainly, once.
	r.stderr.Reset()
	out := filepath.Join(t.TempDir(), "r.json")
	if code := Main(context.Background(), r.env, []string{"report", "--out", out}); code != ExitFailed {
		t.Fatalf("report: exit %d", code)
	}
	msg := r.stderr.String()
	if !strings.Contains(msg, "Your past audits cannot be opened") || !strings.Contains(msg, "--start-new") || strings.Contains(msg, `key "history"`) || strings.Count(msg, "\n") != 1 {
		t.Fatalf("report said:\n%s", msg)
	}
	// A new audit is not saved over the old data, and no key is made.
	_, next := reporttest.Results(g, now.AddDate(0, -3, 0), now)
	next.ID = "new-audit"
	if err := save(next); !errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("save: %v", err)
	}
	if _, err := kr.Get(vault.Service, "key:"+history.KeyName); !errors.Is(err, vault.ErrNotFound) {
		t.Fatal("a key was made over the old history")
	}
	// Its report still works from the result file, and says why there is
	// no comparison instead of calling it the first audit.
	res := filepath.Join(t.TempDir(), "new.json")
	var buf bytes.Buffer
	if err := audit.EncodeResult(&buf, next); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(res, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := Main(context.Background(), r.env, []string{"report", "--audit", res, "--out", out}); code != ExitOK {
		t.Fatalf("report of the new audit: exit %d: %s", code, r.stderr)
	}
	var rep struct {
		Changes struct {
			HasPrevious        bool   `json:"has_previous"`
			PreviousUnreadable string `json:"previous_unreadable"`
		} `json:"changes"`
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &rep); err != nil || rep.Changes.HasPrevious || !strings.Contains(rep.Changes.PreviousUnreadable, "could not be opened") {
		t.Fatalf("report changes %+v, %v", rep.Changes, err)
	}

	// Start a new history: asked first; "no" changes nothing.
	r.env.Stdin = strings.NewReader("no\n")
	r.stderr.Reset()
	if code := Main(context.Background(), r.env, []string{"history", "--start-new"}); code != ExitOK || !strings.Contains(r.stderr.String(), "Nothing changed") {
		t.Fatalf("start-new, no: exit %d: %s", code, r.stderr)
	}
	if !strings.Contains(r.stderr.String(), "Your past audits cannot be opened") {
		t.Fatalf("the question does not say why: %s", r.stderr)
	}
	r.env.Stdin = strings.NewReader("yes\n")
	r.stdout.Reset()
	if code := Main(context.Background(), r.env, []string{"history", "--start-new"}); code != ExitOK {
		t.Fatalf("start-new: exit %d: %s", code, r.stderr)
	}
	kept := filepath.Join(dir, history.SetAsidePrefix+timeNow().Format("2006-01-02")+".db")
	if !strings.Contains(r.stdout.String(), kept) {
		t.Fatalf("does not say where the old one is: %s", r.stdout)
	}
	if got, _ := os.ReadFile(kept); !bytes.Equal(got, old) {
		t.Fatal("the old history was not kept as it was")
	}
	// New audits are kept and reported again.
	if err := save(next); err != nil {
		t.Fatal(err)
	}
	if code := Main(context.Background(), r.env, []string{"report", "--out", out}); code != ExitOK {
		t.Fatalf("report after a fresh start: exit %d: %s", code, r.stderr)
	}
}

func TestTextOutputSaysKnownProblemsWithoutTheRawError(t *testing.T) {
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	_, res := reporttest.Results(g, time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	at := res.FinishedAt
	for _, c := range []audit.Coverage{
		{Platform: audit.WhatsApp, Problem: audit.ProblemTwoFactor, Error: "whatsapp: login: " + platforms.ErrTwoFactor.Error() + ": page.navigate: net::ERR_ABORTED"},
		{Platform: audit.X, Problem: audit.ProblemSessionEnded, Error: platforms.ErrSessionEnded.Error() + " (net::ERR_TOO_MANY_REDIRECTS)"},
		{Platform: audit.LinkedIn, Problem: audit.ProblemServerError, Error: platforms.ErrServerError.Error() + " (HTTP 500 at https://www.linkedin.com/mypreferences)"},
		{Platform: audit.TikTok, Problem: audit.ProblemBusy, Error: "starting the browser: " + errProfileBusy.Error() + " (the browser profile demo is in use)"},
	} {
		c.Started, c.Finished, c.Source = at, at, audit.SourceSettings
		res.Snapshot.Coverage = append(res.Snapshot.Coverage, c)
	}
	var out bytes.Buffer
	if err := WriteText(&out, res, g); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"WhatsApp asked for a two-factor code", "logged Chaperone out in the middle of the audit", "LinkedIn answered with errors", "An audit is already running"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text does not say %q", want)
		}
	}
	for _, raw := range []string{"net::ERR", "HTTP 500", "profile is in use", "login failed"} {
		if strings.Contains(text, raw) {
			t.Errorf("the text shows the raw %q", raw)
		}
	}
	msg := (&incompleteError{res.NotAudited()}).Error()
	if strings.Contains(msg, "net::ERR") || !strings.Contains(msg, "two-factor") {
		t.Errorf("exit message %q", msg)
	}
}
