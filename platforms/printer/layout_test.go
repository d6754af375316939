package printer

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The layout checks read a printed PDF as a reader sees it.
//
// Headings: Chromium writes the document outline from the page's h1-h3,
// each entry with the page and the height it starts at. Those are read
// from the PDF itself (no guessing from fonts or colours), and the words
// on each page from `pdftotext -bbox-layout`. The words are grouped into
// visual rows (a table's cells side by side are one row). The last
// heading on a page is stranded unless at least two rows of what it
// introduces follow it there, or its section ends on that page (the next
// heading opens the next page). Column-heading rows (all capitals) do not
// count: Chromium repeats them on the next page anyway.
//
// Bars: every page is rendered with pdftoppm. A vertical bar (a quote or
// reflection box's rule) split by a page break runs into the bottom edge
// of the printed area on one page and out of the top edge, at the same
// place, on the next. Text never does: lines break whole.

// heading is one outline entry: its title, page (from 1) and the height
// its box starts at, in points from the top of the page.
type heading struct {
	Title string
	Page  int
	Top   float64
}

// pdfObjects maps object numbers to their bodies. Chromium's PDFs keep
// every object uncompressed, so the objects are found by their "N 0 obj"
// lines; a later definition (an incremental update) wins.
func pdfObjects(t *testing.T, pdf []byte) map[int]any {
	t.Helper()
	objs := map[int]any{}
	re := regexp.MustCompile(`(?m)^(\d+) (\d+) obj\b`)
	for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		lx := &lexer{b: pdf[m[1]:]}
		v, err := lx.object(0)
		if err != nil {
			continue // a stream's data, say
		}
		objs[n] = v
	}
	return objs
}

func dictOf(objs map[int]any, v any) map[string]any {
	if r, ok := v.(ref); ok {
		v = objs[r.num]
	}
	d, _ := v.(map[string]any)
	return d
}

// outline reads the headings of a PDF from its outline, in order.
func outline(t *testing.T, pdf []byte) (hs []heading, pageHeight float64) {
	t.Helper()
	objs := pdfObjects(t, pdf)
	tr, err := readTrailer(pdf)
	if err != nil {
		t.Fatal(err)
	}
	root := dictOf(objs, tr.dict["Root"])
	if root == nil {
		t.Fatal("the PDF has no catalogue")
	}
	// Pages in order, by object number.
	pageNo := map[int]int{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		r, ok := v.(ref)
		d := dictOf(objs, v)
		if !ok || d == nil || depth > 32 {
			return
		}
		if d["Type"] == pdfName("Page") {
			pageNo[r.num] = len(pageNo) + 1
			if mb, ok := d["MediaBox"].([]any); ok && len(mb) == 4 {
				pageHeight = number(mb[3])
			}
			return
		}
		kids, _ := d["Kids"].([]any)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(root["Pages"], 0)
	if len(pageNo) == 0 || pageHeight == 0 {
		t.Fatal("the PDF's pages could not be read")
	}
	var items func(v any, depth int)
	items = func(v any, depth int) {
		for n := 0; v != nil && n < 10000 && depth < 16; n++ {
			d := dictOf(objs, v)
			if d == nil {
				return
			}
			if dest, ok := d["Dest"].([]any); ok && len(dest) >= 4 {
				title, _ := d["Title"].(pdfStr)
				pg, _ := dest[0].(ref)
				hs = append(hs, heading{Title: title.text(), Page: pageNo[pg.num], Top: pageHeight - number(dest[3])})
			}
			items(d["First"], depth+1)
			v = d["Next"]
		}
	}
	ol := dictOf(objs, root["Outlines"])
	if ol == nil {
		t.Fatal("the PDF has no outline: print with PDFOutlineAndTagged")
	}
	items(ol["First"], 0)
	return hs, pageHeight
}

func number(v any) float64 {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case float64:
		return n
	}
	return 0
}

// row is a line of text across the page, as the eye reads it.
type row struct {
	Top, Bottom float64
	Text        string
}

