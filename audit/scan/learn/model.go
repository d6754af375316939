package learn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// Model is a trained model as shipped: 16-bit weights, one scale per
// head, and the log-odds threshold above which a head says yes.
type Model struct {
	Bits  uint
	Heads []Head
	// W is row-major: W[row*len(Heads)+head], so that one feature's
	// weights for every head share a cache line.
	W []int16
	// Fingerprint names the feature extractor the model was trained for
	// (its version and word lists); a scanner refuses a model trained for
	// other features.
	Fingerprint [32]byte
}

// Head is one output of the model.
type Head struct {
	Name      string
	Scale     float32 // weight = W * Scale
	Bias      float32
	Threshold float32 // log-odds; +Inf means the head never says yes
}

// quantMax is the largest stored weight: 13 bits of each 16-bit weight
// are used. A post's score sums hundreds of weights, so the finer steps
// of the full 16 bits changed no verdict on held-out voices (within one
// post in a thousand) and were noise that cost the gzipped file 15%.
const quantMax = 4095

// Quantize turns float weights into a Model, with thresholds (log-odds,
// one per head). Each head's weights are scaled so that the largest is
// ±quantMax; rounding is to nearest, so the result depends only on w.
func Quantize(w *Weights, thresholds []float64, fp [32]byte) (*Model, error) {
	H := len(w.Heads)
	if len(thresholds) != H {
		return nil, fmt.Errorf("%d thresholds for %d heads", len(thresholds), H)
	}
	m := &Model{Bits: w.Bits, W: make([]int16, len(w.W)), Fingerprint: fp}
	for h := 0; h < H; h++ {
		maxAbs := 0.0
		for i := h; i < len(w.W); i += H {
			maxAbs = math.Max(maxAbs, math.Abs(w.W[i]))
		}
		scale := float32(maxAbs / quantMax)
		if scale == 0 {
			scale = 1
		}
		for i := h; i < len(w.W); i += H {
			m.W[i] = int16(math.Round(w.W[i] / float64(scale)))
		}
		m.Heads = append(m.Heads, Head{Name: w.Heads[h], Scale: scale, Bias: float32(w.Bias[h]), Threshold: float32(thresholds[h])})
	}
	return m, nil
}

// Score writes every head's log-odds for e into out (len(out) >=
// len(m.Heads)).
func (m *Model) Score(e Example, out []float32) {
	var text, rule [MaxHeads]int64
	H := len(m.Heads)
	mask := uint32(1<<m.Bits - 1)
	w := m.W
	switch H {
	case 5:
		// The scanner's category model, unrolled.
		sum5(w, e.Text, mask, &text)
		sum5(w, e.Rule, mask, &rule)
		m.finish(&text, &rule, len(e.Text), out)
		return
	case 3:
		// The check model (identifier, story, promotion).
		sum3(w, e.Text, mask, &text)
		sum3(w, e.Rule, mask, &rule)
		m.finish(&text, &rule, len(e.Text), out)
		return
	case 8:
		sum8(w, e.Text, mask, &text)
		sum8(w, e.Rule, mask, &rule)
		m.finish(&text, &rule, len(e.Text), out)
		return
	}
	for _, f := range e.Text {
		row := w[int(f&mask)*H:][:H]
		for h, x := range row {
			text[h] += int64(x)
		}
	}
	for _, f := range e.Rule {
		row := w[int(f&mask)*H:][:H]
		for h, x := range row {
			rule[h] += int64(x)
		}
	}
	m.finish(&text, &rule, len(e.Text), out)
}

func (m *Model) finish(text, rule *[MaxHeads]int64, n int, out []float32) {
	v := textScale(n)
	for h := range m.Heads {
		hd := &m.Heads[h]
		out[h] = hd.Bias + hd.Scale*float32(float64(text[h])*v+float64(rule[h]))
	}
}

// sum3 adds the rows of features fs of a 3-head model to acc (see sum8).
func sum3(w []int16, fs []uint32, mask uint32, acc *[MaxHeads]int64) {
	const block = 1 << 15
	for len(fs) > 0 {
		n := min(len(fs), block)
		var a0, a1, a2 int32
		for _, f := range fs[:n] {
			r := (*[3]int16)(w[int(f&mask)*3:])
			a0 += int32(r[0])
			a1 += int32(r[1])
			a2 += int32(r[2])
		}
		acc[0] += int64(a0)
		acc[1] += int64(a1)
		acc[2] += int64(a2)
		fs = fs[n:]
	}
}

