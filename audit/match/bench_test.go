package match

import (
	"context"
	"syscall"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/match/internal/gen"
	"chaperone/audit/watchlist"
)

func largeSet(b *testing.B) ([]watchlist.Person, []audit.Connection) {
	set := gen.Large(7, 50000, 5000)
	people := make([]watchlist.Person, len(set.People))
	for i, p := range set.People {
		people[i] = watchlist.Person{Name: p.Name, BirthYear: p.BirthYear, Place: p.Place}
	}
	conns := make([]audit.Connection, len(set.Conns))
	for i, c := range set.Conns {
		conns[i] = audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: c.Name, Handle: c.Handle, Location: c.Location, Mutual: -1}
	}
	return people, conns
}

// cpuTime is the process's user+system CPU time: on a shared machine the
// wall-clock ns/op includes time spent waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkMatch5kAgainst50k matches 5,000 connections against a built
// index of a 50,000-name watch-list (target: under 200 ms on one core,
// go test -bench Match5k -cpu 1).
func BenchmarkMatch5kAgainst50k(b *testing.B) {
	people, conns := largeSet(b)
	m, err := New(people, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		if _, err := m.MatchAll(context.Background(), conns); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkIndex50k builds the index of a 50,000-name watch-list, which
// happens once per loaded list.
func BenchmarkIndex50k(b *testing.B) {
	people, _ := largeSet(b)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		if _, err := New(people, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkBuildAndMatch5kAgainst50k builds the index of a 50,000-name
// watch-list and matches 5,000 connections against it: what an audit with
// a freshly loaded list costs (target: under 200 ms on one core together,
// go test -bench BuildAndMatch -cpu 1).
func BenchmarkBuildAndMatch5kAgainst50k(b *testing.B) {
	people, conns := largeSet(b)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		m, err := New(people, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.MatchAll(context.Background(), conns); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}
