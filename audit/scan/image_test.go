package scan

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chaperone/audit"
)

// tiffEntry is one IFD entry for the test EXIF builder.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte // value bytes; a LONG pointer is patched in later
}

// buildEXIF writes a little-endian TIFF block with a camera make, an EXIF
// sub-IFD holding DateTimeOriginal and a GPS sub-IFD.
func buildEXIF(lat, lon float64, latRef, lonRef, taken string) []byte {
	le := binary.LittleEndian
	rational := func(v float64) []byte {
		d := math.Floor(v)
		m := math.Floor((v - d) * 60)
		s := ((v-d)*60 - m) * 60
		b := make([]byte, 24)
		le.PutUint32(b[0:], uint32(d))
		le.PutUint32(b[4:], 1)
		le.PutUint32(b[8:], uint32(m))
		le.PutUint32(b[12:], 1)
		le.PutUint32(b[16:], uint32(math.Round(s*1000)))
		le.PutUint32(b[20:], 1000)
		return b
	}
	ascii := func(s string) []byte { return append([]byte(s), 0) }
	var buf bytes.Buffer
	buf.WriteString("II*\x00")
	binary.Write(&buf, le, uint32(8))
	// Layout: IFD0 at 8, EXIF IFD, GPS IFD, then a data area.
	writeIFD := func(entries []tiffEntry, at uint32) []byte {
		var ifd, data bytes.Buffer
		dataAt := at + 2 + uint32(len(entries))*12 + 4
		binary.Write(&ifd, le, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&ifd, le, e.tag)
			binary.Write(&ifd, le, e.typ)
			binary.Write(&ifd, le, e.count)
			if len(e.data) <= 4 {
				v := make([]byte, 4)
				copy(v, e.data)
				ifd.Write(v)
			} else {
				binary.Write(&ifd, le, dataAt+uint32(data.Len()))
				data.Write(e.data)
			}
		}
		binary.Write(&ifd, le, uint32(0))
		return append(ifd.Bytes(), data.Bytes()...)
	}
	long := func(v uint32) []byte { b := make([]byte, 4); le.PutUint32(b, v); return b }
	// Sizes are fixed, so compute offsets in two passes.
	exifEntries := []tiffEntry{{tagDateTimeOrig, 2, uint32(len(taken) + 1), ascii(taken)}}
	gpsEntries := []tiffEntry{
		{tagGPSLatRef, 2, 2, ascii(latRef)},
		{tagGPSLat, 5, 3, rational(lat)},
		{tagGPSLonRef, 2, 2, ascii(lonRef)},
		{tagGPSLon, 5, 3, rational(lon)},
	}
	ifd0 := func(exifAt, gpsAt uint32) []tiffEntry {
		return []tiffEntry{
			{tagMake, 2, 9, ascii("TestCam1")},
			{tagExifIFD, 4, 1, long(exifAt)},
			{tagGPSIFD, 4, 1, long(gpsAt)},
		}
	}
	first := writeIFD(ifd0(0, 0), 8)
	exifAt := 8 + uint32(len(first))
	exifIFD := writeIFD(exifEntries, exifAt)
	gpsAt := exifAt + uint32(len(exifIFD))
	buf.Write(writeIFD(ifd0(exifAt, gpsAt), 8))
	buf.Write(exifIFD)
	buf.Write(writeIFD(gpsEntries, gpsAt))
	return buf.Bytes()
}

// withEXIF puts a TIFF block into a JPEG as its APP1 segment.
func withEXIF(jpg, tiff []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiff...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// radiograph draws a grey chest-film look: black background, a bright
// rib cage of ellipses.
func radiograph() image.Image {
	img := image.NewGray(image.Rect(0, 0, 200, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 200; x++ {
			v := 10.0
			dx, dy := float64(x-100)/70, float64(y-120)/90
			if r := dx*dx + dy*dy; r < 1 {
				v = 90
				if int(math.Abs(dy*60))%12 < 5 {
					v = 235 // ribs
				}
			}
			img.SetGray(x, y, color.Gray{uint8(v)})
		}
	}
	return img
}

// document draws a white page with ten lines of "text".
func document() image.Image {
	img := image.NewGray(image.Rect(0, 0, 210, 297))
	for y := 0; y < 297; y++ {
		for x := 0; x < 210; x++ {
			v := uint8(245)
			if y > 20 && (y-20)%25 < 6 && y < 280 && x > 15 && x < 195 && (x/7)%3 != 0 {
				v = 20
			}
			img.SetGray(x, y, color.Gray{v})
		}
	}
	return img
}

// photo draws a colourful scene.
func photo() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 240, 160))
	for y := 0; y < 160; y++ {
		for x := 0; x < 240; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(120 + y/2), uint8(255 - x), 255})
		}
	}
	return img
}

