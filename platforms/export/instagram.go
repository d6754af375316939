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

// igAccounts reads one entry of a followers, following or requests list:
// {"title": ..., "string_list_data": [{"href", "value", "timestamp"}]}.
func (b *builder) igAccounts(kind string) recordSpec[[]audit.Connection] {
	return recordSpec[[]audit.Connection]{
		what:  "account",
		looks: func(m map[string]any) bool { return has(m, "string_list_data", "title", "value", "href") },
		read: func(r map[string]any) ([]audit.Connection, error) {
			sl, err := listOf(r, "string_list_data")
			if err != nil {
				return nil, err
			}
			if len(sl) == 0 {
				sl = []any{r}
			}
			title, err := text(r, "title")
			if err != nil {
				return nil, err
			}
			var out []audit.Connection
			for _, s := range sl {
				href, err := text(s, "href")
				if err != nil {
					return nil, err
				}
				handle, err := text(s, "value")
				if err != nil {
					return nil, err
				}
				if handle == "" {
					handle = title
				}
				if handle == "" {
					handle = handleFromURL(href)
				}
				if handle == "" && href == "" {
					return nil, shapef("no account name or link")
				}
				at, err := timeOf(s, "timestamp")
				if err != nil {
					return nil, err
				}
				out = append(out, b.conn(kind, "", handle, href, at))
			}
			return out, nil
		},
		cost: func(cs []audit.Connection) int {
			n := 0
			for _, c := range cs {
				n += connCost(c)
			}
			return n
		},
	}
}

func flat(ls [][]audit.Connection) []audit.Connection {
	var out []audit.Connection
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

func readInstagram(ctx context.Context, b *builder) error {
	a := b.a
	prof := &listing{id: "profile", files: a.find(igProfile)}
	if _, err := readList(b, prof, func(e *entry) ([]struct{}, error) {
		return nil, b.decode(ctx, e, true, false, func(d *jsonstream.Decoder) error {
			v, err := b.value(d, "the profile")
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
			return nil
		})
	}); err != nil {
		return err
	}
	if prof.err != nil {
		b.unreadable("profile", prof.err)
	}

	followers := &listing{id: "followers", files: a.find(igFollowers)}
	fl, err := jsonList(ctx, b, followers, true, b.igAccounts(audit.ConnFollower))
	if err != nil {
		return err
	}
	following := &listing{id: "following", files: a.find(igFollowing)}
	fg, err := jsonList(ctx, b, following, true, b.igAccounts(audit.ConnFollowing))
	if err != nil {
		return err
	}
	// Followers and following make up the connections: both must be read
	// for the connections to be counted.
	var conns []audit.Connection
	for _, part := range []struct {
		l    *listing
		got  [][]audit.Connection
		what string
	}{
		{followers, fl, "followers list (followers_1.json)"},
		{following, fg, "following list (following.json)"},
	} {
		switch {
		case len(part.l.files) == 0:
			b.missing(part.l.id, part.what)
		case part.l.err != nil:
			b.unreadable(part.l.id, part.l.err)
			b.unreadable("connections", part.l.err)
		default:
			conns = append(conns, flat(part.got)...)
		}
	}
	switch {
	case followers.err != nil || following.err != nil:
	case len(followers.files)+len(following.files) == 0:
		b.missing("connections", "followers or following list")
	default:
		b.count("connections", len(conns), "followers and followed accounts", append(followers.files, following.files...))
		b.conns = append(b.conns, conns...)
	}

	requests := &listing{id: "pending_requests", files: a.find(igRequests)}
	rq, err := jsonList(ctx, b, requests, true, b.igAccounts(audit.ConnRequest))
	if err != nil {
		return err
	}
	reqs := flat(rq)
	if b.settle(requests, len(reqs), "follow requests received", "list of follow requests received") {
		b.reqs = append(b.reqs, reqs...)
	}

	postList := &listing{id: "posts", files: a.find(igPosts)}
	posts, err := jsonList(ctx, b, postList, true, recordSpec[audit.Post]{
		what:  "post",
		looks: func(m map[string]any) bool { return has(m, "media", "creation_timestamp", "title") },
		read:  b.igPost,
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
	if b.settle(postList, len(posts), "posts", "posts file (posts_1.json)", notes...) {
		b.posts = append(b.posts, posts...)
	}
	return nil
}

func (b *builder) igPost(r map[string]any) (audit.Post, error) {
	p := audit.Post{Platform: audit.Instagram, Source: audit.SourceExport}
	var err error
	if p.At, err = timeOf(r, "creation_timestamp", "timestamp"); err != nil {
		return p, err
	}
	var texts []string
	t, err := text(r, "title")
	if err != nil {
		return p, err
	}
	if t != "" {
		texts = append(texts, t)
	}
	media, err := listOf(r, "media")
	if err != nil {
		return p, err
	}
	for _, m := range media {
		title, err := text(m, "title")
		if err != nil {
			return p, err
		}
		if title != "" && !containsStr(texts, title) {
			texts = append(texts, title)
		}
		if p.At.IsZero() {
			if p.At, err = timeOf(m, "creation_timestamp"); err != nil {
				return p, err
			}
		}
		uri, err := text(m, "uri")
		if err != nil {
			return p, err
		}
		b.addImage(&p, photo(uri, "", exifOf(m)))
	}
	p.Text = strings.Join(texts, "\n")
	return p, nil
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