// pageRows reads the words of every page with pdftotext -bbox-layout and
// groups them into rows between the top and bottom margins (the running
// header and footer are outside).
func pageRows(t *testing.T, path string, top, bottom float64) [][]row {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox-layout: %v", err)
	}
	var doc struct {
		Pages []struct {
			Height float64 `xml:"height,attr"`
			Words  []struct {
				YMin float64 `xml:"yMin,attr"`
				YMax float64 `xml:"yMax,attr"`
				XMin float64 `xml:"xMin,attr"`
				Text string  `xml:",chardata"`
			} `xml:"flow>block>line>word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("reading pdftotext's boxes: %v", err)
	}
	var pages [][]row
	for _, p := range doc.Pages {
		ws := p.Words
		sort.SliceStable(ws, func(i, j int) bool {
			if ws[i].YMin != ws[j].YMin {
				return ws[i].YMin < ws[j].YMin
			}
			return ws[i].XMin < ws[j].XMin
		})
		var rows []row
		var words [][]string
		for _, w := range ws {
			if w.YMax < top || w.YMin > p.Height-bottom {
				continue
			}
			mid := (w.YMin + w.YMax) / 2
			if n := len(rows); n > 0 && mid < rows[n-1].Bottom {
				rows[n-1].Bottom = max(rows[n-1].Bottom, w.YMax)
				words[n-1] = append(words[n-1], w.Text)
				continue
			}
			rows = append(rows, row{Top: w.YMin, Bottom: w.YMax})
			words = append(words, []string{w.Text})
		}
		for i := range rows {
			rows[i].Text = strings.Join(words[i], " ")
		}
		pages = append(pages, rows)
	}
	return pages
}

var lowercase = regexp.MustCompile(`\p{Ll}`)

// columnHeads is a row of table column headings, set in capitals.
func columnHeads(r row) bool { return !lowercase.MatchString(r.Text) }

// squash drops spaces: the outline joins a wrapped heading's lines
// without one.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// layoutProblems lists the stranded headings and split bars of the PDF at
// path; pages is how many pages it has.
func layoutProblems(t *testing.T, path string) (problems []string, pages int) {
	problems, pages, _ = layoutCheck(t, path)
	return problems, pages
}

// layoutCheck is layoutProblems, also counting the headings checked.
func layoutCheck(t *testing.T, path string) (problems []string, pages, headings int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hs, _ := outline(t, data)
	rows := pageRows(t, path, marginTop*72, marginBottom*72)
	pages = len(rows)
	if len(hs) < 3 {
		t.Fatalf("%s: only %d headings in the outline", filepath.Base(path), len(hs))
	}
	headings = len(hs)
	// Where each heading's rows are on its page.
	type placed struct {
		heading
		first, last int // its rows
	}
	var ps []placed
	for _, h := range hs {
		if h.Page < 1 || h.Page > pages {
			t.Fatalf("heading %q on page %d of %d", h.Title, h.Page, pages)
		}
		rs := rows[h.Page-1]
		want := squash(h.Title)
		found := false
		for i := range rs {
			if rs[i].Bottom < h.Top-3 {
				continue
			}
			// A long heading wraps over rows.
			text := ""
			for j := i; j < len(rs) && len(text) < len(want); j++ {
				text += squash(rs[j].Text)
				if text == want {
					ps = append(ps, placed{h, i, j})
					found = true
				}
			}
			break
		}
		if !found {
			t.Fatalf("%s: heading %q is not on page %d where the outline puts it", filepath.Base(path), h.Title, h.Page)
		}
	}
	for i, p := range ps {
		if p.Page == pages {
			continue // the end of the document
		}
		if i+1 < len(ps) && ps[i+1].Page == p.Page {
			continue // not the last heading on its page
		}
		if i+1 < len(ps) && ps[i+1].Page == p.Page+1 && ps[i+1].first == 0 {
			continue // its section ends on this page
		}
		content := 0
		for _, r := range rows[p.Page-1][p.last+1:] {
			if !columnHeads(r) {
				content++
			}
		}
		if content < 2 {
			problems = append(problems, fmt.Sprintf("page %d ends with the heading %q (%d rows of its content follow it there)", p.Page, p.Title, content))
		}
	}

	// Bars, on every page rendered.
	dir := t.TempDir()
	const dpi = 100
	if out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	sort.Strings(pngs)
	if len(pngs) != pages {
		t.Fatalf("rendered %d of %d pages", len(pngs), pages)
	}
	var prevBottom map[int]bool
	for n, f := range pngs {
		img := decodePNG(t, f)
		if inkFractionOf(img) < 0.002 {
			problems = append(problems, fmt.Sprintf("page %d is blank", n+1))
		}
		b := img.Bounds()
		top := int(marginTop * dpi)
		bottom := b.Dy() - int(marginBottom*dpi) // first row below the printed area
		min := 4 * dpi * 10 / 254                // 4 mm of bar on each page, in pixels
		atTop := barsAt(img, top, +1, min)
		for x := range atTop {
			if prevBottom[x] || prevBottom[x-1] || prevBottom[x+1] {
				problems = append(problems, fmt.Sprintf("a bar is split between pages %d and %d (at %.0f mm from the left)", n, n+1, float64(x)/dpi*25.4))
				break
			}
		}
		prevBottom = barsAt(img, bottom-1, -1, min)
	}
	return problems, pages, headings
}

// barsAt finds the columns where ink runs at least min pixels from row y
// (within two pixels of it) in direction dir: down (+1) or up (-1).
func barsAt(img image.Image, y, dir, min int) map[int]bool {
	out := map[int]bool{}
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		for start := y; start != y+3*dir; start += dir {
			n := 0
			for yy := start; yy >= b.Min.Y && yy < b.Max.Y && isMark(img, x, yy); yy += dir {
				n++
			}
			if n >= min {
				out[x] = true
				break
			}
		}
	}
	return out
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func inkFractionOf(img image.Image) float64 {
	b := img.Bounds()
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if isInk(img, x, y) {
				inked++
			}
		}
	}
	return float64(inked) / float64(b.Dx()*b.Dy())
}

// isMark is any pixel not white: the boxes' rules are a light grey.
func isMark(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return r < 0xf400 || g < 0xf400 || b < 0xf400
}

// The checks find what they are for: a page printed with a heading
// pushed to its foot, and a barred box run over a page break.
func TestLayoutChecksFindFaults(t *testing.T) {
	needBrowser(t)
	html := `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4; } body { margin: 0; font: 11pt sans-serif; }</style></head><body>
<h1>Layout fixture</h1>
<div style="height: 640pt"></div>
<h2>A heading left at the foot of its page</h2>
<div style="height: 200pt; break-inside: avoid">` + strings.Repeat("<p>Text that belongs to the heading.</p>", 6) + `</div>
<h2>A box whose bar is split</h2>
<div style="height: 300pt"></div>
<div style="border-left: 3px solid #E5E7EB; padding-left: 4mm">` + strings.Repeat("<p>A reflection long enough to run on to the next page.</p>", 20) + `</div>
</body></html>`
	pdf, err := PDF(context.Background(), Document{HTML: []byte(html), Footer: `<span style="font-size:8px">fixture</span>`}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fixture.pdf")
	if keep := os.Getenv("CHAPERONE_KEEP_PDF_DIR"); keep != "" {
		path = filepath.Join(keep, "fixture.pdf")
	}
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	problems, pages := layoutProblems(t, path)
	t.Logf("%d pages: %q", pages, problems)
	var stranded, split bool
	for _, p := range problems {
		stranded = stranded || strings.Contains(p, `ends with the heading "A heading left at the foot of its page"`)
		split = split || strings.Contains(p, "a bar is split")
	}
	if !stranded || !split {
		t.Errorf("the checks missed a fault (stranded heading found %v, split bar found %v): %q", stranded, split, problems)
	}
}
