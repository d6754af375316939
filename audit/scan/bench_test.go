package scan

import (
	"testing"
)

// benchTexts are the texts of the training splits: realistic posts in
// many voices, lengths and platforms.
func benchTexts(b *testing.B) ([]string, int) {
	var texts []string
	size := 0
	for _, sp := range splits {
		if sp.blind {
			continue
		}
		for _, p := range loadSplit(b, sp) {
			texts = append(texts, p.Text)
			size += len(p.Text)
		}
	}
	return texts, size
}

func benchScan(b *testing.B, mode Mode) {
	sc := defaultScanner(b)
	texts, size := benchTexts(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			sc.AnalyzeMode(t, mode)
		}
	}
	cpu := cpuTime() - c0
	b.ReportMetric(float64(len(texts)*b.N)/b.Elapsed().Seconds(), "posts/s")
	if cpu > 0 {
		// MB/s by the CPU time used: on a loaded machine the wall-clock
		// MB/s counts the time other processes held the core.
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

// BenchmarkScan is the whole pipeline: rules, features and classifier
// (floor: 20 MB/s on one core).
func BenchmarkScan(b *testing.B) { benchScan(b, Mode{}) }

// BenchmarkRules is the rules alone (floor: 50 MB/s on one core).
func BenchmarkRules(b *testing.B) { benchScan(b, Mode{RulesOnly: true}) }
