package export

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/export/internal/jsonstream"
)

var (
	fbFriends  = baseIs("friends.json", "your_friends.json")
	fbRequests = baseIs("friend_requests_received.json", "received_friend_requests.json")
	fbPosts    = regexp.MustCompile(`^your_posts.*\.json$`).MatchString
	// The apostrophe of "where_you're_logged_in.json" varies (', ’, none).
	fbSessions = regexp.MustCompile(`^where_you.{0,3}re_logged_in\.json$`).MatchString
	fbProfile  = baseIs("profile_information.json")
)

func detectFacebook(a *archive) bool {
	return len(a.find(func(b string) bool {
		return fbFriends(b) || fbRequests(b) || fbPosts(b) || fbSessions(b) || fbProfile(b)
	})) > 0
}

// jsonList reads a list whose files each hold one list of records.
func jsonList[T any](ctx context.Context, b *builder, l *listing, meta bool, spec recordSpec[T]) ([]T, error) {
	return readList(b, l, func(e *entry) ([]T, error) {
		var out []T
		err := b.decode(ctx, e, meta, false, func(d *jsonstream.Decoder) error {
			var err error
			out, err = records(b, d, l, spec)
			return err
		})
		return out, err
	})
}

// settle records a list that was read (its count) or why it was not.
func (b *builder) settle(l *listing, n int, what, absent string, notes ...string) bool {
	switch {
	case len(l.files) == 0:
		b.missing(l.id, absent)
	case l.err != nil:
		b.unreadable(l.id, l.err)
	default:
		b.count(l.id, n, what, l.files, notes...)
		return true
	}
	return false
}

// fbPerson reads a friend or a request the way the live adapter builds
// them: the name as shown, and when the export links the profile, the
// same handle and URL the site's own link gives.
func (b *builder) fbPerson(kind string) recordSpec[audit.Connection] {
	return recordSpec[audit.Connection]{
		what: "person",
		looks: func(m map[string]any) bool {
			return has(m, "name", "timestamp", "href", "uri", "label_values")
		},
		read: func(m map[string]any) (audit.Connection, error) {
			f := fields(m)
			name, err := text(f, "name")
			if err != nil {
				return audit.Connection{}, err
			}
			if name == "" {
				return audit.Connection{}, shapef("no name")
			}
			href, err := text(f, "href", "uri", "profile_uri")
			if err != nil {
				return audit.Connection{}, err
			}
			since, err := timeOf(f, "timestamp", "date")
			if err != nil {
				return audit.Connection{}, err
			}
			handle, u := fbProfileLink(href)
			return b.conn(kind, name, handle, u, since), nil
		},
		cost: connCost,
	}
}

