package match

import (
	"errors"
	"strings"
	"testing"

	"chaperone/audit/csvquote"
)

func TestReadConnectionsRefusesAnUnclosedQuote(t *testing.T) {
	in := "First Name,Last Name,URL\nAlex,Example,https://example.invalid/a\n\"Sam,Sample,https://example.invalid/s\nJo,Bloggs,https://example.invalid/j\n"
	_, err := ReadConnections(strings.NewReader(in))
	if !errors.Is(err, csvquote.ErrUnterminated) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("got %v, want an unclosed quote on line 3", err)
	}
	if strings.Contains(err.Error(), "Sam") || strings.Contains(err.Error(), "Bloggs") {
		t.Fatal("the error repeats the file's content")
	}
	// A stray quote inside a name is still read.
	conns, err := ReadConnections(strings.NewReader("name\nPat O\"Brien\n"))
	if err != nil || len(conns) != 1 || conns[0].Name != "Pat O\"Brien" {
		t.Fatalf("stray quote: %+v, %v", conns, err)
	}
}
