package export

import (
	"context"
	"strings"

	"chaperone/audit"
)

var (
	liConnections = baseIs("connections.csv")
	liInvitations = baseIs("invitations.csv")
	liShares      = baseIs("shares.csv")
	liProfile     = baseIs("profile.csv")
)

func detectLinkedIn(a *archive) bool {
	return len(a.find(liConnections)) > 0 || (len(a.find(liProfile)) > 0 && len(a.find(liShares))+len(a.find(liInvitations)) > 0)
}

// table is the header of a CSV file read past any preamble: the first row
// holding the wanted column. Keys are folded like JSON keys ("Connected
// On" = "connectedon").
type table struct {
	cols map[string]int
}

func (t *table) get(row []string, names ...string) string {
	for _, n := range names {
		if i, ok := t.cols[norm(n)]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
	}
	return ""
}

// scanCSV streams an export CSV whose header row holds the column named
// want, skipping the "Notes:" preamble LinkedIn puts before it, and calls
// row for each non-blank row after the header.
func (b *builder) scanCSV(ctx context.Context, e *entry, want string, row func(t *table, r []string, line int) error) error {
	rc, err := b.a.open(ctx, e, dataMember)
	if err != nil {
		return classify(e, err)
	}
	defer rc.Close()
	if err := scanTable(newCSVReader(rc, b.opts.MaxText, b.opts.MaxRecordBytes), want, row); err != nil {
		return classify(e, err)
	}
	return nil
}

func scanTable(cr *csvReader, want string, row func(t *table, r []string, line int) error) error {
	var t *table
	first := true
	for {
		r, line, err := cr.read()
		if err == errCSVEnd {
			break
		}
		if err != nil {
			return err
		}
		if first && len(r) > 0 {
			r[0] = strings.TrimPrefix(r[0], "\ufeff")
			first = false
		}
		if t == nil {
			for _, c := range r {
				if norm(c) == norm(want) {
					t = &table{cols: map[string]int{}}
					for j, h := range r {
						if _, dup := t.cols[norm(h)]; !dup {
							t.cols[norm(h)] = j
						}
					}
					break
				}
			}
			continue
		}
		blank := true
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if err := row(t, r, line); err != nil {
			return err
		}
	}
	if t == nil {
		return shapef("no header row with a %q column", want)
	}
	return nil
}

// csvList reads a list from CSV files, all or nothing.
func csvList[T any](ctx context.Context, b *builder, l *listing, want string, read func(t *table, r []string, line int) (T, bool, error), cost func(T) int) ([]T, error) {
	return readList(b, l, func(e *entry) ([]T, error) {
		var out []T
		kept := 0
		err := b.scanCSV(ctx, e, want, func(t *table, r []string, line int) error {
			item, ok, err := read(t, r, line)
			if err != nil || !ok {
				return err
			}
			if l.n++; l.n > b.opts.MaxRecords {
				return &limitError{"more than " + count(int64(b.opts.MaxRecords)) + " records"}
			}
			n := cost(item)
			if err := b.keep(n); err != nil {
				return err
			}
			kept += n
			out = append(out, item)
			return nil
		})
		if err != nil {
			b.release(kept)
			return nil, err
		}
		l.kept += kept
		return out, nil
	})
}

func readLinkedIn(ctx context.Context, b *builder) error {
	a := b.a
	prof := &listing{id: "profile", files: a.find(liProfile)}
	names, err := csvList(ctx, b, prof, "First Name", func(t *table, r []string, _ int) (string, bool, error) {
		return strings.TrimSpace(t.get(r, "First Name") + " " + t.get(r, "Last Name")), true, nil
	}, func(s string) int { return 32 + len(s) })
	if err != nil {
		return err
	}
	if prof.err != nil {
		b.unreadable("profile", prof.err)
	}
	for _, n := range names {
		if n != "" && b.cov.Account == "" {
			b.cov.Account = n
		}
	}

	connList := &listing{id: "connections", files: a.find(liConnections)}
	conns, err := csvList(ctx, b, connList, "First Name", func(t *table, r []string, line int) (audit.Connection, bool, error) {
		name := strings.TrimSpace(t.get(r, "First Name") + " " + t.get(r, "Last Name"))
		u := t.get(r, "URL", "Profile URL")
		if name == "" && u == "" {
			return audit.Connection{}, false, shapef("the row on line %d has no name and no profile link", line)
		}
		return b.conn(audit.ConnFriend, name, handleFromURL(u), u, parseTime(t.get(r, "Connected On"))), true, nil
	}, connCost)
	if err != nil {
		return err
	}
	if b.settle(connList, len(conns), "connections", "connections list (Connections.csv)") {
		b.conns = append(b.conns, conns...)
	}

	invList := &listing{id: "pending_requests", files: a.find(liInvitations)}
	reqs, err := csvList(ctx, b, invList, "Direction", func(t *table, r []string, line int) (audit.Connection, bool, error) {
		switch dir := t.get(r, "Direction"); {
		case strings.EqualFold(dir, "OUTGOING"):
			return audit.Connection{}, false, nil
		case !strings.EqualFold(dir, "INCOMING"):
			return audit.Connection{}, false, shapef("the row on line %d is neither INCOMING nor OUTGOING", line)
		}
		u := t.get(r, "inviterProfileUrl", "inviter Profile Url")
		from := t.get(r, "From")
		if from == "" && u == "" {
			return audit.Connection{}, false, shapef("the invitation on line %d has no name and no profile link", line)
		}
		return b.conn(audit.ConnRequest, from, handleFromURL(u), u, parseTime(t.get(r, "Sent At"))), true, nil
	}, connCost)
	if err != nil {
		return err
	}
	if b.settle(invList, len(reqs), "invitations received", "invitations list (Invitations.csv)") {
		b.reqs = append(b.reqs, reqs...)
	}

	shareList := &listing{id: "posts", files: a.find(liShares)}
	posts, err := csvList(ctx, b, shareList, "ShareCommentary", func(t *table, r []string, _ int) (audit.Post, bool, error) {
		p := audit.Post{Platform: audit.LinkedIn, Source: audit.SourceExport,
			URL:      t.get(r, "ShareLink"),
			Text:     t.get(r, "ShareCommentary"),
			At:       parseTime(t.get(r, "Date")),
			Audience: liAudience(t.get(r, "Visibility")),
		}
		if m := t.get(r, "MediaUrl"); m != "" {
			p.Images = append(p.Images, audit.Image{URL: m})
		}
		return p, true, nil
	}, postCost)
	if err != nil {
		return err
	}
	for i := range posts {
		posts[i].ID = postID(b.p, posts[i].At, posts[i].Text+posts[i].URL, i)
	}
	if b.settle(shareList, len(posts), "posts", "posts file (Shares.csv)") {
		b.posts = append(b.posts, posts...)
	}
	return nil
}

func liAudience(v string) string {
	switch norm(v) {
	case "public", "anyone":
		return audit.AudiencePublic
	case "connections", "connectionsonly", "membernetwork":
		return audit.AudienceFriends
	}
	return ""
}
