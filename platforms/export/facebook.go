package export

import (
	"context"
	"regexp"
	"strings"

	"chaperone/audit"
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

func readFacebook(ctx context.Context, a *archive, b *builder) error {
	for _, e := range a.find(fbProfile) {
		v, err := readJSON(ctx, a, e, true)
		if err != nil {
			return err
		}
		prof, _ := deepFind(v, "profile_v2", "profile")
		if prof == nil {
			prof = v
		}
		if u := str(get(prof, "username")); u != "" && b.cov.Account == "" {
			b.cov.Account = u
			b.cov.Profile = "https://www.facebook.com/" + u
		}
		if b.cov.Account == "" {
			b.cov.Account = str(get(get(prof, "name"), "full_name"))
		}
		if b.cov.Account == "" {
			b.cov.Account = str(get(prof, "name"))
		}
	}

	isPerson := func(m map[string]any) bool { return str(fields(m)["name"]) != "" }
	people := func(files []*entry, kind string) ([]audit.Connection, error) {
		var out []audit.Connection
		for _, e := range files {
			v, err := readJSON(ctx, a, e, true)
			if err != nil {
				return nil, err
			}
			recs, ok := records(v, isPerson)
			if !ok {
				return nil, fileError(e, "no list of people found", nil)
			}
			for _, r := range recs {
				f := fields(r)
				out = append(out, b.conn(kind, str(f["name"]), "", str(f["href"]), parseTime(firstOf(f, "timestamp", "date"))))
			}
		}
		return out, nil
	}

	friends, err := b.list(a.find(fbFriends), people, audit.ConnFriend, "connections", "friends", "friends list (friends.json or your_friends.json)")
	if err != nil {
		return err
	}
	b.conns = append(b.conns, friends...)
	reqs, err := b.list(a.find(fbRequests), people, audit.ConnRequest, "pending_requests", "friend requests received", "list of friend requests received")
	if err != nil {
		return err
	}
	b.reqs = append(b.reqs, reqs...)

	if files := a.find(fbPosts); len(files) > 0 {
		n := 0
		for _, e := range files {
			v, err := readJSON(ctx, a, e, true)
			if err != nil {
				return err
			}
			recs, ok := records(v, func(m map[string]any) bool {
				return has(m, "timestamp", "data", "attachments", "title", "post")
			})
			if !ok {
				return fileError(e, "no list of posts found", nil)
			}
			for _, r := range recs {
				p, err := b.fbPost(ctx, r)
				if err != nil {
					return err
				}
				p.ID = postID(b.p, p.At, p.Text, n)
				n++
				b.posts = append(b.posts, p)
			}
		}
		b.count("posts", n, "posts", files)
	} else {
		b.missing("posts", "posts file (your_posts_1.json)")
	}

	if files := a.find(fbSessions); len(files) > 0 {
		for _, e := range files {
			v, err := readJSON(ctx, a, e, true)
			if err != nil {
				return err
			}
			recs, ok := records(v, func(m map[string]any) bool {
				f := fields(m)
				return firstOf(f, "useragent", "ipaddress", "device", "browser", "createdtimestamp", "updatedtimestamp", "location", "app") != nil
			})
			if !ok {
				return fileError(e, "no list of sessions found", nil)
			}
			for _, r := range recs {
				b.sess = append(b.sess, fbSession(fields(r)))
			}
		}
		b.count("sessions", len(b.sess), "places logged in", files)
	} else {
		b.missing("sessions", "list of places where the account is logged in")
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

func fbSession(f map[string]any) audit.Session {
	s := audit.Session{Platform: audit.Facebook}
	var dev []string
	for _, k := range []string{"device", "app", "browser", "useragent", "sessiontype"} {
		if v := str(f[k]); v != "" {
			dev = append(dev, v)
		}
	}
	s.Device = strings.Join(dev, ", ")
	s.Location = str(f["location"])
	if ip := str(f["ipaddress"]); ip != "" {
		s.Location = strings.TrimSpace(s.Location + " (IP " + ip + ")")
	}
	if t := parseTime(firstOf(f, "updatedtimestamp", "lastactive", "last_accessed", "updated", "createdtimestamp", "created", "timestamp")); !t.IsZero() {
		s.LastActive = t.Format("2006-01-02T15:04:05Z07:00")
	}
	return s
}

// fbPost turns one Facebook post record into a Post: the doctor's words,
// photo descriptions, the place checked in at, and attached photos.
func (b *builder) fbPost(ctx context.Context, r map[string]any) (audit.Post, error) {
	p := audit.Post{Platform: audit.Facebook, Source: audit.SourceExport, At: parseTime(get(r, "timestamp", "creation_timestamp"))}
	var text []string
	add := func(s string) {
		if s != "" && !containsStr(text, s) {
			text = append(text, s)
		}
	}
	add(str(get(r, "post")))
	for _, d := range list(get(r, "data")) {
		add(str(get(d, "post")))
	}
	for _, att := range list(get(r, "attachments")) {
		for _, d := range list(get(att, "data")) {
			if m := get(d, "media"); m != nil {
				desc := str(get(m, "description"))
				add(desc)
				im, err := b.image(ctx, str(get(m, "uri")), desc, exifOf(m))
				if err != nil {
					return p, err
				}
				b.addImage(&p, im)
				if p.At.IsZero() {
					p.At = parseTime(get(m, "creation_timestamp"))
				}
			}
			if pl := get(d, "place"); pl != nil {
				if name := str(get(pl, "name")); name != "" {
					add("At " + name)
				}
			}
			if ec := get(d, "external_context"); ec != nil {
				if p.URL == "" {
					p.URL = str(get(ec, "url"))
				}
			}
		}
	}
	if len(text) == 0 {
		add(str(get(r, "title")))
	}
	p.Text = strings.Join(text, "\n")
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
