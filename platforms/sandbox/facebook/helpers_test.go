package facebook

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"chaperone/audit"
	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

// fixedNow is a clock for the tests' one-time codes.
var fixedNow = time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)

// testSite is the replica served by a host for one test.
type testSite struct {
	*Site
	host *sandbox.Host
	seed FacebookAccount // the account as the site was built
}

// URL is the site's origin.
func (s *testSite) URL() string { return s.host.URL(audit.Facebook) }

// Seed is the account the site was built from, before any change.
func (s *testSite) Seed() FacebookAccount { return s.seed }

// startServer serves the demo persona's Facebook on a random loopback port
// for one test, with a fixed clock for one-time codes, on the legacy
// layout (the A/B variant these HTTP tests pin; the 2026 layout has its
// own tests, startServer26).
func startServer(t *testing.T) *testSite {
	t.Helper()
	return startLayout(t, LayoutLegacy)
}

// startServer26 is startServer on the 2026 layout.
func startServer26(t *testing.T) *testSite {
	t.Helper()
	return startLayout(t, Layout2026)
}

func startLayout(t *testing.T, l Layout) *testSite {
	t.Helper()
	var site *Site
	h := sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, _ func() time.Time) sandbox.Site {
		site = New(p, func() time.Time { return fixedNow })
		site.State().SetLayout(l)
		return site
	})
	ctx, cancel := context.WithCancel(context.Background())
	if err := h.Start(ctx, ""); err != nil {
		cancel()
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := h.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &testSite{Site: site, host: h, seed: site.State().Account()}
}

// newClient is a browser-like client that keeps cookies and does not
// follow redirects, so the tests can see them.
func newClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

type page struct {
	Status   int
	Location string
	Body     string
	Header   http.Header
}

func get(t *testing.T, c *http.Client, u string) page {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return readPage(t, resp)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) page {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	return readPage(t, resp)
}

func readPage(t *testing.T, resp *http.Response) page {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(b), Header: resp.Header}
}

// login logs c in through the form and the second factor.
func login(t *testing.T, s *testSite, c *http.Client) {
	t.Helper()
	fb := s.Login()
	p := post(t, c, s.URL()+"/login", url.Values{"email": {fb.User}, "pass": {fb.Password}})
	if p.Status != http.StatusFound {
		t.Fatalf("login: status %d", p.Status)
	}
	if strings.HasPrefix(p.Location, "/checkpoint/") {
		code, err := otp.TOTP(fb.TOTPSecret, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		p = post(t, c, s.URL()+p.Location, url.Values{"approvals_code": {code}})
		if p.Status != http.StatusFound || strings.HasPrefix(p.Location, "/checkpoint/") {
			t.Fatalf("checkpoint: status %d location %q", p.Status, p.Location)
		}
	}
}

// parse parses an HTML page.
func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	return n
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// textOf is the visible text of a node, with whitespace collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "template") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// findAll returns the elements for which keep is true, in document order.
func findAll(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byRole(role string) func(*html.Node) bool {
	return func(n *html.Node) bool { v, _ := attr(n, "role"); return v == role }
}

// rowFor returns the text of the innermost settings row (role=listitem)
// whose text contains label.
func rowFor(doc *html.Node, label string) (string, bool) {
	var best string
	found := false
	for _, li := range findAll(doc, byRole("listitem")) {
		txt := textOf(li)
		if strings.Contains(txt, label) && (!found || len(txt) < len(best)) {
			best, found = txt, true
		}
	}
	return best, found
}
