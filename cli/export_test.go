package cli

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// `chaperone audit --export FILE` audits a data export with no account and
// no browser.
func TestAuditExportFlag(t *testing.T) {
	r := newRun(t, vault.Memory(), "")
	dir := t.TempDir()
	zp := filepath.Join(dir, "linkedin, 2026.zip") // a comma in the path stays one path
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("Connections.csv")
	w.Write([]byte("Notes:\n\"fictional\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAlex,Example,,,,,01 Feb 2025\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "result.json")
	if code := Main(context.Background(), r.env, []string{"audit", "--export", zp, "--format", "json", "--out", out}); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, r.stderr)
	}
	rf, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	res, err := audit.DecodeResult(rf)
	if err != nil {
		t.Fatal(err)
	}
	cov := res.Snapshot.CoverageFor(audit.LinkedIn)
	if cov == nil || cov.Source != audit.SourceExport || len(res.Snapshot.Connections) != 1 {
		t.Fatalf("coverage %+v, %d connections", cov, len(res.Snapshot.Connections))
	}
	if code := Main(context.Background(), r.env, []string{"audit", "--export", filepath.Join(dir, "none.zip")}); code != 1 {
		t.Errorf("missing export: exit %d, want 1", code)
	}
}
