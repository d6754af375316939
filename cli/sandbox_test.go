package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
)

// lockedBuffer is a Buffer the command writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// plainSite is a second replica with a password and no second factor.
type plainSite struct{ l sandbox.Login }

func newPlainSite(p *sandbox.Persona, _ func() time.Time) sandbox.Site {
	return plainSite{sandbox.Login{User: "dr.sarah.test", Password: p.Secret(audit.LinkedIn).Password}}
}

func (s plainSite) Platform() audit.Platform                         { return audit.LinkedIn }
func (s plainSite) ServeHTTP(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("plain")) }
func (s plainSite) Login() sandbox.Login                             { return s.l }
func (s plainSite) Expected() map[string]string                      { return map[string]string{} }
func (s plainSite) Set(string, string) error                         { return nil }
func (s plainSite) RenameLabel(string, string) bool                  { return false }

// TestSandboxCommandPrintsEachSite runs `chaperone sandbox --addr
// 127.0.0.1:PORT` with Facebook and a second site, logs in to Facebook
// with exactly what it printed, and runs the printed `account add`.
func TestSandboxCommandPrintsEachSite(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	out := &lockedBuffer{}
	r := newRun(t, vault.Memory(), "")
	r.env.Replicas = []sandbox.NewSite{fbreplica.NewSite, newPlainSite}
	r.env.Stdout = out
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- Main(ctx, r.env, []string{"sandbox", "--addr", "127.0.0.1:" + strconv.Itoa(port)}) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Press Ctrl+C") {
		select {
		case c := <-code:
			t.Fatalf("sandbox exited %d; stderr:\n%s", c, r.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing printed; stderr:\n%s", r.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	text := out.String()

	fbURL := "http://127.0.0.1:" + strconv.Itoa(port)
	m := regexp.MustCompile(`(?m)^Facebook: (\S+)\n  Log in as: (\S+)  password: (\S+)\n  Second factor: authenticator secret (\S+) \(current code: (\d{6})\)\n`).FindStringSubmatch(text)
	if m == nil || m[1] != fbURL || m[2] != "sarah.bennett@example.org" {
		t.Fatalf("Facebook block missing or at another address:\n%s", text)
	}
	pass, secret := m[3], m[4]
	for _, want := range []string{
		"printf '%s\\n%s\\n' '" + pass + "' '" + secret + "' | chaperone account add --platform facebook --user sarah.bennett@example.org --totp --base-url " + fbURL + "\n",
		"    chaperone audit --platform facebook\n",
		"chaperone audit --endpoint facebook=" + fbURL + ")",
		"\nLinkedIn: http://127.0.0.",
		":" + strconv.Itoa(port+1) + "\n  Log in as: dr.sarah.test  password: ",
		"| chaperone account add --platform linkedin --user dr.sarah.test --base-url http://127.0.0.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "Second factor") != 1 {
		t.Errorf("a second factor printed for a site without one:\n%s", text)
	}

	// What it printed logs in.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.PostForm(fbURL+"/login?next=%2Fsettings%3Ftab%3Dposts", url.Values{"email": {m[2]}, "pass": {pass}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/checkpoint/" {
		t.Fatalf("the printed password did not reach the checkpoint: %s", resp.Request.URL)
	}
	now, _ := otp.TOTP(secret, time.Now())
	resp, err = c.PostForm(resp.Request.URL.String(), url.Values{"approvals_code": {now}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/settings" {
		t.Fatalf("the printed secret did not log in: %s", resp.Request.URL)
	}

	// The printed account command is accepted as printed.
	add := newRun(t, vault.Memory(), pass+"\n"+secret+"\n")
	if c := Main(context.Background(), add.env, []string{"account", "add", "--platform", "facebook", "--user", m[2], "--totp", "--base-url", fbURL}); c != 0 {
		t.Fatalf("printed account add: exit %d; stderr:\n%s", c, add.stderr)
	}

	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after Ctrl+C", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
}
