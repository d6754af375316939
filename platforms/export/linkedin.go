package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
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

// table is a CSV file read past any preamble: the header is the first row
// holding the wanted column.
type table struct {
	cols map[string]int
	rows [][]string
}

func (t *table) get(row []string, names ...string) string {
	for _, n := range names {
		if i, ok := t.cols[norm(n)]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
	}
	return ""
}

// parseCSV reads an export CSV whose header row holds the column named
// want, skipping the "Notes:" preamble LinkedIn puts before it. Keys are
// folded like JSON keys ("Connected On" = "connectedon").
func parseCSV(data []byte, want string) (*table, error) {
	data = bytes.ReplaceAll(trimText(data), []byte("\r\n"), []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var t *table
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if t == nil {
			for _, c := range row {
				if norm(c) == norm(want) {
					t = &table{cols: map[string]int{}}
					for j, h := range row {
						if _, dup := t.cols[norm(h)]; !dup {
							t.cols[norm(h)] = j
						}
					}
					break
				}
			}
			continue
		}
		empty := true
		for _, c := range row {
			if strings.TrimSpace(c) != "" {
				empty = false
			}
		}
		if !empty {
			t.rows = append(t.rows, row)
		}
	}
	if t == nil {
		return nil, errors.New("no header row with a \"" + want + "\" column")
	}
	return t, nil
}

func readCSV(ctx context.Context, a *archive, e *entry, want string) (*table, error) {
	data, err := a.read(ctx, e)
	if err != nil {
		return nil, err
	}
	t, err := parseCSV(data, want)
	if err != nil {
		return nil, fileError(e, "not a readable CSV export", err)
	}
	return t, nil
}

func readLinkedIn(ctx context.Context, a *archive, b *builder) error {
	for _, e := range a.find(liProfile) {
		t, err := readCSV(ctx, a, e, "First Name")
		if err != nil {
			return err
		}
		for _, row := range t.rows {
			if name := strings.TrimSpace(t.get(row, "First Name") + " " + t.get(row, "Last Name")); name != "" && b.cov.Account == "" {
				b.cov.Account = name
			}
		}
	}

	if files := a.find(liConnections); len(files) > 0 {
		n := 0
		for _, e := range files {
			t, err := readCSV(ctx, a, e, "First Name")
			if err != nil {
				return err
			}
			for _, row := range t.rows {
				name := strings.TrimSpace(t.get(row, "First Name") + " " + t.get(row, "Last Name"))
				u := t.get(row, "URL", "Profile URL")
				if name == "" && u == "" {
					continue
				}
				b.conns = append(b.conns, b.conn(audit.ConnFriend, name, handleFromURL(u), u, parseTime(t.get(row, "Connected On"))))
				n++
			}
		}
		b.count("connections", n, "connections", files)
	} else {
		b.missing("connections", "connections list (Connections.csv)")
	}

	if files := a.find(liInvitations); len(files) > 0 {
		n := 0
		for _, e := range files {
			t, err := readCSV(ctx, a, e, "Direction")
			if err != nil {
				return err
			}
			for _, row := range t.rows {
				if !strings.EqualFold(t.get(row, "Direction"), "INCOMING") {
					continue
				}
				u := t.get(row, "inviterProfileUrl", "inviter Profile Url")
				b.reqs = append(b.reqs, b.conn(audit.ConnRequest, t.get(row, "From"), handleFromURL(u), u, parseTime(t.get(row, "Sent At"))))
				n++
			}
		}
		b.count("pending_requests", n, "invitations received", files)
	} else {
		b.missing("pending_requests", "invitations list (Invitations.csv)")
	}

	if files := a.find(liShares); len(files) > 0 {
		n := 0
		for _, e := range files {
			t, err := readCSV(ctx, a, e, "ShareCommentary")
			if err != nil {
				return err
			}
			for _, row := range t.rows {
				p := audit.Post{Platform: audit.LinkedIn, Source: audit.SourceExport,
					URL:      t.get(row, "ShareLink"),
					Text:     t.get(row, "ShareCommentary"),
					At:       parseTime(t.get(row, "Date")),
					Audience: liAudience(t.get(row, "Visibility")),
				}
				if m := t.get(row, "MediaUrl"); m != "" {
					p.Images = append(p.Images, audit.Image{URL: m})
				}
				p.ID = postID(b.p, p.At, p.Text+p.URL, n)
				n++
				b.posts = append(b.posts, p)
			}
		}
		b.count("posts", n, "posts", files)
	} else {
		b.missing("posts", "posts file (Shares.csv)")
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
