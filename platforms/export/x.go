package export

import (
	"context"
	"regexp"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/export/internal/jsonstream"
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

// jsList reads an X archive list: "window.YTD.tweets.part0 = [...]", each
// item {"tweet": {...}} (or the bare object in older archives). Every item
// must be an object; the list itself must be the top-level value.
func jsList[T any](ctx context.Context, b *builder, l *listing, wrapper string, spec recordSpec[T]) ([]T, error) {
	inner := spec
	inner.looks = func(m map[string]any) bool {
		if w, ok := get(m, wrapper).(map[string]any); ok {
			m = w
		}
		return spec.looks(m)
	}
	inner.read = func(m map[string]any) (T, error) {
		if w, ok := get(m, wrapper).(map[string]any); ok {
			m = w
		}
		return spec.read(m)
	}
	return readList(b, l, func(e *entry) ([]T, error) {
		var out []T
		err := b.decode(ctx, e, false, true, func(d *jsonstream.Decoder) error {
			k, err := d.Peek()
			if err != nil {
				return err
			}
			if k != jsonstream.Array {
				return shapef("the file holds %s, not a list", k)
			}
			out, err = records(b, d, l, inner)
			return err
		})
		return out, err
	})
}

func readX(ctx context.Context, b *builder) error {
	a := b.a
	acct := &listing{id: "profile", files: a.find(xAccount)}
	names, err := jsList(ctx, b, acct, "account", recordSpec[string]{
		what:  "account",
		looks: func(m map[string]any) bool { return has(m, "username", "screen_name", "accountId") },
		read: func(m map[string]any) (string, error) {
			u, err := text(m, "username", "screen_name")
			return strings.TrimPrefix(u, "@"), err
		},
		cost: func(s string) int { return 32 + len(s) },
	})
	if err != nil {
		return err
	}
	if acct.err != nil {
		b.unreadable("profile", acct.err)
	}
	for _, u := range names {
		if u != "" && b.cov.Account == "" {
			b.cov.Account = u
			b.cov.Profile = "https://x.com/" + u
		}
	}

	person := func(kind string) recordSpec[audit.Connection] {
		return recordSpec[audit.Connection]{
			what:  kind,
			looks: func(m map[string]any) bool { return has(m, "accountId", "account_id", "id", "userLink", "user_link") },
			read: func(r map[string]any) (audit.Connection, error) {
				id, err := text(r, "accountId", "account_id", "id")
				if err != nil {
					return audit.Connection{}, err
				}
				link, err := text(r, "userLink", "user_link")
				if err != nil {
					return audit.Connection{}, err
				}
				if id == "" && link == "" {
					return audit.Connection{}, shapef("no account ID or link")
				}
				at, err := timeOf(r, "createdAt", "created_at")
				if err != nil {
					return audit.Connection{}, err
				}
				// The archive gives ids only: no names to guess from.
				return b.conn(kind, "", id, link, at), nil
			},
			cost: connCost,
		}
	}
	followers := &listing{id: "followers", files: a.find(xFollowers)}
	fl, err := jsList(ctx, b, followers, audit.ConnFollower, person(audit.ConnFollower))
	if err != nil {
		return err
	}
	following := &listing{id: "following", files: a.find(xFollowing)}
	fg, err := jsList(ctx, b, following, audit.ConnFollowing, person(audit.ConnFollowing))
	if err != nil {
		return err
	}
	var conns []audit.Connection
	for _, part := range []struct {
		l    *listing
		got  []audit.Connection
		what string
	}{
		{followers, fl, "followers list (follower.js)"},
		{following, fg, "following list (following.js)"},
	} {
		switch {
		case len(part.l.files) == 0:
			b.missing(part.l.id, part.what)
		case part.l.err != nil:
			b.unreadable(part.l.id, part.l.err)
			b.unreadable("connections", part.l.err)
		default:
			conns = append(conns, part.got...)
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

	tweets := &listing{id: "posts", files: a.find(xTweets)}
	posts, err := jsList(ctx, b, tweets, "tweet", recordSpec[audit.Post]{
		what:  "tweet",
		looks: func(m map[string]any) bool { return has(m, "id_str", "id", "full_text", "text", "created_at") },
		read:  b.xTweet,
		cost:  postCost,
	})
	if err != nil {
		return err
	}
	for i := range posts {
		p := &posts[i]
		switch {
		case p.ID == "":
			p.ID = postID(b.p, p.At, p.Text, i)
		case b.cov.Account != "":
			p.URL = "https://x.com/" + b.cov.Account + "/status/" + p.ID
		default:
			p.URL = "https://x.com/i/web/status/" + p.ID
		}
	}
	if b.settle(tweets, len(posts), "posts", "posts file (tweets.js)") {
		b.posts = append(b.posts, posts...)
	}
	return nil
}

func (b *builder) xTweet(r map[string]any) (audit.Post, error) {
	p := audit.Post{Platform: audit.X, Source: audit.SourceExport}
	var err error
	if p.ID, err = scalarText(foldKeys(r), pick(r, "id_str", "id")); err != nil {
		return p, err
	}
	if p.Text, err = text(r, "full_text", "text"); err != nil {
		return p, err
	}
	if p.At, err = timeOf(r, "created_at", "createdAt"); err != nil {
		return p, err
	}
	seen := map[string]bool{}
	for _, ent := range []string{"extended_entities", "entities"} {
		e, err := objectOf(r, ent)
		if err != nil {
			return p, err
		}
		media, err := listOf(e, "media")
		if err != nil {
			return p, err
		}
		for _, m := range media {
			u, err := text(m, "media_url_https", "media_url")
			if err != nil {
				return p, err
			}
			if u == "" || seen[u] {
				continue
			}
			seen[u] = true
			alt, err := text(m, "ext_alt_text", "alt_text")
			if err != nil {
				return p, err
			}
			p.Images = append(p.Images, audit.Image{URL: u, Alt: alt})
		}
	}
	return p, nil
}

// foldKeys is m with folded keys, for scalarText.
func foldKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[norm(k)] = v
	}
	return out
}

// pick returns the folded form of the first of keys m holds.
func pick(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if get(m, k) != nil {
			return norm(k)
		}
	}
	return norm(keys[0])
}
