package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestMain runs main itself when asked to, so that the tests below can
// start the real program.
func TestMain(m *testing.M) {
	if os.Getenv("CHAPERONE_RUN_MAIN") == "1" {
		os.Args = append([]string{"chaperone"}, strings.Fields(os.Getenv("CHAPERONE_MAIN_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// An unknown command or option prints usage and exits 2 at once: it never
// starts the desktop app (with no display given, the app would fail or
// hang instead).
func TestUnknownCommandExitsTwoWithoutTheApp(t *testing.T) {
	for _, args := range []string{"frobnicate", "--frobnicate", "audti --demo", "--background audit"} {
		t.Run(args, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "CHAPERONE_RUN_MAIN=1", "CHAPERONE_MAIN_ARGS="+args,
				"DISPLAY=", "WAYLAND_DISPLAY=", "CHAPERONE_HOME="+t.TempDir())
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 {
				t.Fatalf("exit: %v; stderr:\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "Commands:") {
				t.Fatalf("no usage on stderr:\n%s", stderr.String())
			}
			if stdout.Len() != 0 {
				t.Fatalf("stdout: %s", stdout.String())
			}
		})
	}
}
