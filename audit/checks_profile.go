package audit

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// Checks of the profile as a whole rather than of one setting: pictures
// taken in clinical areas, clinical content under a made-up name, and
// personal and professional accounts linked to each other. Their words
// and word lists are data in assets/checks; the logic is here.

// profileKindFact is the fact ("<platform>.profile_kind") by which an
// adapter says whether the account is "personal" or "professional".
const profileKindFact = "profile_kind"

// Account kinds for cross_links.
const (
	KindPersonal     = "personal"
	KindProfessional = "professional"
)

// platformFact puts platform p into a fact ID template
// ("{platform}.public_view.name").
func platformFact(tmpl string, p Platform) string {
	return strings.ReplaceAll(tmpl, "{platform}", string(p))
}

func postsOf(s *Snapshot, p Platform) []Post {
	var out []Post
	for _, post := range s.Posts {
		if post.Platform == p {
			out = append(out, post)
		}
	}
	return out
}

// postsNotRead says that no post of p was read (with the adapter's reason
// when it gave one) and what that leaves unknown.
func postsNotRead(s *Snapshot, p Platform, so string) string {
	msg := "No posts were read from " + p.DisplayName()
	if cov := s.CoverageFor(p); cov != nil {
		if why := cov.Missing[string(p)+".posts"]; why != "" {
			msg += " (" + why + ")"
		}
	}
	return msg + ", so " + so + "."
}

// isPublic reports whether anyone can see a post.
func isPublic(p Post) bool {
	return p.Public || p.Audience == AudiencePublic || p.Audience == AudienceEveryone
}

// postName is how a finding names a post without quoting it.
func postName(p Post) string {
	if p.At.IsZero() {
		return "A post"
	}
	return "Post of " + p.At.Format("2 Jan 2006")
}

// phrases matches whole words and phrases, ignoring case and punctuation.
type phrases []string

func newPhrases(list []string) phrases {
	out := make(phrases, 0, len(list))
	for _, w := range list {
		if n := wordForm(w); n != "  " {
			out = append(out, n)
		}
	}
	return out
}

// find returns the first phrase (as listed) that text contains, or "".
func (ph phrases) find(text string) string {
	t := wordForm(text)
	for _, w := range ph {
		if strings.Contains(t, w) {
			return strings.TrimSpace(w)
		}
	}
	return ""
}

