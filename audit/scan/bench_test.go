package scan

import (
	"testing"
)

// BenchmarkScan scans the whole labelled corpus per iteration; b.SetBytes
// makes `go test -bench` report MB/s, and posts/s is reported alongside.
func BenchmarkScan(b *testing.B) {
	sc := defaultScanner(b)
	var texts []string
	size := 0
	for _, split := range []string{"train", "test"} {
		for _, l := range loadCorpus(b, split+".jsonl") {
			texts = append(texts, l.Text)
			size += len(l.Text)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			sc.Text(t)
		}
	}
	b.ReportMetric(float64(len(texts)*b.N)/b.Elapsed().Seconds(), "posts/s")
}
