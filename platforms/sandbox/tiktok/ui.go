package tiktok

import (
	"embed"
	"fmt"
	"html/template"

	"chaperone/platforms/sandbox/replica"
)

//go:embed all:web
var webFS embed.FS

// newUI parses the templates with fresh class names, as every real start
// of the site's build has its own.
func newUI(st *State) *replica.UI {
	u, err := replica.NewUI(replica.UIFiles{
		FS:          webFS,
		Templates:   "web/templates",
		CSS:         "web/static/style.css",
		JS:          "web/static/app.js",
		AssetPrefix: "/webapp/desktop/",
		Funcs: template.FuncMap{
			"L":     st.L,
			"views": views,
		},
	})
	if err != nil {
		panic(fmt.Sprintf("tiktok replica: %v", err))
	}
	return u
}
