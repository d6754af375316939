package facebook

import (
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSettingsRowsGolden pins the text of every settings row of the demo
// persona, the contract the Facebook adapter reads by label.
func TestSettingsRowsGolden(t *testing.T) {
	s := startServer(t)
	c := newClient(t)
	login(t, s, c)
	var b strings.Builder
	for _, tab := range []string{"privacy", "security"} {
		p := get(t, c, s.URL()+"/settings?tab="+tab)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", tab, p.Status)
		}
		b.WriteString("# " + tab + "\n")
		for _, li := range findAll(parse(t, p.Body), byRole("listitem")) {
			if v, _ := attr(li, "class"); strings.Contains(v, s.ui.class("navrow")) {
				continue // left navigation
			}
			b.WriteString(textOf(li) + "\n")
		}
	}
	rows := s.State().settingRows("profile_and_tagging")
	b.WriteString("# profile_and_tagging (API)\n")
	for _, r := range rows {
		b.WriteString(r.Section + " | " + r.Label + " | " + r.Text + " | " + r.Kind + "\n")
	}
	golden(t, "settings_rows.golden", b.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestPostAndFriendPages(t *testing.T) {
	s := startServer(t)
	anon := newClient(t)
	a := s.Seed()
	var public, private string
	for _, p := range a.Posts {
		if p.Audience == audit.AudiencePublic && public == "" {
			public = p.ID
		}
		if p.Audience != audit.AudiencePublic && private == "" {
			private = p.ID
		}
	}
	p := get(t, anon, s.URL()+"/"+a.Username+"/posts/"+public)
	if p.Status != http.StatusOK || strings.Count(p.Body, `role="article"`) != 1 {
		t.Errorf("public post page: %d", p.Status)
	}
	if p := get(t, anon, s.URL()+"/"+a.Username+"/posts/"+private); p.Status != http.StatusNotFound {
		t.Errorf("friends-only post shown to a stranger: %d", p.Status)
	}
	var withUser, withoutUser *Friend
	for i, f := range a.Friends {
		if f.Username != "" && f.Town != "" && withUser == nil {
			withUser = &a.Friends[i]
		}
		if f.Username == "" && withoutUser == nil {
			withoutUser = &a.Friends[i]
		}
	}
	if p := get(t, anon, s.URL()+"/"+withUser.Username); p.Status != http.StatusOK || !strings.Contains(textOf(parse(t, p.Body)), "Lives in "+withUser.Town) {
		t.Errorf("friend profile /%s: %d", withUser.Username, p.Status)
	}
	if p := get(t, anon, s.URL()+"/profile.php?id="+withoutUser.ID); p.Status != http.StatusOK || !strings.Contains(p.Body, withoutUser.Name) {
		t.Errorf("friend profile by id: %d", p.Status)
	}
	if p := get(t, anon, s.URL()+"/profile.php?id="+a.UserID); p.Status != http.StatusOK || !strings.Contains(p.Body, a.DisplayName) {
		t.Errorf("own profile by id: %d", p.Status)
	}
}