// sum5 adds the rows of features fs of a 5-head model to acc (see sum8).
func sum5(w []int16, fs []uint32, mask uint32, acc *[MaxHeads]int64) {
	const block = 1 << 15
	for len(fs) > 0 {
		n := min(len(fs), block)
		var a0, a1, a2, a3, a4 int32
		for _, f := range fs[:n] {
			r := (*[5]int16)(w[int(f&mask)*5:])
			a0 += int32(r[0])
			a1 += int32(r[1])
			a2 += int32(r[2])
			a3 += int32(r[3])
			a4 += int32(r[4])
		}
		acc[0] += int64(a0)
		acc[1] += int64(a1)
		acc[2] += int64(a2)
		acc[3] += int64(a3)
		acc[4] += int64(a4)
		fs = fs[n:]
	}
}

// sum8 adds the rows of features fs of an 8-head model to acc. Sums are
// kept in int32 for blocks of features small enough not to overflow.
func sum8(w []int16, fs []uint32, mask uint32, acc *[MaxHeads]int64) {
	const block = 1 << 15 // 2^15 rows of |w| <= 2^15 fit in an int32
	for len(fs) > 0 {
		n := min(len(fs), block)
		var a0, a1, a2, a3, a4, a5, a6, a7 int32
		for _, f := range fs[:n] {
			r := (*[8]int16)(w[int(f&mask)*8:])
			a0 += int32(r[0])
			a1 += int32(r[1])
			a2 += int32(r[2])
			a3 += int32(r[3])
			a4 += int32(r[4])
			a5 += int32(r[5])
			a6 += int32(r[6])
			a7 += int32(r[7])
		}
		acc[0] += int64(a0)
		acc[1] += int64(a1)
		acc[2] += int64(a2)
		acc[3] += int64(a3)
		acc[4] += int64(a4)
		acc[5] += int64(a5)
		acc[6] += int64(a6)
		acc[7] += int64(a7)
		fs = fs[n:]
	}
}

// RowSum is the sum of head h's rows of features fs, before any scale:
// which of two sets of text features of one example weighs more towards
// the head.
func (m *Model) RowSum(fs []uint32, h int) int64 {
	H := len(m.Heads)
	mask := uint32(1<<m.Bits - 1)
	var sum int64
	for _, f := range fs {
		sum += int64(m.W[int(f&mask)*H+h])
	}
	return sum
}

// HeadIndex is the index of the head named name, or -1.
func (m *Model) HeadIndex(name string) int {
	for i, h := range m.Heads {
		if h.Name == name {
			return i
		}
	}
	return -1
}

// The file: magic, fingerprint, bits, head count, each head (name length,
// name, scale, bias, threshold), the weights, and a CRC-32 of all before.
var magic = []byte("CHSCANM1")

// MaxBits bounds a model read from a file (2^20 rows of 16 heads is
// 32 MiB).
const MaxBits = 20

// MarshalBinary encodes the model.
func (m *Model) MarshalBinary() ([]byte, error) {
	if m.Bits < 8 || m.Bits > MaxBits || len(m.Heads) == 0 || len(m.Heads) > MaxHeads || len(m.W) != (1<<m.Bits)*len(m.Heads) {
		return nil, errors.New("model: inconsistent sizes")
	}
	var b bytes.Buffer
	b.Write(magic)
	b.Write(m.Fingerprint[:])
	b.WriteByte(byte(m.Bits))
	b.WriteByte(byte(len(m.Heads)))
	for _, h := range m.Heads {
		if len(h.Name) == 0 || len(h.Name) > 255 {
			return nil, fmt.Errorf("model: head name %q", h.Name)
		}
		b.WriteByte(byte(len(h.Name)))
		b.WriteString(h.Name)
		for _, f := range []float32{h.Scale, h.Bias, h.Threshold} {
			_ = binary.Write(&b, binary.LittleEndian, math.Float32bits(f))
		}
	}
	buf := make([]byte, 2*len(m.W))
	for i, x := range m.W {
		binary.LittleEndian.PutUint16(buf[2*i:], uint16(x))
	}
	b.Write(buf)
	_ = binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes(), nil
}

