// Package learn is a multi-label logistic regression over hashed sparse
// features: trained deterministically (the same data gives the same bytes
// on every machine), stored compactly (16-bit weights) and scored with
// integer sums, so that scoring a post costs one table read per feature.
package learn

import (
	"fmt"
	"math"
	"sort"
)

// Example is one post's features, as 32-bit hashes (the model keeps the
// low Bits of each). Text features (words, character n-grams) are scaled
// by len(Text)^-0.375, so a long post does not score higher for its
// length alone, yet one sentence of misconduct in a long post is not
// drowned by the rest (on held-out writers powers from 1/3 to 0.4 beat
// the square root, which weighs a 100-word post's every word a third of
// a 10-word post's); Rule features (what the explainable rules found) count 1
// each.
type Example struct {
	Text []uint32
	Rule []uint32
}

// textScale is the value of each text feature of an example. A post of
// a few words is scaled as one of minText features, so that one emoji or
// one word cannot weigh as much as a whole post's worth of evidence.
func textScale(n int) float64 {
	if n == 0 {
		return 0
	}
	// n^0.375 = n^0.25 * n^0.125, from square roots alone: IEEE rounds
	// each exactly, so the scale has the same bits on every machine.
	q := math.Sqrt(math.Sqrt(float64(max(n, minText))))
	return 1 / float64(q*math.Sqrt(q))
}

// minText is the fewest text features an example is scaled for (about
// three words' worth).
const minText = 24

// Config sets up training.
type Config struct {
	Bits   uint     // log2 of the number of weight rows
	Heads  []string // one binary output per name
	Epochs int
	Rate   float64 // AdaGrad base learning rate
	L2     float64 // L2 penalty per update on the weights touched
	Seed   uint64  // order of the examples
	// PosWeight scales the loss of positive examples per head (1 when
	// absent): positives are rare, and a missed patient costs more than
	// a second look.
	PosWeight []float64
	// Average returns the mean of the weights after each epoch of the
	// second half, rather than the last ones: steadier on voices the
	// model has not read.
	Average bool
}

// Validate reports a configuration that cannot train.
func (c Config) Validate() error {
	switch {
	case c.Bits < 8 || c.Bits > 24:
		return fmt.Errorf("bits %d outside 8..24", c.Bits)
	case len(c.Heads) == 0 || len(c.Heads) > MaxHeads:
		return fmt.Errorf("%d heads, want 1..%d", len(c.Heads), MaxHeads)
	case c.Epochs < 1 || c.Rate <= 0 || c.L2 < 0:
		return fmt.Errorf("epochs %d, rate %g, l2 %g: invalid", c.Epochs, c.Rate, c.L2)
	case c.PosWeight != nil && len(c.PosWeight) != len(c.Heads):
		return fmt.Errorf("%d positive weights for %d heads", len(c.PosWeight), len(c.Heads))
	}
	return nil
}

// MaxHeads bounds the outputs of one model.
const MaxHeads = 16

// Weights is a trained model before quantisation, in float64.
type Weights struct {
	Bits  uint
	Heads []string
	Bias  []float64
	W     []float64 // row-major: W[row*len(Heads)+head]
}

