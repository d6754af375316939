package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

func runSandbox(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "sandbox", "sandbox [--addr 127.0.0.1:8080]")
	addr := fs.String("addr", "127.0.0.1:8080", "`ADDRESS` of the first site (loopback only); each further site takes the next address and port")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	if err := loopbackOnly(*addr); err != nil {
		return usageErrorf("%v", err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	h := sandbox.NewHost(sandbox.DemoPersona(), env.Replicas...)
	if err := h.Start(ctx, *addr); err != nil {
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	defer h.Close()
	printSandbox(env.Stdout, h)
	<-ctx.Done()
	return nil
}

// printSandbox tells a person where each replica is, how to log in, and
// how to audit it as if it were their own account.
func printSandbox(w io.Writer, h *sandbox.Host) {
	fmt.Fprintln(w, "Chaperone sandbox (replicas for the demo and for tests; nothing here is real)")
	for _, s := range h.Sites() {
		pl := s.Platform()
		url, l := h.URL(pl), s.Login()
		fmt.Fprintf(w, "\n%s: %s\n", pl.DisplayName(), url)
		fmt.Fprintf(w, "  Log in as: %s  password: %s\n", l.User, l.Password)
		add := fmt.Sprintf("printf '%%s\\n' '%s' | chaperone account add --platform %s --user %s --base-url %s", l.Password, pl, l.User, url)
		if l.TOTPSecret != "" {
			fmt.Fprintf(w, "  Second factor: authenticator secret %s (current code: %s)\n", l.TOTPSecret, currentCode(l.TOTPSecret))
			add = fmt.Sprintf("printf '%%s\\n%%s\\n' '%s' '%s' | chaperone account add --platform %s --user %s --totp --base-url %s", l.Password, l.TOTPSecret, pl, l.User, url)
		}
		fmt.Fprintf(w, "  Audit it from another terminal as if it were your own account:\n    %s\n    chaperone audit --platform %s\n", add, pl)
		fmt.Fprintf(w, "  (or keep a real account and point it here for one audit: chaperone audit --endpoint %s=%s)\n", pl, url)
	}
	fmt.Fprintln(w, "\nPress Ctrl+C to stop.")
}

func currentCode(secret string) string {
	code, err := otp.TOTP(secret, timeNow())
	if err != nil {
		return "?"
	}
	return code
}
