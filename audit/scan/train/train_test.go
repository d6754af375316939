package train

import (
	"bytes"
	"testing"

	"chaperone/assets"
	"chaperone/audit/scan"
)

// TestShippedModelReproduces trains on the committed corpus with the
// shipped settings and checks that the result is, byte for byte, the
// model the scanner ships: the weights come from the data and nothing
// else.
func TestShippedModelReproduces(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model (seconds)")
	}
	rules, err := scan.NewRules(assets.FS)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := Load("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(rules, srcs, Default)
	if err != nil {
		t.Fatal(err)
	}
	got, err := res.Model.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want, err := scan.ReadModel(assets.FS)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("training on the committed data gives a %d-byte model that differs from the shipped %d-byte one: run `go run ./audit/scan/cmd/trainscan`", len(got), len(want))
	}
}

// TestLoadRefusesBlind: the training files never include a blind split.
func TestLoadRefusesBlind(t *testing.T) {
	for _, f := range Files {
		if bytes.Contains([]byte(f), []byte("blind")) {
			t.Errorf("training file %s is a blind split", f)
		}
	}
}
