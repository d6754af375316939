package replica

import (
	"net/http"
	"net/url"
)

// Switch is an on/off control for the "replica_switch" partial. The real
// sites differ, and the replicas must too: Instagram's is
// input[role=switch] with aria-checked and an aria-label; leave Label empty
// for one with no accessible name; Bare is TikTok's plain checkbox with no
// role and no aria at all, found only from the text beside it.
type Switch struct {
	Key   string // data-key, for the page script
	Label string // aria-label; "" for none
	On    bool
	Bare  bool
}

// Option is one choice of a "replica_radios" group.
type Option struct {
	Value       string
	Text        string
	Description string
	Checked     bool
	// Named gives the radio an aria-label; some real radios have none and
	// are read from their row text.
	Named bool
}

// Radios is the radio group of an audience dialog, for "replica_radios".
type Radios struct {
	Label   string // aria-label of the group; "" for none
	Options []Option
}

// PickerAccount is one profile an account picker offers.
type PickerAccount struct {
	ID      string
	Name    string
	Network string // "Facebook", "Instagram" ...
	Avatar  string // image URL; may be empty
}

// PickerView is what the "replica_picker" partial shows.
type PickerView struct {
	Title   string
	Help    string
	Choices []PickerChoice
}

// PickerChoice is one account and the URL that picks it.
type PickerChoice struct {
	PickerAccount
	URL string
}

// Picker puts an account picker in front of a page, as Accounts Centre
// does: the page is shown only once the URL names one of the accounts
// offered (in the query parameter Param); otherwise Render shows the list.
type Picker struct {
	Param    string // e.g. "account_id"
	Title    string // e.g. "Select an account"
	Help     string
	Accounts func() []PickerAccount
	Render   func(w http.ResponseWriter, r *http.Request, v PickerView)
}

// Chosen returns the account the request names, if it is one offered.
func (p *Picker) Chosen(r *http.Request) (PickerAccount, bool) {
	id := r.URL.Query().Get(p.Param)
	if id == "" {
		return PickerAccount{}, false
	}
	for _, a := range p.Accounts() {
		if a.ID == id {
			return a, true
		}
	}
	return PickerAccount{}, false
}

// View is the picker for this request: each choice links to the same URL
// with the account named.
func (p *Picker) View(r *http.Request) PickerView {
	v := PickerView{Title: p.Title, Help: p.Help}
	for _, a := range p.Accounts() {
		q := r.URL.Query()
		q.Set(p.Param, a.ID)
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		v.Choices = append(v.Choices, PickerChoice{PickerAccount: a, URL: u.RequestURI()})
	}
	return v
}

// Require serves h for a chosen account and the picker otherwise.
func (p *Picker) Require(h func(w http.ResponseWriter, r *http.Request, a PickerAccount)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a, ok := p.Chosen(r); ok {
			h(w, r, a)
			return
		}
		p.Render(w, r, p.View(r))
	}
}