// Parse decodes a model written by MarshalBinary. It allocates only what
// the data holds: sizes are checked against the data's length first.
func Parse(data []byte) (*Model, error) {
	if len(data) < len(magic)+32+2+4 || !bytes.Equal(data[:len(magic)], magic) {
		return nil, errors.New("model: not a scanner model file")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("model: checksum mismatch (damaged file)")
	}
	m := &Model{}
	r := body[len(magic):]
	copy(m.Fingerprint[:], r[:32])
	r = r[32:]
	m.Bits, r = uint(r[0]), r[1:]
	nh := int(r[0])
	r = r[1:]
	if m.Bits < 8 || m.Bits > MaxBits {
		return nil, fmt.Errorf("model: %d bits outside 8..%d", m.Bits, MaxBits)
	}
	if nh == 0 || nh > MaxHeads {
		return nil, fmt.Errorf("model: %d heads, want 1..%d", nh, MaxHeads)
	}
	for i := 0; i < nh; i++ {
		if len(r) < 1 {
			return nil, errors.New("model: truncated head")
		}
		n := int(r[0])
		if n == 0 || len(r) < 1+n+12 {
			return nil, errors.New("model: truncated head")
		}
		h := Head{Name: string(r[1 : 1+n])}
		r = r[1+n:]
		h.Scale = math.Float32frombits(binary.LittleEndian.Uint32(r))
		h.Bias = math.Float32frombits(binary.LittleEndian.Uint32(r[4:]))
		h.Threshold = math.Float32frombits(binary.LittleEndian.Uint32(r[8:]))
		r = r[12:]
		if isBad(h.Scale) || isBad(h.Bias) || math.IsNaN(float64(h.Threshold)) {
			return nil, fmt.Errorf("model: head %q has a non-finite value", h.Name)
		}
		m.Heads = append(m.Heads, h)
	}
	want := 2 * (1 << m.Bits) * nh
	if len(r) != want {
		return nil, fmt.Errorf("model: %d bytes of weights, want %d", len(r), want)
	}
	m.W = make([]int16, want/2)
	for i := range m.W {
		m.W[i] = int16(binary.LittleEndian.Uint16(r[2*i:]))
	}
	return m, nil
}

func isBad(f float32) bool { return math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) }

// Bundle is several models over the same features, stored in one file:
// the scanner keeps the outputs it needs for every post apart from those
// it needs only now and then, so that the first table is small.
type Bundle struct {
	Models []*Model
}

var bundleMagic = []byte("CHSCANB1")

// MaxBundle bounds the models in one bundle.
const MaxBundle = 4

// MarshalBinary encodes the bundle: its magic, the number of models, and
// each model's length and bytes.
func (b *Bundle) MarshalBinary() ([]byte, error) {
	if len(b.Models) == 0 || len(b.Models) > MaxBundle {
		return nil, fmt.Errorf("bundle of %d models", len(b.Models))
	}
	var out bytes.Buffer
	out.Write(bundleMagic)
	out.WriteByte(byte(len(b.Models)))
	for _, m := range b.Models {
		data, err := m.MarshalBinary()
		if err != nil {
			return nil, err
		}
		_ = binary.Write(&out, binary.LittleEndian, uint32(len(data)))
		out.Write(data)
	}
	return out.Bytes(), nil
}

// ParseBundle decodes a bundle written by MarshalBinary.
func ParseBundle(data []byte) (*Bundle, error) {
	if len(data) < len(bundleMagic)+1 || !bytes.Equal(data[:len(bundleMagic)], bundleMagic) {
		return nil, errors.New("model: not a scanner model bundle")
	}
	n := int(data[len(bundleMagic)])
	if n == 0 || n > MaxBundle {
		return nil, fmt.Errorf("model: bundle of %d models", n)
	}
	r := data[len(bundleMagic)+1:]
	b := &Bundle{}
	for i := 0; i < n; i++ {
		if len(r) < 4 {
			return nil, errors.New("model: truncated bundle")
		}
		size := binary.LittleEndian.Uint32(r)
		r = r[4:]
		if uint64(size) > uint64(len(r)) {
			return nil, errors.New("model: truncated bundle")
		}
		m, err := Parse(r[:size])
		if err != nil {
			return nil, fmt.Errorf("model %d of the bundle: %w", i+1, err)
		}
		b.Models = append(b.Models, m)
		r = r[size:]
	}
	if len(r) != 0 {
		return nil, errors.New("model: bytes after the bundle")
	}
	return b, nil
}
