package scan

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // decoders for attached pictures
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"os"
	"time"

	"chaperone/audit"
)

// ImageReport is what the scanner learned about one attached picture. It
// never holds the pixels.
type ImageReport struct {
	EXIF *EXIF `json:"exif,omitempty"`
	// Kind is "radiograph", "document" or "" (an ordinary photo, or not
	// decodable).
	Kind   string  `json:"kind,omitempty"`
	Width  int     `json:"width,omitempty"`
	Height int     `json:"height,omitempty"`
	Chroma float64 `json:"chroma"` // mean colour saturation, 0 = greyscale
	// Dark and Bright are the fractions of very dark and very bright
	// pixels; Contrast is the luminance standard deviation (0..255).
	Dark     float64 `json:"dark"`
	Bright   float64 `json:"bright"`
	Contrast float64 `json:"contrast"`
	// TextRows counts alternations between inked and blank rows, the
	// signature of lines of text.
	TextRows int    `json:"text_rows"`
	Err      string `json:"error,omitempty"`
}

// maxImageBytes bounds what is read of one attached file.
const maxImageBytes = 32 << 20

// AnalyzeImage reads EXIF metadata and looks for a clinical image
// (radiograph or scan: near-greyscale, high contrast, a dark background
// and bright structures) or a photo of a document (mostly white with rows
// of dark strokes). data is the file's bytes.
func AnalyzeImage(data []byte) ImageReport {
	var rep ImageReport
	if ex, err := ReadEXIF(data); err == nil {
		rep.EXIF = ex
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		rep.Err = fmt.Sprintf("decoding image: %v", err)
		return rep
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > 80_000_000 {
		rep.Err = fmt.Sprintf("image of %dx%d pixels not analysed", cfg.Width, cfg.Height)
		return rep
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		rep.Err = fmt.Sprintf("decoding image: %v", err)
		return rep
	}
	measure(img, &rep)
	return rep
}

// measure samples the image on a grid of at most 160x160 points.
func measure(img image.Image, rep *ImageReport) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rep.Width, rep.Height = w, h
	if w == 0 || h == 0 {
		return
	}
	const grid = 160
	gw, gh := min(w, grid), min(h, grid)
	var sum, sumSq, chroma float64
	var dark, bright int
	rowInk := make([]float64, gh)
	n := 0
	for y := 0; y < gh; y++ {
		py := b.Min.Y + y*h/gh
		ink := 0
		for x := 0; x < gw; x++ {
			px := b.Min.X + x*w/gw
			r, g, bl, _ := img.At(px, py).RGBA()
			rf, gf, bf := float64(r>>8), float64(g>>8), float64(bl>>8)
			l := 0.299*rf + 0.587*gf + 0.114*bf
			mx := math.Max(rf, math.Max(gf, bf))
			mn := math.Min(rf, math.Min(gf, bf))
			chroma += mx - mn
			sum += l
			sumSq += l * l
			switch {
			case l < 50:
				dark++
			case l > 200:
				bright++
			}
			if l < 110 {
				ink++
			}
			n++
		}
		rowInk[y] = float64(ink) / float64(gw)
	}
	fn := float64(n)
	mean := sum / fn
	rep.Chroma = chroma / fn / 255
	rep.Contrast = math.Sqrt(math.Max(0, sumSq/fn-mean*mean))
	rep.Dark = float64(dark) / fn
	rep.Bright = float64(bright) / fn
	inked := false
	for _, v := range rowInk {
		now := v > 0.03
		if now != inked {
			rep.TextRows++
			inked = now
		}
	}
	aspect := float64(w) / float64(h)
	grey := rep.Chroma < 0.06
	switch {
	case grey && rep.Bright > 0.5 && rep.Dark < 0.3 && rep.TextRows >= 8:
		rep.Kind = "document"
	case grey && rep.Contrast > 45 && rep.Dark > 0.2 && aspect > 0.5 && aspect < 2:
		rep.Kind = "radiograph"
	}
}

// Post scans a post's text and its attached images (read from Image.File
// when set; Alt text is scanned too) and returns every flag. Images that
// cannot be read are skipped: their flags would be guesses.
func (s *Scanner) Post(p audit.Post) []Flag { return s.AnalyzePost(p).Flags }

// AnalyzePost is Analyze for a whole post: its text, and the flags of its
// attached images, whose categories count as Flagged.
func (s *Scanner) AnalyzePost(p audit.Post) Analysis {
	a := s.Analyze(p.Text)
	a.Flags = append(a.Flags, s.imageFlagsOf(p)...)
	for _, f := range a.Flags {
		if r := &a.Categories[catIndex(f.Category)]; f.Image != 0 && r.Verdict == Clear {
			r.Verdict = Flagged
		}
	}
	return a
}

func (s *Scanner) imageFlagsOf(p audit.Post) []Flag {
	var flags []Flag
	clinical := false
	if len(p.Images) > 0 {
		pp := newPass(s, p.Text)
		clinical = pp.clinical || pp.any(s.g.workplace)
		pp.release()
	}
	for i, im := range p.Images {
		n := i + 1
		if im.Alt != "" && s.altClinical(im.Alt) {
			f := s.flag(ruleClinicalImage, 0, 0)
			f.Image = n
			f.Why += " (the platform describes it as a clinical image)"
			flags = append(flags, f)
		}
		if im.File == "" {
			continue
		}
		data, err := readLimited(im.File)
		if err != nil {
			continue
		}
		rep := AnalyzeImage(data)
		flags = append(flags, s.imageFlags(rep, n, clinical, p.At)...)
	}
	return flags
}

// imageFlags turns an image report into flags. postedAt, when known, tells
// whether the photo was posted soon after it was taken.
func (s *Scanner) imageFlags(rep ImageReport, n int, clinical bool, postedAt time.Time) []Flag {
	var out []Flag
	switch rep.Kind {
	case "radiograph":
		f := s.flag(ruleClinicalImage, 0, 0)
		f.Image = n
		out = append(out, f)
	case "document":
		f := s.flag(ruleDocumentImage, 0, 0)
		f.Image = n
		if clinical {
			f.Severity = audit.SeverityHigh
		}
		out = append(out, f)
	}
	if rep.EXIF != nil && rep.EXIF.HasGPS {
		f := s.flag(rulePhotoLocation, 0, 0)
		f.Image = n
		if clinical || rep.Kind != "" {
			f.Severity = audit.SeverityHigh
		}
		if t := rep.EXIF.TakenAt; !t.IsZero() {
			f.Why += " Taken " + t.Format("2 Jan 2006 15:04")
			if !postedAt.IsZero() && postedAt.Sub(t) >= 0 && postedAt.Sub(t) < 24*time.Hour {
				f.Why += ", posted the same day"
			}
			f.Why += "."
		}
		out = append(out, f)
	}
	return out
}

func (s *Scanner) altClinical(alt string) bool {
	d := tokenize(alt)
	for i := range d.toks {
		switch d.word(i) {
		case "x", "xray", "radiograph", "radiography", "mri", "ct", "ultrasound", "scan", "ecg", "angiogram":
			if d.word(i) == "x" && (i+1 >= len(d.toks) || d.word(i+1) != "ray") {
				continue
			}
			return true
		}
	}
	return false
}

func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("opening image: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading image: %w", err)
	}
	if len(data) > maxImageBytes {
		return nil, fmt.Errorf("image %s is larger than %d bytes", name, maxImageBytes)
	}
	return data, nil
}
