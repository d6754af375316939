package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSmokeRealWindow builds the real binary, starts it on the X display
// with an empty data directory, waits for its "Chaperone" window and checks
// that a screenshot of it is not blank. It needs an X server (make test runs
// it under xvfb-run) plus xwininfo (x11-utils) and import (imagemagick); it
// is skipped only in -short runs or when there is no display and
// CHAPERONE_SKIP_GUI=1.
func TestSmokeRealWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the real app; skipped in -short runs")
	}
	display := os.Getenv("DISPLAY")
	if display == "" {
		if os.Getenv("CHAPERONE_SKIP_GUI") == "1" {
			t.Skip("no X display and CHAPERONE_SKIP_GUI=1")
		}
		t.Fatal("no X display: run under xvfb-run (make test does), or set CHAPERONE_SKIP_GUI=1 to skip")
	}
	for _, tool := range []string{"xwininfo", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to find and photograph the window (apt-get install x11-utils imagemagick): %v", tool, err)
		}
	}

	tmp := t.TempDir()
	bin := filepath.Join(tmp, "chaperone")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	build := exec.CommandContext(ctx, goTool(), "build", "-o", bin, ".")
	build.Dir = ".." // the module root, where main.go wires the app
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	home := filepath.Join(tmp, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "CHAPERONE_HOME="+home)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()

	started := time.Now()
	id, err := waitForWindow(ctx, Title, exited)
	if err != nil {
		t.Fatalf("%v\nstderr of the app:\n%s", err, stderr.String())
	}
	t.Logf("window %s appeared after %v", id, time.Since(started).Round(10*time.Millisecond))

	// The window may be mapped before its first frame is drawn: give it a
	// few tries before calling it blank.
	shot := filepath.Join(tmp, "window.png")
	var detail float64
	var shotErr error
	for try := 0; try < 40; try++ {
		time.Sleep(250 * time.Millisecond)
		// import fails while the window is not yet viewable.
		if out, err := exec.CommandContext(ctx, "import", "-window", id, shot).CombinedOutput(); err != nil {
			shotErr = fmt.Errorf("screenshot: %v\n%s", err, out)
			continue
		}
		img, err := readPNG(shot)
		if err != nil {
			t.Fatal(err)
		}
		shotErr = nil
		if detail = nonBackground(img); detail > 0.01 {
			break
		}
	}
	if shotErr != nil {
		t.Fatal(shotErr)
	}
	t.Logf("%.1f%% of the window differs from its background", detail*100)
	if detail <= 0.01 {
		t.Fatalf("the window looks blank (%.2f%% drawn); screenshot kept at %s", detail*100, keepShot(shot))
	}

	select {
	case err := <-exited:
		t.Fatalf("the app quit by itself: %v\n%s", err, stderr.String())
	default:
	}
}

// goTool is the go command: on the PATH, or beside the test's own toolchain
// (go test puts GOROOT in the environment).
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	if root := os.Getenv("GOROOT"); root != "" {
		return filepath.Join(root, "bin", "go")
	}
	return "go"
}

var windowLine = regexp.MustCompile(`^\s*(0x[0-9a-f]+) "([^"]*)"`)

// waitForWindow polls the X window tree for a window with exactly the given
// title and returns its id.
func waitForWindow(ctx context.Context, title string, exited <-chan error) (string, error) {
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return "", fmt.Errorf("the app exited before showing a window: %v", err)
		case <-ctx.Done():
			return "", ctx.Err()
		default:
		}
		out, err := exec.CommandContext(ctx, "xwininfo", "-root", "-tree").Output()
		if err != nil {
			return "", fmt.Errorf("xwininfo: %w", err)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if m := windowLine.FindStringSubmatch(line); m != nil && m[2] == title && !strings.Contains(line, "1x1+") {
				return m[1], nil
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	return "", fmt.Errorf("no window titled %q within 90s", title)
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("reading screenshot %s: %w", path, err)
	}
	return img, nil
}

// nonBackground is the share of pixels that differ clearly from the most
// common colour: 0 for a blank window.
func nonBackground(img image.Image) float64 {
	b := img.Bounds()
	counts := map[[3]uint8]int{}
	total := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[[3]uint8{uint8(r >> 10), uint8(g >> 10), uint8(bl >> 10)}]++ // 6 bits a channel absorbs anti-aliasing noise
			total++
		}
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	if total == 0 {
		return 0
	}
	return float64(total-most) / float64(total)
}

// keepShot copies a failing screenshot under testdata/failed for a look.
func keepShot(shot string) string {
	data, err := os.ReadFile(shot)
	if err != nil {
		return shot
	}
	dst := filepath.Join("testdata", "failed", "smoke.png")
	if os.MkdirAll(filepath.Dir(dst), 0o755) != nil || os.WriteFile(dst, data, 0o644) != nil {
		return shot
	}
	return dst
}

func TestNonBackground(t *testing.T) {
	blank := image.NewRGBA(image.Rect(0, 0, 100, 100))
	drawn := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 30; x++ {
			drawn.Pix[drawn.PixOffset(x, y)] = 0xff // a red band over a third
		}
	}
	tests := []struct {
		name string
		img  image.Image
		min  float64
		max  float64
	}{
		{"blank", blank, 0, 0},
		{"drawn", drawn, 0.25, 0.35},
		{"empty", image.NewRGBA(image.Rect(0, 0, 0, 0)), 0, 0},
	}
	for _, tt := range tests {
		if got := nonBackground(tt.img); got < tt.min || got > tt.max {
			t.Errorf("%s: %v, want %v..%v", tt.name, got, tt.min, tt.max)
		}
	}
}
