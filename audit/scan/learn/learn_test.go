package learn

import (
	"bytes"
	"math"
	"testing"
)

// toy is a separable problem: feature 1 means head 0, feature 2 head 1.
func toy() ([]Example, [][]bool) {
	var ex []Example
	var y [][]bool
	for i := 0; i < 200; i++ {
		a, b := i%2 == 0, i%3 == 0
		e := Example{Text: []uint32{uint32(100 + i%7)}}
		if a {
			e.Text = append(e.Text, 1)
		}
		if b {
			e.Rule = append(e.Rule, 2)
		}
		ex = append(ex, e)
		y = append(y, []bool{a, b})
	}
	return ex, y
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	for _, avg := range []bool{false, true} {
		testTrain(t, avg)
	}
}

func testTrain(t *testing.T, avg bool) {
	ex, y := toy()
	cfg := Config{Bits: 10, Heads: []string{"a", "b"}, Epochs: 5, Rate: 0.5, L2: 1e-4, Seed: 7, Average: avg}
	w1, err := Train(ex, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w2, _ := Train(ex, y, cfg)
	m1, _ := Quantize(w1, []float64{0, 0}, [32]byte{})
	m2, _ := Quantize(w2, []float64{0, 0}, [32]byte{})
	b1, _ := m1.MarshalBinary()
	b2, _ := m2.MarshalBinary()
	if !bytes.Equal(b1, b2) {
		t.Fatal("two trainings on the same data differ")
	}
	out := make([]float32, 2)
	wrong := 0
	for i, e := range ex {
		m1.Score(e, out)
		for h := range out {
			if (out[h] > 0) != y[i][h] {
				wrong++
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d wrong answers on a separable problem", wrong)
	}
	// The quantised score is close to the float one.
	f := make([]float64, 2)
	for _, e := range ex[:20] {
		w1.Score(e, f)
		m1.Score(e, out)
		for h := range f {
			if math.Abs(f[h]-float64(out[h])) > 0.01*math.Max(1, math.Abs(f[h])) {
				t.Fatalf("quantised %v vs float %v", out, f)
			}
		}
	}
}

func TestParseRoundTripAndRejects(t *testing.T) {
	ex, y := toy()
	w, _ := Train(ex, y, Config{Bits: 8, Heads: []string{"a", "b"}, Epochs: 1, Rate: 0.1, Seed: 1})
	m, _ := Quantize(w, []float64{0.5, math.Inf(1)}, [32]byte{1, 2, 3})
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalBinary()
	if !bytes.Equal(data, again) {
		t.Fatal("round trip changed the model")
	}
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("XXXXXXXX"), data[8:]...),
		"truncated": data[:len(data)-10],
		"flipped":   append(append([]byte(nil), data[:60]...), append([]byte{data[60] ^ 1}, data[61:]...)...),
	} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%s: Parse accepted a bad file", name)
		}
	}
}

func TestThreshold(t *testing.T) {
	cut, f := Threshold([]float64{3, 2, 1, 0, -1}, []bool{true, true, false, true, false}, 1)
	if f < 0.85 || cut >= 2 || cut <= -1 {
		t.Errorf("cut %v F %v", cut, f)
	}
	if cut, _ := Threshold([]float64{1}, []bool{false}, 1); !math.IsInf(cut, 1) {
		t.Errorf("no positives: cut %v, want +Inf", cut)
	}
}

func FuzzParse(f *testing.F) {
	ex, y := toy()
	w, err := Train(ex, y, Config{Bits: 8, Heads: []string{"a", "b"}, Epochs: 1, Rate: 0.1, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	m, _ := Quantize(w, []float64{0, 0}, [32]byte{})
	data, _ := m.MarshalBinary()
	f.Add(data)
	f.Add([]byte("CHSCANM1"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		if len(m.W) != (1<<m.Bits)*len(m.Heads) {
			t.Fatalf("inconsistent model accepted")
		}
		out := make([]float32, len(m.Heads))
		m.Score(Example{Text: []uint32{0, 1 << 31}, Rule: []uint32{12345}}, out)
	})
}

func TestBundle(t *testing.T) {
	ex, y := toy()
	w, _ := Train(ex, y, Config{Bits: 8, Heads: []string{"a", "b"}, Epochs: 1, Rate: 0.1, Seed: 1})
	m, _ := Quantize(w, []float64{0, 1}, [32]byte{9})
	b := &Bundle{Models: []*Model{m, m}}
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseBundle(data)
	if err != nil || len(back.Models) != 2 {
		t.Fatalf("round trip: %v", err)
	}
	for name, bad := range map[string][]byte{"short": data[:len(data)-1], "long": append(append([]byte(nil), data...), 0), "count": append(append([]byte(nil), data[:8]...), append([]byte{9}, data[9:]...)...)} {
		if _, err := ParseBundle(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseBundle(f *testing.F) {
	ex, y := toy()
	w, _ := Train(ex, y, Config{Bits: 8, Heads: []string{"a", "b"}, Epochs: 1, Rate: 0.1, Seed: 1})
	m, _ := Quantize(w, []float64{0, 0}, [32]byte{})
	data, _ := (&Bundle{Models: []*Model{m}}).MarshalBinary()
	f.Add(data)
	f.Add([]byte("CHSCANB1\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBundle(data)
		if err == nil && (len(b.Models) == 0 || len(b.Models) > MaxBundle) {
			t.Fatal("bad bundle accepted")
		}
	})
}

// TestUnrolledScoresMatch: the unrolled sums give what the plain loop
// gives, for every head count.
func TestUnrolledScoresMatch(t *testing.T) {
	for _, H := range []int{1, 3, 5, 8, 9} {
		m := &Model{Bits: 8, W: make([]int16, 256*H)}
		for i := range m.W {
			m.W[i] = int16(i*7919 - 40000)
		}
		for h := 0; h < H; h++ {
			m.Heads = append(m.Heads, Head{Name: "h", Scale: 0.001, Bias: 0.5})
		}
		e := Example{Text: []uint32{1, 2, 3, 300, 77777}, Rule: []uint32{5, 5, 9}}
		got := make([]float32, H)
		m.Score(e, got)
		v := textScale(len(e.Text))
		for h := 0; h < H; h++ {
			var text, rule int64
			for _, f := range e.Text {
				text += int64(m.W[int(f&255)*H+h])
			}
			for _, f := range e.Rule {
				rule += int64(m.W[int(f&255)*H+h])
			}
			want := 0.5 + 0.001*float32(float64(text)*v+float64(rule))
			if math.Abs(float64(got[h]-want)) > 1e-4 {
				t.Errorf("H=%d head %d: %v, want %v", H, h, got[h], want)
			}
		}
	}
}
