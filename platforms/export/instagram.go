package export

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"chaperone/audit"
)

var (
	igFollowers = regexp.MustCompile(`^followers(_\d+)?\.json$`).MatchString
	igFollowing = regexp.MustCompile(`^following(_\d+)?\.json$`).MatchString
	igRequests  = regexp.MustCompile(`^follow_requests_you.{0,3}ve_received\.json$`).MatchString
	igPosts     = regexp.MustCompile(`^posts(_\d+)?\.json$`).MatchString
	igProfile   = baseIs("personal_information.json")
)

func detectInstagram(a *archive) bool {
	return len(a.find(func(b string) bool {
		return igFollowers(b) || igFollowing(b) || igRequests(b) || igPosts(b) || igProfile(b)
	})) > 0
}

func readInstagram(ctx context.Context, a *archive, b *builder) error {
	for _, e := range a.find(igProfile) {
		v, err := readJSON(ctx, a, e, true)
		if err != nil {
			return err
		}
		if u, ok := deepFind(v, "username"); ok && b.cov.Account == "" {
			name := str(get(u, "value"))
			if name == "" {
				name = str(u)
			}
			if name != "" {
				b.cov.Account = name
				b.cov.Profile = "https://www.instagram.com/" + name + "/"
			}
		}
	}

	isEntry := func(m map[string]any) bool { return has(m, "string_list_data", "title", "value", "href") }
	people := func(files []*entry, kind string) ([]audit.Connection, error) {
		var out []audit.Connection
		for _, e := range files {
			v, err := readJSON(ctx, a, e, true)
			if err != nil {
				return nil, err
			}
			recs, ok := records(v, isEntry)
			if !ok {
				return nil, fileError(e, "no list of accounts found", nil)
			}
			for _, r := range recs {
				sl := list(get(r, "string_list_data"))
				if len(sl) == 0 {
					sl = []any{r}
				}
				for _, s := range sl {
					href := str(get(s, "href"))
					handle := str(get(s, "value"))
					if handle == "" {
						handle = str(get(r, "title"))
					}
					if handle == "" {
						handle = handleFromURL(href)
					}
					if handle == "" && href == "" {
						continue
					}
					out = append(out, b.conn(kind, "", handle, href, parseTime(get(s, "timestamp"))))
				}
			}
		}
		return out, nil
	}

	followers, following := a.find(igFollowers), a.find(igFollowing)
	for _, part := range []struct {
		files    []*entry
		kind, id string
		what     string
	}{
		{followers, audit.ConnFollower, "followers", "followers list (followers_1.json)"},
		{following, audit.ConnFollowing, "following", "following list (following.json)"},
	} {
		if len(part.files) == 0 {
			b.missing(part.id, part.what)
			continue
		}
		c, err := people(part.files, part.kind)
		if err != nil {
			return err
		}
		b.conns = append(b.conns, c...)
	}
	if len(followers)+len(following) > 0 {
		b.count("connections", len(b.conns), "followers and followed accounts", append(followers, following...))
	} else {
		b.missing("connections", "followers or following list")
	}

	reqs, err := b.list(a.find(igRequests), people, audit.ConnRequest, "pending_requests", "follow requests received", "list of follow requests received")
	if err != nil {
		return err
	}
	b.reqs = append(b.reqs, reqs...)

	if files := a.find(igPosts); len(files) > 0 {
		n := 0
		for _, e := range files {
			v, err := readJSON(ctx, a, e, true)
			if err != nil {
				return err
			}
			recs, ok := records(v, func(m map[string]any) bool { return has(m, "media", "creation_timestamp", "title") })
			if !ok {
				return fileError(e, "no list of posts found", nil)
			}
			for _, r := range recs {
				p := audit.Post{Platform: audit.Instagram, Source: audit.SourceExport, At: parseTime(get(r, "creation_timestamp", "timestamp"))}
				var text []string
				if t := str(get(r, "title")); t != "" {
					text = append(text, t)
				}
				for _, m := range list(get(r, "media")) {
					title := str(get(m, "title"))
					if title != "" && !containsStr(text, title) {
						text = append(text, title)
					}
					if p.At.IsZero() {
						p.At = parseTime(get(m, "creation_timestamp"))
					}
					im, err := b.image(ctx, str(get(m, "uri")), "", exifOf(m))
					if err != nil {
						return err
					}
					b.addImage(&p, im)
				}
				p.Text = strings.Join(text, "\n")
				p.ID = postID(b.p, p.At, p.Text, n)
				n++
				b.posts = append(b.posts, p)
			}
		}
		b.count("posts", n, "posts", files)
	} else {
		b.missing("posts", "posts file (posts_1.json)")
	}
	return nil
}

// handleFromURL takes the account name from a profile link
// ("https://www.instagram.com/_u/name", "https://x.com/name").
func handleFromURL(href string) string {
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return ""
	}
	var last string
	for seg := range strings.SplitSeq(strings.Trim(u.Path, "/"), "/") {
		if seg != "" && seg != "_u" {
			last = seg
		}
	}
	return strings.TrimPrefix(last, "@")
}
