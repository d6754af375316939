package cookiedb

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// needSQLite returns Debian's sqlite3, which writes the databases the
// reader is checked against. scripts/deps.sh installs it for `make test`.
func needSQLite(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("sqlite3")
	if err != nil {
		if testing.Short() {
			t.Skip("sqlite3 not installed (-short)")
		}
		t.Fatal("sqlite3 not installed: run scripts/deps.sh test")
	}
	return p
}

func sqlite(t *testing.T, bin, db, input string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-batch", db}, args...)...)
	cmd.Stdin = strings.NewReader(input)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("sqlite3: %v: %s", err, errb.String())
	}
	return out.String()
}

const chromiumSchema = `CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, name, path);
INSERT INTO meta VALUES('version','24');
`

// randomStore writes a database with a cookies table of n random rows
// (blobs up to big bytes, so some spill to overflow pages), then deletes
// and adds some, as a store that has lived a while.
func randomStore(t *testing.T, bin, path string, r *rand.Rand, pageSize, n, big int) {
	t.Helper()
	var sql strings.Builder
	fmt.Fprintf(&sql, "PRAGMA page_size=%d;\n%sBEGIN;\n", pageSize, chromiumSchema)
	blob := func(max int) string {
		b := make([]byte, r.IntN(max+1))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return "X'" + hex.EncodeToString(b) + "'"
	}
	text := func(max int) string {
		const alpha = "abcdefghijklmnopqrstuvwxyz0123456789._-é'"
		var s strings.Builder
		for i, k := 0, r.IntN(max+1); i < k; i++ {
			s.WriteString(string([]rune(alpha)[r.IntN(len([]rune(alpha)))]))
		}
		return "'" + strings.ReplaceAll(s.String(), "'", "''") + "'"
	}
	for i := 0; i < n; i++ {
		size := 40
		if r.IntN(10) == 0 {
			size = big
		}
		val := "''"
		if r.IntN(8) == 0 {
			val = text(30)
		}
		fmt.Fprintf(&sql, "INSERT INTO cookies VALUES(%d,%s,'',%s,%s,%s,'/',%d,%d);\n",
			r.Int64(), text(20)+"||'"+strconv.Itoa(i)+"'", text(10), val, blob(size), r.Int64N(1<<40)-1<<39, r.IntN(2))
	}
	sql.WriteString("COMMIT;\n")
	fmt.Fprintf(&sql, "DELETE FROM cookies WHERE rowid %% %d = 0;\n", 2+r.IntN(5))
	sql.WriteString("ALTER TABLE cookies ADD COLUMN added INTEGER;\n")
	fmt.Fprintf(&sql, "INSERT INTO cookies(creation_utc,host_key,top_frame_site_key,name,value,encrypted_value,path,expires_utc,is_secure,added) VALUES(1,'late.example','','n','',%s,'/',0,0,7);\n", blob(big))
	sqlite(t, bin, path, sql.String())
}

// TestMatchesSQLite reads random stores written by SQLite itself and
// checks every row against what sqlite3 reads from the same file.
func TestMatchesSQLite(t *testing.T) {
	bin := needSQLite(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i, tc := range []struct{ pageSize, rows, big int }{
		{512, 10, 100},
		{512, 600, 3000},   // several interior levels, long overflow chains
		{1024, 300, 70000}, // a value larger than a page many times
		{4096, 2000, 9000}, // Chromium's page size
		{65536, 50, 200000},
	} {
		t.Run(fmt.Sprintf("%d-%d", tc.pageSize, tc.rows), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Cookies")
			randomStore(t, bin, path, r, tc.pageSize, tc.rows, tc.big)
			got, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			out := sqlite(t, bin, path, "", "-separator", "|", "SELECT hex(host_key), hex(name), hex(value), hex(encrypted_value) FROM cookies ORDER BY rowid")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(got) != len(lines) {
				t.Fatalf("case %d: %d rows, sqlite3 reads %d", i, len(got), len(lines))
			}
			for j, line := range lines {
				c := got[j]
				want := strings.ToUpper(strings.Join([]string{
					hex.EncodeToString([]byte(c.Host)), hex.EncodeToString([]byte(c.Name)),
					hex.EncodeToString([]byte(c.Value)), hex.EncodeToString(c.Encrypted)}, "|"))
				if line != want {
					t.Fatalf("row %d differs:\n got %.200s\nwant %.200s", j, want, line)
				}
			}
		})
	}
}

