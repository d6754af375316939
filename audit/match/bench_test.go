package match

import (
	"context"
	"testing"

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

// BenchmarkMatch5kAgainst50k: 5,000 connections against a 50,000-name
// watch-list, index building included (the target is under 200 ms on one
// core: go test -bench Match5k -cpu 1).
func BenchmarkMatch5kAgainst50k(b *testing.B) {
	people, conns := largeSet(b)
	b.ResetTimer()
	for b.Loop() {
		m, err := New(people, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.MatchAll(context.Background(), conns); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndex50k is the index-building part alone.
func BenchmarkIndex50k(b *testing.B) {
	people, _ := largeSet(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := New(people, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
