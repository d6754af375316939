// Package synth writes data-export archives for tests, benchmarks and
// memory measurements: a realistic Facebook export of any size, made of
// fictional people and posts, and hostile zips of several shapes. Nothing
// here is read from a real account.
package synth

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
)

// Syllables build fictional names: no list of real people is carried.
var (
	onsets = []string{"b", "br", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "st", "t", "v", "w", "z"}
	nuclei = []string{"a", "e", "i", "o", "u", "ae", "ie", "ou"}
	codas  = []string{"", "n", "r", "l", "s", "th", "m", "x"}
	words  = strings.Fields("clinic today team lunch weather walk surgery training flu jabs available monday practice closed thursday " +
		"proud colleagues running club charity bake sale garden holiday photo weekend new year coffee book reading")
)

func name(r *rand.Rand) string {
	part := func() string {
		n := 1 + r.IntN(2)
		var b strings.Builder
		for range n {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(nuclei[r.IntN(len(nuclei))])
		}
		b.WriteString(codas[r.IntN(len(codas))])
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return part() + " " + part()
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// Facebook writes a Facebook export zip (the 2024 layout) with the given
// numbers of friends and posts, a few friend requests and sessions. The
// same seed gives the same archive.
func Facebook(w io.Writer, friends, posts int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	zw := zip.NewWriter(w)
	top := "facebook-drexample-2026/"
	add := func(name string, body func(bw *bufio.Writer)) error {
		f, err := zw.Create(top + name)
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		body(bw)
		return bw.Flush()
	}
	const t0 = 1_600_000_000
	err := add("connections/friends/your_friends.json", func(bw *bufio.Writer) {
		bw.WriteString(`{"friends_v2":[`)
		for i := range friends {
			if i > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"name":%q,"timestamp":%d}`, name(r), t0+i*3600)
		}
		bw.WriteString("]}")
	})
	if err != nil {
		return err
	}
	err = add("connections/friends/received_friend_requests.json", func(bw *bufio.Writer) {
		bw.WriteString(`{"received_requests_v2":[`)
		for i := range 25 {
			if i > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"name":%q,"timestamp":%d}`, name(r), t0+i*7200)
		}
		bw.WriteString("]}")
	})
	if err != nil {
		return err
	}
	err = add("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", func(bw *bufio.Writer) {
		bw.WriteString("[")
		for i := range posts {
			if i > 0 {
				bw.WriteByte(',')
			}
			ts := t0 + i*5400
			fmt.Fprintf(bw, `{"timestamp":%d,"data":[{"post":%q},{"update_timestamp":%d}],"title":"Dr Example updated her status."`, ts, sentence(r, 8+r.IntN(30)), ts+1)
			if i%5 == 0 {
				fmt.Fprintf(bw, `,"attachments":[{"data":[{"media":{"uri":"your_facebook_activity/posts/media/%d.jpg","creation_timestamp":%d,"description":%q,"media_metadata":{"photo_metadata":{"exif_data":[{"taken_timestamp":%d}]}}}},{"place":{"name":"Riverside Cafe"}}]}]`, i, ts, sentence(r, 4), ts-60)
			}
			bw.WriteString("}")
		}
		bw.WriteString("]")
	})
	if err != nil {
		return err
	}
	err = add("security_and_login_information/where_you're_logged_in.json", func(bw *bufio.Writer) {
		bw.WriteString("[")
		for i := range 12 {
			if i > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"title":"Session","label_values":[{"label":"Created","timestamp_value":%d},{"label":"IP address","value":"192.0.2.%d"},{"label":"Browser","value":"Firefox"},{"label":"Location","value":"Leeds"}]}`, t0+i*86400, i+1)
		}
		bw.WriteString("]")
	})
	if err != nil {
		return err
	}
	err = add("personal_information/profile_information/profile_information.json", func(bw *bufio.Writer) {
		bw.WriteString(`{"profile_v2":{"name":{"full_name":"Dr Example"},"username":"dr.example.gp"}}`)
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// Member is one entry of a hand-built zip.
type Member struct {
	Name string
	// Body is written repeated until Size bytes: a short Body and a large
	// Size make a member that deflates to almost nothing.
	Head, Body, Tail []byte
	Size             int64
	// DeclaredSize, when not zero, replaces the true uncompressed size in
	// the headers (a lying member).
	DeclaredSize uint32
}

// content streams m's uncompressed bytes into w.
func (m Member) content(w io.Writer) error {
	if _, err := w.Write(m.Head); err != nil {
		return err
	}
	left := m.Size - int64(len(m.Head)) - int64(len(m.Tail))
	if len(m.Body) > 0 {
		chunk := bytes.Repeat(m.Body, max(1, 64<<10/len(m.Body)))
		for left > 0 {
			c := chunk
			if int64(len(c)) > left {
				c = c[:left]
			}
			if _, err := w.Write(c); err != nil {
				return err
			}
			left -= int64(len(c))
		}
	}
	_, err := w.Write(m.Tail)
	return err
}

// Overlap writes a zip whose central directory lists every name in names
// but points each at the same deflated member m: k entries inflate k times
// m.Size from one member's worth of bytes.
func Overlap(w io.Writer, m Member, names []string) error {
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		return err
	}
	crc := crc32.NewIEEE()
	if err := m.content(io.MultiWriter(fw, crc)); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	if m.Size >= 1<<32 || comp.Len() >= 1<<32 {
		return fmt.Errorf("synth: member too large for a plain zip")
	}
	size := uint32(m.Size)
	if m.DeclaredSize != 0 {
		size = m.DeclaredSize
	}
	le := binary.LittleEndian
	var out bytes.Buffer
	local := make([]byte, 30)
	le.PutUint32(local[0:], 0x04034b50)
	le.PutUint16(local[4:], 20)
	le.PutUint16(local[8:], zip.Deflate)
	le.PutUint32(local[14:], crc.Sum32())
	le.PutUint32(local[18:], uint32(comp.Len()))
	le.PutUint32(local[22:], size)
	le.PutUint16(local[26:], uint16(len(m.Name)))
	out.Write(local)
	out.WriteString(m.Name)
	out.Write(comp.Bytes())
	dirStart := out.Len()
	for _, n := range names {
		c := make([]byte, 46)
		le.PutUint32(c[0:], 0x02014b50)
		le.PutUint16(c[4:], 0x0314) // made by Unix, so modes are read
		le.PutUint16(c[6:], 20)
		le.PutUint16(c[10:], zip.Deflate)
		le.PutUint32(c[16:], crc.Sum32())
		le.PutUint32(c[20:], uint32(comp.Len()))
		le.PutUint32(c[24:], size)
		le.PutUint16(c[28:], uint16(len(n)))
		le.PutUint32(c[38:], 0o100644<<16)
		le.PutUint32(c[42:], 0) // every entry at the one member
		out.Write(c)
		out.WriteString(n)
	}
	end := make([]byte, 22)
	le.PutUint32(end[0:], 0x06054b50)
	le.PutUint16(end[8:], uint16(len(names)))
	le.PutUint16(end[10:], uint16(len(names)))
	le.PutUint32(end[12:], uint32(out.Len()-dirStart))
	le.PutUint32(end[16:], uint32(dirStart))
	out.Write(end)
	_, err = w.Write(out.Bytes())
	return err
}

// Zip writes ordinary members, each streamed through the zip writer.
func Zip(w io.Writer, ms ...Member) error {
	zw := zip.NewWriter(w)
	for _, m := range ms {
		f, err := zw.Create(m.Name)
		if err != nil {
			return err
		}
		if err := m.content(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// BombPosts is the member of a posts file holding one huge post text.
func BombPosts(name string, size int64) Member {
	return Member{Name: name, Head: []byte(`[{"timestamp":1,"data":[{"post":"`), Body: []byte("a"), Tail: []byte(`"}]}]`), Size: size}
}

// Bomb writes the 2 GB case: ten posts files that overlap one member of a
// single 200 MB post text, about 200 KB of zip in all.
func Bomb(w io.Writer, total int64) error {
	const k = 10
	var names []string
	for i := range k {
		names = append(names, fmt.Sprintf("your_facebook_activity/posts/your_posts_%d.json", i+1))
	}
	return Overlap(w, BombPosts(names[0], total/k), names)
}

// LongPosts writes a Facebook posts file of n posts, each one text of
// size bytes: the most an import may keep, compressed to almost nothing.
func LongPosts(w io.Writer, n, size int) error {
	body := `{"timestamp":1600000000,"data":[{"post":"` + strings.Repeat("a", size) + `"}]},`
	head := "["
	tail := `{"timestamp":1600000000,"data":[{"post":"end"}]}]`
	return Zip(w, Member{Name: "facebook-drexample/your_facebook_activity/posts/your_posts_1.json", Head: []byte(head), Body: []byte(body), Tail: []byte(tail),
		Size: int64(len(head) + n*len(body) + len(tail))})
}