// TestIntegersAndRowidAlias reads integer widths, floats, NULLs and an
// INTEGER PRIMARY KEY column through the generic reader.
func TestIntegersAndRowidAlias(t *testing.T) {
	bin := needSQLite(t)
	path := filepath.Join(t.TempDir(), "t.db")
	vals := []int64{0, 1, -1, 127, -128, 255, 32767, -32768, 1 << 23, -(1 << 23), 1 << 31, -(1 << 31), 1 << 47, -(1 << 47), 1<<63 - 1, -1 << 63}
	var sql strings.Builder
	sql.WriteString(`CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, [a] INT, ` + "`b`" + ` REAL, c TEXT, CONSTRAINT u UNIQUE (a, c));` + "\n")
	for i, v := range vals {
		fmt.Fprintf(&sql, "INSERT INTO t VALUES(%d, %d, %d.5, NULL);\n", 10+i*3, v, i)
	}
	sqlite(t, bin, path, sql.String())
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := openSQLite(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = f.rows("t", []string{"id", "a", "c"}, func(v []value) error {
		got = append(got, fmt.Sprintf("%d|%d|%v", v[0].i, v[1].i, v[2].null))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		if want := fmt.Sprintf("%d|%d|true", 10+i*3, v); i >= len(got) || got[i] != want {
			t.Fatalf("row %d = %v, want %s", i, got, want)
		}
	}
	if err := f.rows("t", []string{"nope"}, func([]value) error { return nil }); err == nil {
		t.Error("a missing column was not refused")
	}
	if err := f.rows("nope", []string{"a"}, func([]value) error { return nil }); err == nil {
		t.Error("a missing table was not refused")
	}
}

func TestColumns(t *testing.T) {
	for _, tc := range []struct {
		sql   string
		cols  string
		alias int
	}{
		{"CREATE TABLE x(a TEXT, b BLOB)", "a,b", -1},
		{"CREATE TABLE x(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT DEFAULT 'a,b', PRIMARY KEY(v))", "id,v", 0},
		{`CREATE TABLE x("my col" TEXT, [other col] INT, CHECK (length("my col") > 0), FOREIGN KEY(x) REFERENCES y(z))`, "my col,other col", -1},
		{"CREATE TABLE x(a DECIMAL(10,2), b)", "a,b", -1},
	} {
		cols, alias, err := columns(tc.sql)
		if err != nil || strings.Join(cols, ",") != tc.cols || alias != tc.alias {
			t.Errorf("columns(%q) = %q, %d, %v; want %q, %d", tc.sql, cols, alias, err, tc.cols, tc.alias)
		}
	}
	if _, _, err := columns("CREATE TABLE x(a TEXT PRIMARY KEY) WITHOUT ROWID"); err == nil {
		t.Error("WITHOUT ROWID accepted")
	}
}

// TestLoopsEnd: a file whose pages point back at themselves is refused,
// not walked forever.
func TestLoopsEnd(t *testing.T) {
	bin := needSQLite(t)
	path := filepath.Join(t.TempDir(), "Cookies")
	randomStore(t, bin, path, rand.New(rand.NewPCG(3, 4)), 512, 400, 2000)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := openSQLite(data)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := f.findTable("cookies")
	if err != nil {
		t.Fatal(err)
	}
	root := data[(tb.root-1)*512:]
	if root[0] != 0x05 {
		t.Fatalf("root page type %#x, want an interior page", root[0])
	}
	// Point the root's right-most child at the root itself.
	bad := bytes.Clone(data)
	off := (tb.root-1)*512 + 8
	bad[off], bad[off+1], bad[off+2], bad[off+3] = byte(tb.root>>24), byte(tb.root>>16), byte(tb.root>>8), byte(tb.root)
	if _, err := Parse(bad); err == nil || !strings.Contains(err.Error(), "reached twice") {
		t.Fatalf("loop: %v", err)
	}
}