// wordForm lower-cases s, turns everything but letters, digits and "&"
// into single spaces and pads it with a space each side, so that a
// phrase matches only whole words.
func wordForm(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// runClinicalAreaImages looks for pictures that the platform's own
// description of them, or the post they are in, places in a clinical
// area. Each such post is a WARN: whether patients or screens are in the
// picture and whether those present consented is for the doctor to say.
// Pictures with no description cannot be placed, so they are UNKNOWN,
// never PASS.
func (r ruleSpec) runClinicalAreaImages(s *Snapshot, p Platform) []Finding {
	posts := postsOf(s, p)
	if len(posts) == 0 {
		return []Finding{{
			Status:   Unknown,
			Reason:   postsNotRead(s, p, "their pictures could not be checked"),
			Evidence: unknownEvidence(s, p, string(p)+".posts", r.Label),
		}}
	}
	places := newPhrases(r.Places)
	var out []Finding
	pictures, undescribed, withPictures := 0, 0, 0
	at := s.TakenAt
	if cov := s.CoverageFor(p); cov != nil {
		at = coverageTime(s, cov)
	}
	for _, post := range posts {
		if len(post.Images) == 0 {
			continue
		}
		withPictures++
		pictures += len(post.Images)
		var ev []Evidence
		blind := 0
		for i, im := range post.Images {
			if strings.TrimSpace(im.Alt) == "" {
				blind++
				continue
			}
			if w := places.find(im.Alt); w != "" {
				ev = append(ev, Evidence{What: fmt.Sprintf("Picture %d: the platform's description of it says “%s”", i+1, w), Source: post.Source, URL: post.URL, At: at})
			}
		}
		if w := places.find(post.Text); w != "" {
			ev = append(ev, Evidence{What: fmt.Sprintf("The post with the picture says “%s”", w), Source: post.Source, URL: post.URL, At: at})
		}
		if len(ev) == 0 {
			undescribed += blind
			continue
		}
		who := "your friends"
		if isPublic(post) {
			who = "anyone"
		}
		out = append(out, Finding{
			Subject:  post.ID,
			Status:   Warn,
			Title:    postName(post) + " has a picture that seems to be taken in a clinical area",
			Reason:   "The picture seems to be taken in a clinical area. Pictures taken there can show patients, notes or screens, and any taken for a professional purpose need the consent of the patients and staff present. Visible to: " + who + ".",
			Evidence: ev,
		})
	}
	switch {
	case withPictures == 0:
		return []Finding{{
			Status:   NA,
			Reason:   fmt.Sprintf("No picture was found in the %s read from %s.", plural(len(posts), "post"), p.DisplayName()),
			Evidence: []Evidence{{What: fmt.Sprintf("%s: %s read, none with a picture", r.Label, plural(len(posts), "post")), Source: posts[0].Source, At: at}},
		}}
	case undescribed > 0:
		out = append(out, Finding{
			Status: Unknown,
			Reason: fmt.Sprintf("Of the %s in your posts on %s, %d had no description Chaperone could read and no word in the post saying where it was taken, so whether it was taken in a clinical area is not known. Look through them yourself.",
				plural(pictures, "picture"), p.DisplayName(), undescribed),
			Evidence: []Evidence{{What: fmt.Sprintf("%s: %s in %s, %d without a description", r.Label, plural(pictures, "picture"), plural(withPictures, "post"), undescribed), Source: posts[0].Source, At: at}},
		})
	case len(out) == 0:
		return []Finding{{
			Status:   Pass,
			Reason:   fmt.Sprintf("No picture in your posts on %s (%s) is described as taken in a clinical area.", p.DisplayName(), plural(pictures, "picture")),
			Evidence: []Evidence{{What: fmt.Sprintf("%s: %s in %s, each described, none in a clinical area", r.Label, plural(pictures, "picture"), plural(withPictures, "post")), Source: posts[0].Source, At: at}},
		}}
	}
	return out
}

// runPseudonymousAdvice: a public profile that posts clinical content
// should carry the doctor's name. With no public clinical post the check
// does not apply; with one and no name read it is UNKNOWN.
func (r ruleSpec) runPseudonymousAdvice(s *Snapshot, p Platform) []Finding {
	posts := postsOf(s, p)
	if len(posts) == 0 {
		reason := postsNotRead(s, p, "whether you post clinical content there is not known")
		fact := platformFact(r.Fact, p)
		if cov := s.CoverageFor(p); cov != nil {
			if _, ok := s.Fact(fact); !ok && cov.Missing[fact] != "" {
				reason += " The name on your public profile was not read either: " + cov.Missing[fact] + "."
			}
		}
		return []Finding{{
			Status:   Unknown,
			Reason:   reason,
			Evidence: unknownEvidence(s, p, string(p)+".posts", r.Label),
		}}
	}
	at := s.TakenAt
	if cov := s.CoverageFor(p); cov != nil {
		at = coverageTime(s, cov)
	}
	clinical := newPhrases(r.Clinical)
	public, medical := 0, 0
	word := ""
	for _, post := range posts {
		if !isPublic(post) {
			continue
		}
		public++
		if w := clinical.find(post.Text); w != "" {
			medical++
			if word == "" {
				word = w
			}
		}
	}
	postsEv := Evidence{What: fmt.Sprintf("%s read, %d public, %d with clinical content", plural(len(posts), "post"), public, medical), Source: posts[0].Source, At: at}
	if word != "" {
		postsEv.What += " (words such as “" + word + "”)"
	}
	switch {
	case public == 0:
		return []Finding{{Status: NA, Reason: fmt.Sprintf("No post read from %s is public (%s read).", p.DisplayName(), plural(len(posts), "post")), Evidence: []Evidence{postsEv}}}
	case medical == 0:
		return []Finding{{Status: NA, Reason: fmt.Sprintf("No public post on %s reads as clinical content (%s read), so there is no advice to put your name to.", p.DisplayName(), plural(public, "public post")), Evidence: []Evidence{postsEv}}}
	}
	fact := platformFact(r.Fact, p)
	f, ok := s.Fact(fact)
	if !ok {
		return []Finding{{
			Status:   Unknown,
			Reason:   fmt.Sprintf("%s. %s there read as clinical content, so check by hand that the profile shows your name.", notRead(s, p, fact, "The name on your public profile"), plural(medical, "public post")),
			Evidence: append([]Evidence{postsEv}, unknownEvidence(s, p, fact, r.Label)...),
		}}
	}
	name := strings.TrimSpace(f.Raw)
	if name == "" {
		name = strings.TrimSpace(f.Value)
	}
	ev := []Evidence{factEvidence(f, r.Label), postsEv}
	st, why := judgeName(name, r.NotName, r.Pseudonym)
	var reason string
	switch st {
	case Pass:
		reason = fmt.Sprintf("Your public profile, which posts clinical content, shows the name “%s”. Chaperone can only tell that it reads as a person's name; make sure it is yours.", name)
	case Warn:
		reason = fmt.Sprintf("Your public profile posts clinical content under “%s”, %s. Give your full name on a profile that gives clinical advice.", name, why)
	default:
		reason = fmt.Sprintf("Your public profile posts clinical content under “%s”, %s. Whoever relies on that advice cannot tell who gave it, and a pseudonym does not keep you anonymous.", name, why)
	}
	return []Finding{{Status: st, Reason: reason, Evidence: ev}}
}

// judgeName says whether a display name reads as a person's name: two or
// more words of letters once titles, roles and post-nominals are set
// aside. It cannot know whether the name is the doctor's own.
func judgeName(name string, notName, pseudonym []string) (Status, string) {
	if name == "" {
		return Fail, "which shows no name"
	}
	if strings.ContainsAny(name, "@_") {
		return Fail, "which reads as a handle, not a name"
	}
	skip := map[string]bool{}
	for _, w := range notName {
		skip[strings.ToLower(w)] = true
	}
	made := map[string]bool{}
	for _, w := range pseudonym {
		made[strings.ToLower(w)] = true
	}
	var words []string
	for _, tok := range strings.Fields(name) {
		w := strings.ToLower(strings.Trim(tok, ".,;:()[]\"'“”‘’!?"))
		if w == "" || skip[w] {
			continue
		}
		if made[w] {
			return Fail, "which reads as a made-up name (“" + w + "”)"
		}
		if strings.ContainsAny(w, "0123456789") {
			// Digits outside a grade such as FY1 make a handle.
			return Fail, "which reads as a handle, not a name"
		}
		letters := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' }) < 0
		if !letters {
			continue // an emoji or symbol
		}
		words = append(words, w)
	}
	// A lone initial is not a name.
	n := 0
	for _, w := range words {
		if len([]rune(w)) > 1 {
			n++
		}
	}
	switch {
	case n >= 2:
		return Pass, ""
	case n == 1:
		return Warn, "which gives only one name"
	}
	return Fail, "which gives only a title or role, not a name"
}

// runCrossLinks: a personal account that links to the doctor's
// professional account (or the reverse) mixes the two. The links looked
// at are those on the profile (fact "<platform>.public_view.links") and
// in the posts.
func (r ruleSpec) runCrossLinks(s *Snapshot, p Platform) []Finding {
	kind := func(q Platform) string {
		if f, ok := s.Fact(string(q) + "." + profileKindFact); ok {
			switch normValue(f.Value) {
			case KindProfessional:
				return KindProfessional
			case KindPersonal:
				return KindPersonal
			}
		}
		if slices.Contains(r.Professional, q) {
			return KindProfessional
		}
		return KindPersonal
	}
	mine := kind(p)
	var others []Platform
	for _, q := range s.Audited() {
		if q != p && kind(q) != mine {
			others = append(others, q)
		}
	}
	at := s.TakenAt
	if cov := s.CoverageFor(p); cov != nil {
		at = coverageTime(s, cov)
	}
	other := KindProfessional
	if mine == KindProfessional {
		other = KindPersonal
	}
	if len(others) == 0 {
		return []Finding{{
			Status:   NA,
			Reason:   fmt.Sprintf("No %s account was audited with your %s %s account, so there is none for it to be linked with.", other, mine, p.DisplayName()),
			Evidence: []Evidence{{What: fmt.Sprintf("%s: audited accounts %s", r.Label, platformList(s.Audited())), At: at}},
		}}
	}
	linksID := platformFact(r.Fact, p)
	links, haveLinks := s.Fact(linksID)
	posts := postsOf(s, p)
	var ev []Evidence
	var found, unknown []string
	for _, q := range others {
		cov := s.CoverageFor(q)
		key := ""
		if cov != nil {
			key = linkKey(cov.Profile)
		}
		// An account with no profile page (a WhatsApp number) is linked
		// to by any link that opens a chat on its network.
		chats := q.ChatLinks()
		linksTo, what := func(text string) bool { return containsLink(text, key) }, q.DisplayName()+" profile"
		switch {
		case key == "" && len(chats) > 0:
			linksTo, what = func(text string) bool { return containsChatLink(text, chats) }, q.DisplayName()+" account"
		case key == "":
			unknown = append(unknown, "the address of your "+q.DisplayName()+" profile is not known")
			continue
		}
		where := 0
		if haveLinks && linksTo(links.Raw+" "+links.Value) {
			e := factEvidence(links, r.Label)
			e.What = r.Label + " include your " + what
			ev = append(ev, e)
			where++
		}
		for _, post := range posts {
			if linksTo(post.Text) {
				ev = append(ev, Evidence{What: postName(post) + " links to your " + what, Source: post.Source, URL: post.URL, At: at})
				where++
			}
		}
		if where > 0 {
			found = append(found, q.DisplayName())
		}
	}
	if len(found) > 0 {
		return []Finding{{
			Status: Warn,
			Reason: fmt.Sprintf("Your %s %s account links to your %s %s. Keep personal and professional accounts apart: a patient who finds one then finds the other.",
				mine, p.DisplayName(), other, joinWords(found)+" "+pluralWord(len(found), "account")),
			Evidence: ev,
		}}
	}
	if !haveLinks {
		unknown = append(unknown, notRead(s, p, linksID, "“"+r.Label+"”"))
	}
	if len(posts) == 0 {
		unknown = append(unknown, "no posts were read")
	}
	if len(unknown) > 0 {
		return []Finding{{
			Status:   Unknown,
			Reason:   "Whether this account links to your " + other + " ones could not be checked: " + strings.Join(unknown, "; ") + ".",
			Evidence: unknownEvidence(s, p, linksID, r.Label),
		}}
	}
	return []Finding{{
		Status: Pass,
		Reason: fmt.Sprintf("Neither the links on your %s profile nor its %s point to your %s %s %s.", p.DisplayName(), plural(len(posts), "post"), other, platformList(others), pluralWord(len(others), "account")),
		Evidence: []Evidence{
			factEvidence(links, r.Label),
			{What: fmt.Sprintf("%s read, none linking to %s", plural(len(posts), "post"), platformList(others)), Source: posts[0].Source, At: at},
		},
	}}
}

// linkKey is a profile address as it appears in a link: host without
// "www." and path, lower case, no trailing slash; "" when there is none.
func linkKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	p := strings.TrimRight(strings.ToLower(u.EscapedPath()), "/")
	if p == "" {
		// A bare site is not one person's profile.
		return ""
	}
	return host + p
}