func TestReadEXIF(t *testing.T) {
	tiff := buildEXIF(53.8008, 1.5491, "N", "W", "2024:03:05 14:30:00")
	jpg := withEXIF(encodeJPEG(t, photo()), tiff)
	ex, err := ReadEXIF(jpg)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.HasGPS || math.Abs(ex.Lat-53.8008) > 1e-3 || math.Abs(ex.Lon+1.5491) > 1e-3 {
		t.Errorf("GPS = %v %v %v", ex.HasGPS, ex.Lat, ex.Lon)
	}
	if want := time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC); !ex.TakenAt.Equal(want) {
		t.Errorf("TakenAt = %v, want %v", ex.TakenAt, want)
	}
	if ex.Camera != "TestCam1" {
		t.Errorf("Camera = %q", ex.Camera)
	}
	if _, err := ReadEXIF(encodeJPEG(t, photo())); err != ErrNoEXIF {
		t.Errorf("plain JPEG: err = %v, want ErrNoEXIF", err)
	}
	for _, bad := range [][]byte{nil, []byte("II*\x00\xff\xff\xff\xff"), {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}} {
		if _, err := ReadEXIF(bad); err == nil {
			t.Errorf("ReadEXIF(%q) accepted garbage", bad)
		}
	}
}

func TestAnalyzeImage(t *testing.T) {
	var pngDoc bytes.Buffer
	if err := png.Encode(&pngDoc, document()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		data []byte
		kind string
	}{
		{"radiograph", encodeJPEG(t, radiograph()), "radiograph"},
		{"document", pngDoc.Bytes(), "document"},
		{"photo", encodeJPEG(t, photo()), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep := AnalyzeImage(tt.data)
			if rep.Err != "" {
				t.Fatal(rep.Err)
			}
			if rep.Kind != tt.kind {
				t.Errorf("kind = %q, want %q (report %+v)", rep.Kind, tt.kind, rep)
			}
		})
	}
	if rep := AnalyzeImage([]byte("not an image")); rep.Err == "" {
		t.Error("garbage decoded without error")
	}
}

func TestPostImages(t *testing.T) {
	dir := t.TempDir()
	xray := filepath.Join(dir, "xray.jpg")
	if err := os.WriteFile(xray, withEXIF(encodeJPEG(t, radiograph()), buildEXIF(54.1, 3.2, "N", "W", "2024:03:05 14:30:00")), 0o600); err != nil {
		t.Fatal(err)
	}
	holiday := filepath.Join(dir, "beach.jpg")
	if err := os.WriteFile(holiday, encodeJPEG(t, photo()), 0o600); err != nil {
		t.Fatal(err)
	}
	sc := defaultScanner(t)
	post := audit.Post{
		ID: "p1", Text: "Look what came in on nights", At: time.Date(2024, 3, 5, 20, 0, 0, 0, time.UTC),
		Images: []audit.Image{{File: xray}, {File: holiday}, {Alt: "May be an image of x-ray"}, {File: filepath.Join(dir, "missing.jpg")}},
	}
	got := map[string]Flag{}
	for _, f := range sc.Post(post) {
		got[f.Rule] = f
		if f.Image == 2 {
			t.Errorf("the holiday photo was flagged: %+v", f)
		}
	}
	if f, ok := got[ruleClinicalImage]; !ok || f.Category != PatientStory {
		t.Errorf("radiograph not flagged: %v", got)
	}
	if f, ok := got[rulePhotoLocation]; !ok || f.Image != 1 || f.Severity != audit.SeverityHigh {
		t.Errorf("GPS of the radiograph not flagged high: %+v", f)
	}
}
