package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"chaperone/platforms/otp"
	"chaperone/platforms/sandbox"
)

func runSandbox(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "sandbox", "sandbox [--addr 127.0.0.1:8080]")
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve on (loopback only)")
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

	p := sandbox.DemoPersona()
	srv := sandbox.New(p)
	if err := srv.Start(ctx, *addr); err != nil {
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	defer srv.Close()
	fb := p.Facebook
	fmt.Fprintf(env.Stdout, `Chaperone sandbox (a replica for the demo and for tests; nothing here is real)
  Facebook:  %s/login
  Log in as: %s  password: %s
  Second factor: authenticator secret %s (current code: %s)
Audit it from another terminal as if it were your own account:
  printf '%%s\n%%s\n' '%s' '%s' | chaperone account add --platform facebook --user %s --totp --base-url %s
  chaperone audit --platform facebook
(or keep a real account and point it here for one audit: chaperone audit --endpoint facebook=%s)
Press Ctrl+C to stop.
`, srv.URL(), fb.Email, fb.Password, fb.TOTPSecret, currentCode(fb.TOTPSecret),
		fb.Password, fb.TOTPSecret, fb.Email, srv.URL(), srv.URL())
	<-ctx.Done()
	return nil
}

func currentCode(secret string) string {
	code, err := otp.TOTP(secret, timeNow())
	if err != nil {
		return "?"
	}
	return code
}
