package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"chaperone/audit"
)

// fuzzOpts are small limits, so that the fuzzer reaches them.
func fuzzOpts() Options {
	o := testOpts()
	o.MaxFileBytes = 1 << 20
	o.MaxTotalBytes = 4 << 20
	o.MaxRecords = 2000
	o.MaxText = 4 << 10
	o.MaxRecordBytes = 64 << 10
	o.MaxKeptBytes = 1 << 20
	return o
}

// checkSnapshot holds for any import: a list is either read (its count
// fact equals its entries) or UNKNOWN (a reason, no count, no entries),
// never both; no text is longer than the limit.
func checkSnapshot(t *testing.T, snap *audit.Snapshot, o Options) {
	t.Helper()
	for _, c := range snap.Coverage {
		for _, id := range []string{"connections", "pending_requests", "posts", "sessions"} {
			full := string(c.Platform) + "." + id
			f, counted := snap.Facts[full]
			why, missing := c.Missing[full]
			n := entries(snap, c.Platform, id)
			switch {
			case counted && missing:
				t.Fatalf("%s both counted (%s) and missing (%s)", full, f.Value, why)
			case counted && f.Value != fmt.Sprint(n):
				t.Fatalf("%s counted %s, %d entries", full, f.Value, n)
			case !counted && n > 0:
				t.Fatalf("%s not counted, %d entries", full, n)
			case missing && why == "":
				t.Fatalf("%s missing with no reason", full)
			}
		}
	}
	for _, p := range snap.Posts {
		if len(p.Text) > 16*o.MaxText {
			t.Fatalf("a post text of %d bytes", len(p.Text))
		}
	}
}

// fuzzImport reads one archive holding files and checks the result.
func fuzzImport(t *testing.T, dir string, files ...file) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Skip(err)
		}
		w.Write([]byte(f.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "in.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	o := fuzzOpts()
	snap, err := Read(context.Background(), p, o)
	if err != nil {
		if errors.Is(err, ErrUnrecognised) {
			return
		}
		t.Fatalf("a readable zip refused: %v", err)
	}
	checkSnapshot(t, snap, o)
}

// fuzzPlatform fuzzes one importer: the body becomes one of its files,
// beside the fixture's other files.
func fuzzPlatform(f *testing.F, fixture string, names []string) {
	var base []file
	for _, fx := range fixtures {
		if fx.name == fixture {
			base = fx.files
		}
	}
	for i, b := range base {
		f.Add(uint8(i), []byte(b.body))
	}
	f.Add(uint8(0), []byte(`{"a":[[[[[[[[`))
	f.Add(uint8(1), []byte(`[{"name":1},{"title":"x"}]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		i := int(which) % len(base)
		files := append([]file(nil), base...)
		files[i].body = string(body)
		if int(which)/len(base)%2 == 1 {
			// The body under another of the platform's file names.
			files[i].name = filepath.Dir(files[i].name) + "/" + names[int(which)%len(names)]
		}
		fuzzImport(t, dir, files...)
	})
}

func FuzzFacebook(f *testing.F) {
	fuzzPlatform(f, "facebook_2019", []string{"friends.json", "your_friends.json", "received_friend_requests.json", "your_posts_1.json", "where_you're_logged_in.json", "profile_information.json"})
}

func FuzzInstagram(f *testing.F) {
	fuzzPlatform(f, "instagram_2022", []string{"followers_1.json", "following.json", "follow_requests_you've_received.json", "posts_1.json", "personal_information.json"})
}

func FuzzX(f *testing.F) {
	fuzzPlatform(f, "x_2018", []string{"tweets.js", "tweet.js", "follower.js", "following.js", "account.js"})
}

func FuzzLinkedIn(f *testing.F) {
	fuzzPlatform(f, "linkedin_2026", []string{"Connections.csv", "Invitations.csv", "Shares.csv", "Profile.csv"})
}

func FuzzTikTok(f *testing.F) {
	fuzzPlatform(f, "tiktok_2022", []string{"user_data.json", "user_data_tiktok.json"})
}

// FuzzZip feeds raw bytes as the archive itself: the zip directory, the
// end record and the members are all the fuzzer's.
func FuzzZip(f *testing.F) {
	for _, fx := range fixtures {
		if fx.dir {
			continue
		}
		data, err := os.ReadFile(writeZip(f, fx.files...))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "in.zip")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		o := fuzzOpts()
		snap, err := Read(context.Background(), p, o)
		if err == nil {
			checkSnapshot(t, snap, o)
		}
	})
}

// FuzzCSV checks the export CSV reader against encoding/csv: what the
// standard reader accepts, this one reads to the same rows (blank lines
// aside); and it never holds a field beyond its limit.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"Notes:\n\"x, y\"\n\nFirst Name,Last Name\nA,B\n", "First Name\n\"unterminated", "\ufeffFirst Name,URL\r\na,b\r\n",
		"a,\"b\"\"c\",d\n\"multi\nline\",e\n", "a \"quoted\" word,b\n", "\"a\"x,b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := newCSVReader(bytes.NewReader(data), 1<<10, 1<<14)
		var got [][]string
		var err error
		for {
			var row []string
			row, _, err = cr.read()
			if err == errCSVEnd {
				err = nil
				break
			}
			if err != nil {
				break
			}
			for _, c := range row {
				if len(c) > 1<<10 {
					t.Fatalf("a field of %d bytes", len(c))
				}
			}
			if len(row) > 1 || (len(row) == 1 && row[0] != "") {
				got = append(got, row)
			}
		}
		var le *limitError
		if errors.As(err, &le) {
			return
		}
		std := csv.NewReader(bytes.NewReader(data))
		std.FieldsPerRecord = -1
		var want [][]string
		for {
			row, serr := std.Read()
			if serr == io.EOF {
				break
			}
			if serr != nil {
				return // refused by the standard reader: no reference
			}
			if len(row) > 1 || (len(row) == 1 && row[0] != "") {
				want = append(want, row) // a row of one empty field reads as blank
			}
		}
		if err != nil {
			t.Fatalf("refused what encoding/csv reads: %v", err)
		}
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("rows %q, encoding/csv %q", got, want)
		}
	})
}

func TestCSVReader(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string
		err  string
	}{
		{"a,b\r\nc,d\n", [][]string{{"a", "b"}, {"c", "d"}}, ""},
		{"\"a,1\",\"b\"\"q\"\"\"\n", [][]string{{"a,1", `b"q"`}}, ""},
		{"\"two\r\nlines\",x\n", [][]string{{"two\nlines", "x"}}, ""},
		{"Dr \"Bob\" Smith,x\n", [][]string{{`Dr "Bob" Smith`, "x"}}, ""},
		{"a,b\n\"open,c\nd,e\n", nil, "a quote opened on line 2 is never closed"},
		{strings.Repeat("x", 2000) + "\n", nil, "a field on line 1 is longer than 1 KB"},
	}
	for _, tc := range tests {
		cr := newCSVReader(strings.NewReader(tc.in), 1<<10, 1<<20)
		var got [][]string
		var err error
		for {
			var row []string
			if row, _, err = cr.read(); err != nil {
				break
			}
			got = append(got, row)
		}
		if err == errCSVEnd {
			err = nil
		}
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