// containsLink reports whether text links to the profile key stands for:
// the key, not followed by more of a longer address ("/in/sam" is not
// "/in/samantha").
func containsLink(text, key string) bool {
	t := strings.ReplaceAll(strings.ToLower(text), "www.", "")
	for i := 0; ; {
		j := strings.Index(t[i:], key)
		if j < 0 {
			return false
		}
		end := i + j + len(key)
		if end == len(t) || !strings.ContainsRune("abcdefghijklmnopqrstuvwxyz0123456789-_.%", rune(t[end])) || (t[end] == '.' && (end+1 == len(t) || t[end+1] == ' ' || t[end+1] == '\n')) {
			return true
		}
		i = end
	}
}

// containsChatLink reports whether text holds a link that begins with
// one of forms (see Platform.ChatLinks), written with or without its
// scheme and "www.".
func containsChatLink(text string, forms []string) bool {
	t := strings.ReplaceAll(strings.ToLower(text), "www.", "")
	for _, f := range forms {
		for i := 0; ; {
			j := strings.Index(t[i:], f)
			if j < 0 {
				break
			}
			at := i + j
			// The form must start the address, not end a longer host
			// ("notwa.me/").
			if at == 0 || strings.ContainsRune(" \t\n\"'(<,;:/=", rune(t[at-1])) {
				return true
			}
			i = at + len(f)
		}
	}
	return false
}

func pluralWord(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

func platformList(ps []Platform) string {
	var names []string
	for _, p := range ps {
		names = append(names, p.DisplayName())
	}
	if len(names) == 0 {
		return "none"
	}
	return joinWords(names)
}

// joinWords is "A", "A and B", "A, B and C".
func joinWords(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
