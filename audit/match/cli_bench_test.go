package match

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"chaperone/audit/watchlist"
)

// peakHeap samples the heap while fn runs and returns the most it grew
// above what was live before.
func peakHeap(fn func()) float64 {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var top uint64
		var ms runtime.MemStats
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				peak <- top
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				top = max(top, ms.HeapAlloc)
			}
		}
	}()
	fn()
	close(stop)
	top := <-peak
	return float64(top-min(top, before.HeapAlloc)) / (1 << 20)
}

// BenchmarkMatchCommand runs `chaperone match` on a 20,000-person list
// and 200,000 connections, writing JSON or text to a discarding writer.
// peak-MB is the most the heap grew, inputs included. Its peer,
// "whole-document", builds the old indented document in memory first,
// as the command did before it streamed.
func BenchmarkMatchCommand(b *testing.B) {
	people, conns := benchSet(20000, 200000)
	var wl bytes.Buffer
	wl.WriteString("name,year of birth,town\n")
	for _, p := range people {
		fmt.Fprintf(&wl, "%q,%d,%q\n", p.Name, p.BirthYear, p.Place)
	}
	var cs bytes.Buffer
	enc := json.NewEncoder(&cs)
	for _, c := range conns {
		enc.Encode(map[string]string{"name": c.Name, "handle": c.Handle, "location": c.Location})
	}
	for _, format := range []string{"json", "text", "whole-document"} {
		b.Run(format, func(b *testing.B) {
			var peak float64
			start := cpuTime()
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					var err error
					if format == "whole-document" {
						err = wholeDocument(bytes.NewReader(wl.Bytes()), bytes.NewReader(cs.Bytes()), io.Discard)
					} else {
						err = RunCLI(context.Background(), bytes.NewReader(wl.Bytes()), bytes.NewReader(cs.Bytes()), format, io.Discard)
					}
					if err != nil {
						b.Fatal(err)
					}
				}))
			}
			reportCPU(b, start)
			b.ReportMetric(peak, "peak-MB")
		})
	}
}

// wholeDocument is how the command wrote JSON before: every candidate
// with its reasons in memory, then one indented document.
func wholeDocument(wlr, cr io.Reader, w io.Writer) error {
	people, err := watchlist.ParseCSV(wlr)
	if err != nil {
		return err
	}
	conns, err := ReadConnections(cr)
	if err != nil {
		return err
	}
	m, err := New(people, Options{})
	if err != nil {
		return err
	}
	cands, err := m.MatchAll(context.Background(), conns)
	if err != nil {
		return err
	}
	out := struct {
		Candidates []jsonCandidate `json:"candidates"`
	}{}
	for _, c := range cands {
		out.Candidates = append(out.Candidates, jsonCandidate{conns[c.Conn], c.Person, round2(c.Score), c.Reasons})
	}
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(out)
}

// TestMatchCommandStreams checks that the output is written while the
// candidates are being explained, not gathered first: the writer sees the
// first candidate before the last is explained.
func TestMatchCommandStreams(t *testing.T) {
	var wl strings.Builder
	wl.WriteString("name\n")
	var cs strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&wl, "Person%c%c Surname%c%c\n", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i%7)
	}
	people, _ := watchlist.ParseCSV(strings.NewReader(wl.String()))
	for _, p := range people {
		fmt.Fprintf(&cs, "{\"name\": %q}\n", p.Name)
	}
	for _, format := range []string{"json", "text"} {
		w := &countingWriter{}
		if err := RunCLI(context.Background(), strings.NewReader(wl.String()), strings.NewReader(cs.String()), format, w); err != nil {
			t.Fatal(err)
		}
		if w.writes < 10 {
			t.Errorf("%s: %d writes of %d bytes: the output was not streamed", format, w.writes, w.n)
		}
		if w.largest > 64<<10 {
			t.Errorf("%s: a write of %d bytes, more than the buffer", format, w.largest)
		}
	}
}

type countingWriter struct{ writes, n, largest int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.n += len(p)
	w.largest = max(w.largest, len(p))
	return len(p), nil
}
