package export

import (
	"context"
	"regexp"
	"strings"

	"chaperone/audit"
)

// X archive files may be split into parts: tweets.js, tweets-part1.js.
var (
	xTweets    = regexp.MustCompile(`^tweets?(-part\d+)?\.js$`).MatchString
	xFollowers = regexp.MustCompile(`^follower(-part\d+)?\.js$`).MatchString
	xFollowing = regexp.MustCompile(`^following(-part\d+)?\.js$`).MatchString
	xAccount   = baseIs("account.js")
)

func detectX(a *archive) bool {
	return len(a.find(func(b string) bool { return xTweets(b) || xFollowers(b) || xFollowing(b) || xAccount(b) })) > 0
}

// readJS reads one X archive file and unwraps its records: each item is
// {"tweet": {...}} (or the bare object in older archives).
func readJS(ctx context.Context, a *archive, e *entry, wrapper string) ([]map[string]any, error) {
	data, err := a.read(ctx, e)
	if err != nil {
		return nil, err
	}
	v, err := decodeJS(data)
	if err != nil {
		return nil, fileError(e, "not a readable archive file", err)
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fileError(e, "not a list", nil)
	}
	var out []map[string]any
	for _, x := range l {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		if in, ok := get(m, wrapper).(map[string]any); ok {
			m = in
		}
		out = append(out, m)
	}
	return out, nil
}

func readX(ctx context.Context, a *archive, b *builder) error {
	for _, e := range a.find(xAccount) {
		recs, err := readJS(ctx, a, e, "account")
		if err != nil {
			return err
		}
		for _, r := range recs {
			if u := strings.TrimPrefix(str(get(r, "username", "screen_name")), "@"); u != "" && b.cov.Account == "" {
				b.cov.Account = u
				b.cov.Profile = "https://x.com/" + u
			}
		}
	}

	people := func(files []*entry, kind string) ([]audit.Connection, error) {
		var out []audit.Connection
		for _, e := range files {
			recs, err := readJS(ctx, a, e, kind)
			if err != nil {
				return nil, err
			}
			for _, r := range recs {
				id := str(get(r, "accountId", "account_id", "id"))
				link := str(get(r, "userLink", "user_link"))
				if id == "" && link == "" {
					continue
				}
				// The archive gives ids only: no names to guess from.
				out = append(out, b.conn(kind, "", id, link, parseTime(get(r, "createdAt", "created_at"))))
			}
		}
		return out, nil
	}
	followers, following := a.find(xFollowers), a.find(xFollowing)
	if len(followers) > 0 {
		c, err := people(followers, audit.ConnFollower)
		if err != nil {
			return err
		}
		b.conns = append(b.conns, c...)
	} else {
		b.missing("followers", "followers list (follower.js)")
	}
	if len(following) > 0 {
		c, err := people(following, audit.ConnFollowing)
		if err != nil {
			return err
		}
		b.conns = append(b.conns, c...)
	} else {
		b.missing("following", "following list (following.js)")
	}
	if len(followers)+len(following) > 0 {
		b.count("connections", len(b.conns), "followers and followed accounts", append(followers, following...))
	} else {
		b.missing("connections", "followers or following list")
	}

	if files := a.find(xTweets); len(files) > 0 {
		n := 0
		for _, e := range files {
			recs, err := readJS(ctx, a, e, "tweet")
			if err != nil {
				return err
			}
			for _, r := range recs {
				p := audit.Post{Platform: audit.X, Source: audit.SourceExport,
					ID:   str(get(r, "id_str", "id")),
					Text: str(get(r, "full_text", "text")),
					At:   parseTime(get(r, "created_at", "createdAt")),
				}
				if p.ID == "" {
					p.ID = postID(b.p, p.At, p.Text, n)
				} else if b.cov.Account != "" {
					p.URL = "https://x.com/" + b.cov.Account + "/status/" + p.ID
				} else {
					p.URL = "https://x.com/i/web/status/" + p.ID
				}
				seen := map[string]bool{}
				for _, ent := range []string{"extended_entities", "entities"} {
					for _, m := range list(get(get(r, ent), "media")) {
						u := str(get(m, "media_url_https", "media_url"))
						if u == "" || seen[u] {
							continue
						}
						seen[u] = true
						p.Images = append(p.Images, audit.Image{URL: u, Alt: str(get(m, "ext_alt_text", "alt_text"))})
					}
				}
				n++
				b.posts = append(b.posts, p)
			}
		}
		b.count("posts", n, "posts", files)
	} else {
		b.missing("posts", "posts file (tweets.js)")
	}
	return nil
}
