package sandbox

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"math/big"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
)

//go:embed all:web
var webFS embed.FS

// ui holds the templates and the generated class names of one server. The
// class names are random per start, as on the real site, so that nothing
// can depend on them.
type ui struct {
	fb *FacebookState

	mu      sync.Mutex
	classes map[string]string // semantic key -> "xprimary xdecoy ..."
	primary map[string]string // semantic key -> primary class token
	decoys  []string

	pages   map[string]*template.Template
	css     []byte
	cssPath string
	js      []byte
	jsPath  string
}

func newUI(fb *FacebookState) *ui {
	u := &ui{fb: fb, classes: map[string]string{}, primary: map[string]string{}, pages: map[string]*template.Template{}}
	for range 40 {
		u.decoys = append(u.decoys, randomClass())
	}
	u.buildCSS()
	u.buildJS()
	u.buildTemplates()
	return u
}

const classAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func randomClass() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(3))
	b := make([]byte, 6+n.Int64())
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(classAlphabet))))
		b[i] = classAlphabet[k.Int64()]
	}
	return "x" + string(b)
}

// class returns the class attribute value for a semantic key, making one
// up the first time the key is used.
func (u *ui) class(key string) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.classLocked(key)
}

func (u *ui) classLocked(key string) string {
	if c, ok := u.classes[key]; ok {
		return c
	}
	p := randomClass()
	parts := []string{p}
	n, _ := rand.Int(rand.Reader, big.NewInt(4))
	for range 1 + n.Int64() {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(u.decoys))))
		parts = append(parts, u.decoys[k.Int64()])
	}
	u.primary[key] = p
	u.classes[key] = strings.Join(parts, " ")
	return u.classes[key]
}

// selector returns the CSS selector of a semantic key.
func (u *ui) selector(key string) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.classLocked(key)
	return "." + u.primary[key]
}

func (u *ui) buildCSS() {
	src, err := webFS.ReadFile("web/static/style.css")
	if err != nil {
		panic(fmt.Sprintf("sandbox: embedded css: %v", err))
	}
	t := texttemplate.Must(texttemplate.New("css").Delims("[[", "]]").Funcs(texttemplate.FuncMap{
		"s": u.selector,
	}).Parse(string(src)))
	var b bytes.Buffer
	// Atomic-CSS noise first, so the real rules win: every decoy class
	// carries a declaration that does not change the layout.
	for i, d := range u.decoys {
		fmt.Fprintf(&b, ".%s{%s}\n", d, decoyRules[i%len(decoyRules)])
	}
	if err := t.Execute(&b, nil); err != nil {
		panic(fmt.Sprintf("sandbox: css template: %v", err))
	}
	u.css = b.Bytes()
	sum := sha256.Sum256(u.css)
	u.cssPath = "/rsrc.php/v3/y" + hex.EncodeToString(sum[:5]) + ".css"
}

var decoyRules = []string{
	"-webkit-tap-highlight-color:transparent", "touch-action:manipulation", "overflow-wrap:break-word",
	"-webkit-font-smoothing:antialiased", "text-rendering:optimizeLegibility", "hyphens:manual",
	"font-kerning:normal", "caret-color:auto",
}

var jsClassUse = regexp.MustCompile(`cx\("([a-zA-Z0-9_]+)"\)`)

func (u *ui) buildJS() {
	src, err := webFS.ReadFile("web/static/app.js")
	if err != nil {
		panic(fmt.Sprintf("sandbox: embedded js: %v", err))
	}
	for _, m := range jsClassUse.FindAllSubmatch(src, -1) {
		u.class(string(m[1]))
	}
	u.js = src
	sum := sha256.Sum256(src)
	u.jsPath = "/rsrc.php/v3/y" + hex.EncodeToString(sum[:5]) + ".js"
}

func (u *ui) classJSON() template.JS {
	u.mu.Lock()
	defer u.mu.Unlock()
	b, _ := json.Marshal(u.classes)
	return template.JS(b)
}

func (u *ui) funcs() template.FuncMap {
	return template.FuncMap{
		"cls":       u.class,
		"L":         u.fb.label,
		"classJSON": u.classJSON,
		"cssPath":   func() string { return u.cssPath },
		"jsPath":    func() string { return u.jsPath },
		"uid":       func() string { return "u_" + randomToken(3) },
		"audWord":   func(a string) string { return audienceWords[a] },
		"audIcon":   audienceIcon,
		"longDate":  longDate,
		"shortDate": shortDate,
		"iso":       func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"icon":      icon,
		"iconNames": iconNames,
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
	}
}

func (u *ui) buildTemplates() {
	base := template.Must(template.New("base").Funcs(u.funcs()).ParseFS(webFS, "web/templates/_*.html"))
	pages, err := fs.Glob(webFS, "web/templates/[a-z]*.html")
	if err != nil {
		panic(err)
	}
	for _, p := range pages {
		t := template.Must(template.Must(base.Clone()).ParseFS(webFS, p))
		u.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
}

func (u *ui) render(w http.ResponseWriter, status int, name string, d templateData) {
	t, ok := u.pages[name]
	if !ok {
		http.Error(w, "no page "+name, http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", d); err != nil {
		http.Error(w, "Sorry, something went wrong.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache, no-store, must-revalidate")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// longDate is how the site writes a post's full date in its tooltip.
func longDate(t time.Time) string {
	return t.UTC().Format("Monday 2 January 2006 at 15:04")
}

// shortDate is the date under a post's author.
func shortDate(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
}