// fbProfileLink turns a profile link into the handle and URL the live
// adapter records for the same person ("/jane.doe" gives "jane.doe";
// "/profile.php?id=4" gives "4"); a link it does not recognise is kept as
// it is, with no handle.
func fbProfileLink(href string) (handle, link string) {
	if href == "" {
		return "", ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", href
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	host = strings.TrimPrefix(host, "web.")
	if host != "facebook.com" {
		return "", href
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	switch {
	case len(parts) == 1 && parts[0] == "profile.php" && u.Query().Get("id") != "":
		id := u.Query().Get("id")
		return id, "https://www.facebook.com/profile.php?id=" + id
	case len(parts) == 1 && parts[0] != "profile.php":
		return parts[0], "https://www.facebook.com/" + parts[0]
	}
	return "", href
}

func readFacebook(ctx context.Context, b *builder) error {
	a := b.a
	prof := &listing{id: "profile", files: a.find(fbProfile)}
	_, err := readList(b, prof, func(e *entry) ([]struct{}, error) {
		return nil, b.decode(ctx, e, true, false, func(d *jsonstream.Decoder) error {
			v, err := b.value(d, "the profile")
			if err != nil {
				return err
			}
			p, _ := deepFind(v, "profile_v2", "profile")
			if p == nil {
				p = v
			}
			if u := str(get(p, "username")); u != "" && b.cov.Account == "" {
				b.cov.Account = u
				b.cov.Profile = "https://www.facebook.com/" + u
			}
			if b.cov.Account == "" {
				b.cov.Account = str(get(get(p, "name"), "full_name"))
			}
			if b.cov.Account == "" {
				b.cov.Account = str(get(p, "name"))
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if prof.err != nil {
		b.unreadable("profile", prof.err)
	}

	friends := &listing{id: "connections", files: a.find(fbFriends)}
	conns, err := jsonList(ctx, b, friends, true, b.fbPerson(audit.ConnFriend))
	if err != nil {
		return err
	}
	if b.settle(friends, len(conns), "friends", "friends list (friends.json or your_friends.json)") {
		b.conns = append(b.conns, conns...)
	}

	requests := &listing{id: "pending_requests", files: a.find(fbRequests)}
	reqs, err := jsonList(ctx, b, requests, true, b.fbPerson(audit.ConnRequest))
	if err != nil {
		return err
	}
	if b.settle(requests, len(reqs), "friend requests received", "list of friend requests received") {
		b.reqs = append(b.reqs, reqs...)
	}

	postList := &listing{id: "posts", files: a.find(fbPosts)}
	posts, err := jsonList(ctx, b, postList, true, recordSpec[audit.Post]{
		what:  "post",
		looks: func(m map[string]any) bool { return has(m, "timestamp", "data", "attachments", "title", "post") },
		read:  b.fbPost,
		cost:  postCost,
	})
	if err != nil {
		return err
	}
	for i := range posts {
		posts[i].ID = postID(b.p, posts[i].At, posts[i].Text, i)
	}
	var notes []string
	if postList.err == nil {
		if notes, err = b.copyPhotos(ctx, posts); err != nil {
			return err
		}
	}
	if b.settle(postList, len(posts), "posts", "posts file (your_posts_1.json)", notes...) {
		b.posts = append(b.posts, posts...)
	}

	sessList := &listing{id: "sessions", files: a.find(fbSessions)}
	sess, err := jsonList(ctx, b, sessList, true, recordSpec[audit.Session]{
		what: "session",
		looks: func(m map[string]any) bool {
			f := fields(m)
			return firstOf(f, "useragent", "ipaddress", "device", "browser", "createdtimestamp", "updatedtimestamp", "location", "app") != nil
		},
		read: func(m map[string]any) (audit.Session, error) { return fbSession(fields(m)) },
		cost: sessionCost,
	})
	if err != nil {
		return err
	}
	if b.settle(sessList, len(sess), "places logged in", "list of places where the account is logged in") {
		b.sess = append(b.sess, sess...)
	}
	return nil
}

// firstOf returns the first non-empty value among folded keys of f.
func firstOf(f map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := f[norm(k)]; ok && v != nil && (str(v) != "" || len(list(v)) > 0) {
			return v
		}
	}
	return nil
}

// scalarText is a value that is a text, or a number written as one (an IP
// address or a device ID may come either way); other types are errors.
func scalarText(f map[string]any, key string) (string, error) {
	v := f[key]
	switch v.(type) {
	case nil, string:
		return str(v), nil
	}
	if kindOfValue(v) == "a number" {
		return str(v), nil
	}
	return "", shapef("%q is %s, not a text", key, kindOfValue(v))
}

func fbSession(f map[string]any) (audit.Session, error) {
	s := audit.Session{Platform: audit.Facebook}
	var dev []string
	for _, k := range []string{"device", "app", "browser", "useragent", "sessiontype"} {
		v, err := scalarText(f, k)
		if err != nil {
			return s, err
		}
		if v != "" {
			dev = append(dev, v)
		}
	}
	s.Device = strings.Join(dev, ", ")
	loc, err := scalarText(f, "location")
	if err != nil {
		return s, err
	}
	ip, err := scalarText(f, "ipaddress")
	if err != nil {
		return s, err
	}
	s.Location = loc
	if ip != "" {
		s.Location = strings.TrimSpace(s.Location + " (IP " + ip + ")")
	}
	for _, k := range []string{"updatedtimestamp", "lastactive", "last_accessed", "updated", "createdtimestamp", "created", "timestamp"} {
		if f[norm(k)] == nil {
			continue
		}
		t, err := timeOf(f, norm(k))
		if err != nil {
			return s, err
		}
		if !t.IsZero() {
			s.LastActive = t.Format("2006-01-02T15:04:05Z07:00")
			break
		}
	}
	return s, nil
}

// fbPost turns one Facebook post record into a Post: the doctor's words,
// photo descriptions, the place checked in at, and attached photos (their
// files are copied later, once the whole list was read).
func (b *builder) fbPost(r map[string]any) (audit.Post, error) {
	p := audit.Post{Platform: audit.Facebook, Source: audit.SourceExport}
	var err error
	if p.At, err = timeOf(r, "timestamp", "creation_timestamp"); err != nil {
		return p, err
	}
	var texts []string
	add := func(s string) {
		if s != "" && !containsStr(texts, s) {
			texts = append(texts, s)
		}
	}
	s, err := text(r, "post")
	if err != nil {
		return p, err
	}
	add(s)
	data, err := listOf(r, "data")
	if err != nil {
		return p, err
	}
	for _, d := range data {
		s, err := text(d, "post")
		if err != nil {
			return p, err
		}
		add(s)
	}
	atts, err := listOf(r, "attachments")
	if err != nil {
		return p, err
	}
	for _, att := range atts {
		items, err := listOf(att, "data")
		if err != nil {
			return p, err
		}
		for _, d := range items {
			m, err := objectOf(d, "media")
			if err != nil {
				return p, err
			}
			if m != nil {
				desc, err := text(m, "description")
				if err != nil {
					return p, err
				}
				uri, err := text(m, "uri")
				if err != nil {
					return p, err
				}
				add(desc)
				b.addImage(&p, photo(uri, desc, exifOf(m)))
				if p.At.IsZero() {
					if p.At, err = timeOf(m, "creation_timestamp"); err != nil {
						return p, err
					}
				}
			}
			pl, err := objectOf(d, "place")
			if err != nil {
				return p, err
			}
			if pl != nil {
				name, err := text(pl, "name")
				if err != nil {
					return p, err
				}
				if name != "" {
					add("At " + name)
				}
			}
			ec, err := objectOf(d, "external_context")
			if err != nil {
				return p, err
			}
			if ec != nil && p.URL == "" {
				if p.URL, err = text(ec, "url"); err != nil {
					return p, err
				}
			}
		}
	}
	if len(texts) == 0 {
		t, err := text(r, "title")
		if err != nil {
			return p, err
		}
		add(t)
	}
	p.Text = strings.Join(texts, "\n")
	return p, nil
}

func (b *builder) addImage(p *audit.Post, im audit.Image) {
	if im.URL != "" || im.Alt != "" || im.File != "" {
		p.Images = append(p.Images, im)
	}
}

// exifOf returns the first EXIF record a Meta media item carries.
func exifOf(m any) map[string]any {
	v, ok := deepFind(get(m, "media_metadata"), "exif_data")
	if !ok {
		return nil
	}
	for _, x := range list(v) {
		if xm, ok := x.(map[string]any); ok && len(xm) > 0 {
			return xm
		}
	}
	return nil
}

func containsStr(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
