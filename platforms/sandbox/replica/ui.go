package replica

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed web/*.html
var sharedFS embed.FS

// UIFiles says where a site keeps its templates and static files.
type UIFiles struct {
	// FS holds them (usually the site's embedded web/ folder).
	FS fs.FS
	// Templates is the folder of page templates: files starting with "_"
	// are partials every page gets (one of them defines "layout"); every
	// other *.html is a page, named by its file name without .html.
	Templates string
	// CSS and JS are the style sheet and the page script. Either may be
	// empty. In the style sheet, selectors are written [[s "key"]]; the
	// script asks for class names as cx("key").
	CSS, JS string
	// AssetPrefix is how the real site's static URLs start, e.g.
	// "/rsrc.php/v3/y"; the file's hash and extension follow.
	AssetPrefix string
	// Funcs are the site's own template functions.
	Funcs template.FuncMap
}

// UI renders one site start's pages, with its class names and its hashed
// style sheet and script.
type UI struct {
	Classes *Classes

	pages   map[string]*template.Template
	css, js asset
}

type asset struct {
	path, ctype string
	body        []byte
}

// NewUI parses a site's templates and builds its assets with fresh class
// names. The shared partials (replica_picker, replica_switch,
// replica_radios) are parsed first, so a site may redefine them.
func NewUI(f UIFiles) (*UI, error) {
	u := &UI{Classes: NewClasses(), pages: map[string]*template.Template{}}
	if f.CSS != "" {
		src, err := fs.ReadFile(f.FS, f.CSS)
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		css, err := u.Classes.CSS(src)
		if err != nil {
			return nil, fmt.Errorf("ui: %s: %w", f.CSS, err)
		}
		u.css = asset{path: hashedPath(f.AssetPrefix, css, ".css"), ctype: "text/css; charset=utf-8", body: css}
	}
	if f.JS != "" {
		src, err := fs.ReadFile(f.FS, f.JS)
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		u.Classes.ScanJS(src)
		u.js = asset{path: hashedPath(f.AssetPrefix, src, ".js"), ctype: "application/javascript; charset=utf-8", body: src}
	}
	funcs := u.funcs()
	for k, v := range f.Funcs {
		funcs[k] = v
	}
	base, err := template.New("base").Funcs(funcs).ParseFS(sharedFS, "web/*.html")
	if err != nil {
		return nil, fmt.Errorf("ui: shared templates: %w", err)
	}
	partials, err := fs.Glob(f.FS, path.Join(f.Templates, "_*.html"))
	if err != nil {
		return nil, fmt.Errorf("ui: %w", err)
	}
	if len(partials) > 0 {
		if base, err = base.ParseFS(f.FS, partials...); err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
	}
	pages, err := fs.Glob(f.FS, path.Join(f.Templates, "*.html"))
	if err != nil {
		return nil, fmt.Errorf("ui: %w", err)
	}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		clone, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		t, err := clone.ParseFS(f.FS, p)
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		u.pages[name] = t
	}
	return u, nil
}

// hashedPath is prefix + the first 5 bytes of the content's hash + ext,
// so that a changed file is a new URL, as on the real sites.
func hashedPath(prefix string, body []byte, ext string) string {
	if prefix == "" {
		prefix = "/static/"
	}
	sum := sha256.Sum256(body)
	return prefix + hex.EncodeToString(sum[:5]) + ext
}

// CSSPath and JSPath are the URLs of the style sheet and the script.
func (u *UI) CSSPath() string { return u.css.path }

// JSPath is the URL of the page script.
func (u *UI) JSPath() string { return u.js.path }

// CSS is the style sheet as served.
func (u *UI) CSS() []byte { return u.css.body }

// ServeAsset serves the style sheet or the script when the request names
// one, and reports whether it did.
func (u *UI) ServeAsset(w http.ResponseWriter, r *http.Request) bool {
	for _, a := range []asset{u.css, u.js} {
		if a.path != "" && r.URL.Path == a.path {
			w.Header().Set("Content-Type", a.ctype)
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			_, _ = w.Write(a.body)
			return true
		}
	}
	return false
}

func (u *UI) funcs() template.FuncMap {
	return template.FuncMap{
		"cls":       u.Classes.Class,
		"classJSON": u.Classes.JSON,
		"cssPath":   u.CSSPath,
		"jsPath":    u.JSPath,
		"uid":       func() string { return "u_" + Token(3) },
		"iso":       func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
	}
}

// Render executes the page's "layout" with data and writes it, not to be
// cached. A template error is a plain 500, never half a page.
func (u *UI) Render(w http.ResponseWriter, status int, name string, data any) {
	t, ok := u.pages[name]
	if !ok {
		http.Error(w, "no page "+name, http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", data); err != nil {
		http.Error(w, "Sorry, something went wrong.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache, no-store, must-revalidate")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}
