package facebook

import (
	"embed"
	"fmt"
	"time"

	"html/template"

	"chaperone/platforms/sandbox/replica"
)

//go:embed all:web
var webFS embed.FS

// ui is one start's templates, class names and assets. The class names are
// random per start, as on the real site, so that nothing can depend on them.
type ui struct {
	*replica.UI
}

func newUI(fb *State) *ui {
	u, err := replica.NewUI(replica.UIFiles{
		FS:          webFS,
		Templates:   "web/templates",
		CSS:         "web/static/style.css",
		JS:          "web/static/app.js",
		AssetPrefix: "/rsrc.php/v3/y",
		Funcs: template.FuncMap{
			"L":         fb.label,
			"audWord":   func(a string) string { return audienceWords[a] },
			"audIcon":   audienceIcon,
			"longDate":  longDate,
			"shortDate": shortDate,
			"icon":      icon,
			"iconNames": iconNames,
		},
	})
	if err != nil {
		// The templates are embedded: an error is a bug in this package,
		// caught by every test.
		panic(fmt.Sprintf("facebook replica: %v", err))
	}
	return &ui{u}
}

// class returns the class attribute value of a semantic key.
func (u *ui) class(key string) string { return u.Classes.Class(key) }

// longDate is how the site writes a post's full date in its tooltip.
func longDate(t time.Time) string {
	return t.UTC().Format("Monday 2 January 2006 at 15:04")
}

// shortDate is the date under a post's author.
func shortDate(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
}
