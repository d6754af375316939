package export

import (
	"context"
	"slices"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/export/internal/jsonstream"
)

var ttData = baseIs("user_data_tiktok.json", "user_data.json")

func detectTikTok(a *archive) bool { return len(a.find(ttData)) > 0 }

// TikTok keeps everything in one file whose section and list names drift
// ("Activity", "Your Activity"; "Follower List", "Follower"), folded here.
var (
	ttFollowerKeys  = foldAll("Follower List", "Followers List", "Follower", "Followers", "Fans List", "FansList")
	ttFollowingKeys = foldAll("Following List", "Following")
	ttVideoKeys     = foldAll("VideoList", "Video List")
)

func foldAll(keys ...string) []string {
	for i, k := range keys {
		keys[i] = norm(k)
	}
	return keys
}

// ttFound is one list found in the file, at its depth in its section.
type ttFound[T any] struct {
	depth int
	items []T
	err   error
	ok    bool
}

// take keeps the shallowest list found, as a breadth-first search would.
func (f *ttFound[T]) take(depth int, items []T, err error) {
	if f.ok && f.depth <= depth {
		return
	}
	*f = ttFound[T]{depth: depth, items: items, err: err, ok: true}
}

func readTikTok(ctx context.Context, b *builder) error {
	files := b.a.find(ttData)
	connList := &listing{id: "connections", files: files}
	postList := &listing{id: "posts", files: files}
	var conns []audit.Connection
	var posts []audit.Post
	sawConns, sawPosts := false, false
	var fileErr error
	for _, e := range files {
		var followers, following, rootFollowers, rootFollowing ttFound[audit.Connection]
		var videos ttFound[audit.Post]
		sawActivity := false
		person := func(kind string) recordSpec[audit.Connection] {
			return recordSpec[audit.Connection]{
				what:  "account",
				looks: func(m map[string]any) bool { return has(m, "UserName", "User Name", "username") },
				read: func(r map[string]any) (audit.Connection, error) {
					u, err := text(r, "UserName", "User Name", "username")
					if err != nil {
						return audit.Connection{}, err
					}
					name := strings.TrimPrefix(u, "@")
					if name == "" {
						return audit.Connection{}, shapef("no user name")
					}
					at, err := timeOf(r, "Date")
					if err != nil {
						return audit.Connection{}, err
					}
					return b.conn(kind, "", name, "https://www.tiktok.com/@"+name, at), nil
				},
				cost: connCost,
			}
		}
		video := recordSpec[audit.Post]{
			what: "video",
			looks: func(m map[string]any) bool {
				return has(m, "Date", "CreateTime", "Link", "VideoLink", "Url", "Desc", "Description", "Title", "Caption")
			},
			read: ttVideo,
			cost: postCost,
		}
		kept := 0
		// visit reads one member of a section: a list it looks for, or an
		// object to search further. activity says whether the section is
		// the activity one (or, failing one, the root); vids whether it
		// holds the videos.
		var visit func(d *jsonstream.Decoder, key string, depth int, activity, vids bool) error
		visit = func(d *jsonstream.Decoder, key string, depth int, activity, vids bool) error {
			k, err := d.Peek()
			if err != nil {
				return err
			}
			nk := norm(key)
			fol, fwg := &rootFollowers, &rootFollowing
			if activity {
				fol, fwg = &followers, &following
			}
			one := &listing{}
			collection := k == jsonstream.Object || k == jsonstream.Array
			switch {
			case collection && slices.Contains(ttFollowerKeys, nk):
				items, err := records(b, d, one, person(audit.ConnFollower))
				if !isShape(err) {
					return err
				}
				kept += one.kept
				fol.take(depth, items, err)
				return nil
			case collection && slices.Contains(ttFollowingKeys, nk):
				items, err := records(b, d, one, person(audit.ConnFollowing))
				if !isShape(err) {
					return err
				}
				kept += one.kept
				fwg.take(depth, items, err)
				return nil
			case collection && vids && slices.Contains(ttVideoKeys, nk):
				items, err := records(b, d, one, video)
				if !isShape(err) {
					return err
				}
				kept += one.kept
				videos.take(depth, items, err)
				return nil
			case k == jsonstream.Object && depth < 16:
				return d.Object(func(key string) error { return visit(d, key, depth+1, activity, vids) })
			}
			return d.Skip()
		}
		err := b.decode(ctx, e, false, false, func(d *jsonstream.Decoder) error {
			if k, err := d.Peek(); err != nil || k != jsonstream.Object {
				if err != nil {
					return err
				}
				return shapef("the file holds %s, not a TikTok data object", k)
			}
			return d.Object(func(top string) error {
				k, err := d.Peek()
				if err != nil {
					return err
				}
				nt := norm(top)
				vids := strings.Contains(nt, "video") || strings.Contains(nt, "post")
				switch {
				case k == jsonstream.Object && strings.Contains(nt, "profile"):
					v, err := b.value(d, "the profile section")
					if err != nil {
						return err
					}
					if u, ok := deepFind(v, "userName", "username"); ok && b.cov.Account == "" {
						if name := strings.TrimPrefix(str(u), "@"); name != "" {
							b.cov.Account = name
							b.cov.Profile = "https://www.tiktok.com/@" + name
						}
					}
					return nil
				case k == jsonstream.Object && strings.Contains(nt, "activity"):
					sawActivity = true
					return d.Object(func(key string) error { return visit(d, key, 1, true, vids) })
				}
				return visit(d, top, 0, false, vids)
			})
		})
		if fatal(err) {
			return err
		}
		if err != nil {
			b.release(kept)
			fileErr = err
			break
		}
		if !sawActivity {
			followers, following = rootFollowers, rootFollowing
		}
		for _, f := range []ttFound[audit.Connection]{followers, following} {
			if !f.ok {
				continue
			}
			sawConns = true
			if f.err != nil && connList.err == nil {
				connList.err = &fileError{file: e.name, why: f.err.Error()}
			}
			conns = append(conns, f.items...)
		}
		if videos.ok {
			sawPosts = true
			if videos.err != nil && postList.err == nil {
				postList.err = &fileError{file: e.name, why: videos.err.Error()}
			}
			posts = append(posts, videos.items...)
		}
	}
	if fileErr != nil {
		// The file was not read in full: nothing in it counts.
		b.unreadable("profile", fileErr)
		b.unreadable("connections", fileErr)
		b.unreadable("posts", fileErr)
		return nil
	}
	switch {
	case connList.err != nil:
		b.unreadable("connections", connList.err)
	case sawConns:
		b.count("connections", len(conns), "followers and followed accounts", files)
		b.conns = append(b.conns, conns...)
	default:
		b.missing("connections", "follower or following list")
	}
	for i := range posts {
		posts[i].ID = postID(b.p, posts[i].At, posts[i].Text+posts[i].URL, i)
	}
	switch {
	case postList.err != nil:
		b.unreadable("posts", postList.err)
	case sawPosts:
		b.count("posts", len(posts), "videos", files)
		b.posts = append(b.posts, posts...)
	default:
		b.missing("posts", "video list")
	}
	return nil
}

