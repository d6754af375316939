package linkedin

import (
	"net/http"
	"net/url"
	"strings"

	"chaperone/platforms/sandbox/replica"
)

// The sign-in page of a browser LinkedIn remembers (cookie li_rm) is the
// "Welcome back" picker: a card per remembered member, and "Sign in using
// another account" for the plain form.

type pickerCard struct {
	ID, Name, Masked, URL string
}

type pickerView struct {
	Cards []pickerCard
	Other string // the plain form's link text
	URL   string
}

// valid reports whether the request has a session that has not been
// expired by a test.
func (s *Site) valid(r *http.Request) bool {
	ws := s.auth.Get(r)
	if ws == nil {
		return false
	}
	cut := s.st.cutoff()
	return cut.IsZero() || ws.Created.After(cut)
}

// require sends a browser without a valid session to the sign-in page.
func (s *Site) require(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.valid(r) {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
			return
		}
		h(w, r)
	}
}

func (s *Site) loginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	next := replica.SafeNext(q.Get("next"))
	if s.valid(r) {
		http.Redirect(w, r, replica.OrHome(next), http.StatusFound)
		return
	}
	if id := q.Get("account"); id != "" {
		s.st.picked(id)
	}
	if c, err := r.Cookie("li_rm"); err == nil && c.Value != "" && q.Get("other") == "" && q.Get("account") == "" {
		a := s.st.Account()
		mode := s.st.pickerMode()
		v := pickerView{Other: "Sign in using another account"}
		cards := []pickerCard{{ID: a.ID, Name: a.Name, Masked: mask(a.Email)}}
		if mode == "changed" {
			// A shared computer: a colleague is remembered instead, and the
			// plain form hides behind other words.
			cards = []pickerCard{{ID: "ACoAAC4q1z", Name: "Ruth Pemberton", Masked: mask("ruth.pemberton@example.org")}}
			v.Other = "Not you? Switch account"
		}
		for _, c := range cards {
			c.URL = "/login?account=" + url.QueryEscape(c.ID) + "&next=" + url.QueryEscape(next)
			v.Cards = append(v.Cards, c)
		}
		v.URL = "/login?other=1&next=" + url.QueryEscape(next)
		s.render(w, r, http.StatusOK, "picker", "LinkedIn Login, Sign in | LinkedIn", v)
		return
	}
	f := replica.LoginForm{Next: next}
	if id := q.Get("account"); id != "" && id == s.st.Account().ID {
		f.User = s.st.Account().Email
	}
	s.login.RenderLogin(w, r, http.StatusOK, f)
}

// mask writes an email address as the picker does: "s***@example.org".
func mask(email string) string {
	user, domain, ok := strings.Cut(email, "@")
	if !ok || user == "" {
		return "***"
	}
	return user[:1] + "***@" + domain
}