// Train fits one logistic regression per head by AdaGrad over the
// examples, in an order fixed by cfg.Seed. y[i][h] is example i's target
// for head h. Every product is rounded explicitly (float64(...)), so no
// compiler may fuse a multiply-add and the result is bit-identical on
// every architecture.
func Train(ex []Example, y [][]bool, cfg Config) (*Weights, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(ex) != len(y) {
		return nil, fmt.Errorf("%d examples, %d targets", len(ex), len(y))
	}
	H := len(cfg.Heads)
	for i := range y {
		if len(y[i]) != H {
			return nil, fmt.Errorf("example %d has %d targets, want %d", i, len(y[i]), H)
		}
	}
	rows := 1 << cfg.Bits
	mask := uint32(rows - 1)
	w := &Weights{Bits: cfg.Bits, Heads: append([]string(nil), cfg.Heads...), Bias: make([]float64, H), W: make([]float64, rows*H)}
	g2 := make([]float64, rows*H)
	bg2 := make([]float64, H)
	pos := make([]float64, H)
	for h := range pos {
		pos[h] = 1
		if cfg.PosWeight != nil {
			pos[h] = cfg.PosWeight[h]
		}
	}
	// The bias starts at each head's prior log-odds, so that it, not the
	// weights of common n-grams, carries the base rate: otherwise a post
	// with few words lacks that mass and scores near the prior of a
	// positive.
	for h := 0; h < H; h++ {
		n := 0.0
		for i := range y {
			if y[i][h] {
				n += pos[h]
			}
		}
		q := (n + 0.5) / (n + float64(len(y)-int(n/pos[h])) + 1)
		w.Bias[h] = math.Log(q / (1 - q))
	}
	order := make([]int, len(ex))
	for i := range order {
		order[i] = i
	}
	rng := splitmix(cfg.Seed)
	z := make([]float64, H)
	grad := make([]float64, H)
	const eps = 1e-8
	var avg, avgB []float64
	navg := 0
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- {
			j := int(rng.next() % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, k := range order {
			e := ex[k]
			v := textScale(len(e.Text))
			copy(z, w.Bias)
			for _, f := range e.Text {
				row := w.W[int(f&mask)*H:][:H]
				for h := range z {
					z[h] += float64(row[h] * v)
				}
			}
			for _, f := range e.Rule {
				row := w.W[int(f&mask)*H:][:H]
				for h := range z {
					z[h] += row[h]
				}
			}
			for h := range z {
				p := sigmoid(z[h])
				if y[k][h] {
					grad[h] = float64((p - 1) * pos[h])
				} else {
					grad[h] = p
				}
				bg2[h] += float64(grad[h] * grad[h])
				w.Bias[h] -= float64(cfg.Rate*grad[h]) / (math.Sqrt(bg2[h]) + eps)
			}
			update := func(f uint32, x float64) {
				base := int(f&mask) * H
				row, acc := w.W[base:][:H], g2[base:][:H]
				for h := range row {
					gr := float64(grad[h]*x) + float64(cfg.L2*row[h])
					acc[h] += float64(gr * gr)
					row[h] -= float64(cfg.Rate*gr) / (math.Sqrt(acc[h]) + eps)
				}
			}
			for _, f := range e.Text {
				update(f, v)
			}
			for _, f := range e.Rule {
				update(f, 1)
			}
		}
		if cfg.Average && epoch >= cfg.Epochs/2 {
			if avg == nil {
				avg, avgB = make([]float64, len(w.W)), make([]float64, H)
			}
			for i, x := range w.W {
				avg[i] += x
			}
			for h, x := range w.Bias {
				avgB[h] += x
			}
			navg++
		}
	}
	if navg > 0 {
		for i := range avg {
			w.W[i] = avg[i] / float64(navg)
		}
		for h := range avgB {
			w.Bias[h] = avgB[h] / float64(navg)
		}
	}
	return w, nil
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// Logit is a probability's log-odds, the scale thresholds are kept in.
func Logit(p float64) float64 { return math.Log(p / (1 - p)) }

// Sigmoid is the probability of log-odds z.
func Sigmoid(z float64) float64 { return sigmoid(z) }

// Score is the log-odds of every head for e under the float weights
// (used for out-of-fold scores while training).
func (w *Weights) Score(e Example, out []float64) {
	H := len(w.Heads)
	mask := uint32(1<<w.Bits - 1)
	v := textScale(len(e.Text))
	copy(out, w.Bias)
	for _, f := range e.Text {
		row := w.W[int(f&mask)*H:][:H]
		for h := 0; h < H; h++ {
			out[h] += float64(row[h] * v)
		}
	}
	for _, f := range e.Rule {
		row := w.W[int(f&mask)*H:][:H]
		for h := 0; h < H; h++ {
			out[h] += row[h]
		}
	}
}

// splitmix is a small PRNG whose sequence is fixed by its seed forever
// (unlike a library generator, which may change between releases).
type splitmixState struct{ s uint64 }

func splitmix(seed uint64) *splitmixState { return &splitmixState{seed} }

func (r *splitmixState) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Threshold picks the log-odds cut for one head from held-out scores:
// the one with the best F-beta (beta > 1 weighs recall more), the midpoint
// between neighbouring scores so that it does not sit on one example.
func Threshold(scores []float64, truth []bool, beta float64) (cut, fbeta float64) {
	type sv struct {
		s float64
		y bool
	}
	all := make([]sv, len(scores))
	npos := 0
	for i := range scores {
		all[i] = sv{scores[i], truth[i]}
		if truth[i] {
			npos++
		}
	}
	if npos == 0 {
		return math.Inf(1), 0
	}
	sort.Slice(all, func(i, j int) bool { return all[i].s > all[j].s })
	b2 := beta * beta
	best, bestCut := -1.0, 0.0
	tp, fp := 0, 0
	for i, x := range all {
		if x.y {
			tp++
		} else {
			fp++
		}
		if i+1 < len(all) && all[i+1].s == x.s {
			continue
		}
		p := float64(tp) / float64(tp+fp)
		r := float64(tp) / float64(npos)
		f := 0.0
		if p+r > 0 {
			f = (1 + b2) * p * r / (b2*p + r)
		}
		if f > best {
			best = f
			if i+1 < len(all) {
				bestCut = (x.s + all[i+1].s) / 2
			} else {
				bestCut = x.s - 1
			}
		}
	}
	return bestCut, best
}