func isShape(err error) bool {
	if err == nil {
		return true
	}
	_, ok := err.(*shapeError)
	return ok
}

func ttVideo(r map[string]any) (audit.Post, error) {
	p := audit.Post{Platform: audit.TikTok, Source: audit.SourceExport}
	var err error
	if p.URL, err = text(r, "Link", "VideoLink", "Url"); err != nil {
		return p, err
	}
	if p.At, err = timeOf(r, "Date", "CreateTime"); err != nil {
		return p, err
	}
	who, err := text(r, "WhoCanView", "Who Can View", "Privacy")
	if err != nil {
		return p, err
	}
	p.Audience = ttAudience(who)
	var texts []string
	for _, k := range []string{"Desc", "Description", "Title", "Caption", "AlternativeText"} {
		t, err := text(r, k)
		if err != nil {
			return p, err
		}
		if t != "" && !containsStr(texts, t) {
			texts = append(texts, t)
		}
	}
	loc, err := text(r, "Location")
	if err != nil {
		return p, err
	}
	if loc != "" {
		texts = append(texts, "At "+loc)
	}
	p.Text = strings.Join(texts, "\n")
	return p, nil
}

func ttAudience(v string) string {
	switch norm(v) {
	case "everyone", "public":
		return audit.AudiencePublic
	case "friends", "mutualfollowfriends":
		return audit.AudienceFriends
	case "followers":
		return audit.AudienceFollowers
	case "onlyme", "private", "self":
		return audit.AudienceOnlyMe
	}
	return ""
}
