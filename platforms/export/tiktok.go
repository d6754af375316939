package export

import (
	"context"
	"strings"

	"chaperone/audit"
)

var ttData = baseIs("user_data_tiktok.json", "user_data.json")

func detectTikTok(a *archive) bool { return len(a.find(ttData)) > 0 }

// section returns the top-level value whose folded key contains one of
// words: TikTok renames its sections ("Activity", "Your Activity").
func section(v any, words ...string) []any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var out []any
	for _, k := range sortedKeys(m) {
		for _, w := range words {
			if strings.Contains(norm(k), norm(w)) {
				out = append(out, m[k])
				break
			}
		}
	}
	return out
}

func readTikTok(ctx context.Context, a *archive, b *builder) error {
	files := a.find(ttData)
	var conns, posts int
	var sawConns, sawPosts bool
	for _, e := range files {
		v, err := readJSON(ctx, a, e, false)
		if err != nil {
			return err
		}
		if _, ok := v.(map[string]any); !ok {
			return fileError(e, "not a TikTok data object", nil)
		}
		for _, s := range section(v, "profile") {
			if u, ok := deepFind(s, "userName", "username"); ok && b.cov.Account == "" {
				if name := strings.TrimPrefix(str(u), "@"); name != "" {
					b.cov.Account = name
					b.cov.Profile = "https://www.tiktok.com/@" + name
				}
			}
		}
		scope := section(v, "activity")
		if len(scope) == 0 {
			scope = []any{v}
		}
		for _, part := range []struct {
			keys []string
			kind string
		}{
			{[]string{"Follower List", "Followers List", "Follower", "Followers", "Fans List", "FansList"}, audit.ConnFollower},
			{[]string{"Following List", "Following"}, audit.ConnFollowing},
		} {
			for _, s := range scope {
				parent, ok := deepFind(s, part.keys...)
				if !ok {
					continue
				}
				sawConns = true
				recs, _ := records(parent, func(m map[string]any) bool { return has(m, "UserName", "User Name", "username") })
				for _, r := range recs {
					name := strings.TrimPrefix(str(get(r, "UserName", "User Name", "username")), "@")
					if name == "" {
						continue
					}
					b.conns = append(b.conns, b.conn(part.kind, "", name, "https://www.tiktok.com/@"+name, parseTime(get(r, "Date"))))
					conns++
				}
				break
			}
		}
		for _, s := range section(v, "video", "post") {
			l, ok := deepFind(s, "VideoList", "Video List")
			if !ok {
				continue
			}
			sawPosts = true
			for _, r := range list(l) {
				p := audit.Post{Platform: audit.TikTok, Source: audit.SourceExport,
					URL:      str(get(r, "Link", "VideoLink", "Url")),
					At:       parseTime(get(r, "Date", "CreateTime")),
					Audience: ttAudience(str(get(r, "WhoCanView", "Who Can View", "Privacy"))),
				}
				var text []string
				for _, k := range []string{"Desc", "Description", "Title", "Caption", "AlternativeText"} {
					if t := str(get(r, k)); t != "" && !containsStr(text, t) {
						text = append(text, t)
					}
				}
				if loc := str(get(r, "Location")); loc != "" {
					text = append(text, "At "+loc)
				}
				p.Text = strings.Join(text, "\n")
				p.ID = postID(b.p, p.At, p.Text+p.URL, posts)
				posts++
				b.posts = append(b.posts, p)
			}
		}
	}
	if sawConns {
		b.count("connections", conns, "followers and followed accounts", files)
	} else {
		b.missing("connections", "follower or following list")
	}
	if sawPosts {
		b.count("posts", posts, "videos", files)
	} else {
		b.missing("posts", "video list")
	}
	return nil
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
