package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"chaperone/audit"
	"chaperone/platforms/account"
)

func runAccount(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageErrorf("account add|list|remove (see chaperone account add --help)")
	}
	dataDir, err := env.DataDir()
	if err != nil {
		return err
	}
	store := account.Open(dataDir, env.Keyring)
	switch args[0] {
	case "add":
		return accountAdd(env, store, args[1:])
	case "list":
		return accountList(env, store, args[1:])
	case "remove", "rm":
		return accountRemove(env, store, args[1:])
	}
	return usageErrorf("unknown account command %q (add, list or remove)", args[0])
}

func accountAdd(env Env, store *account.Store, args []string) error {
	fs := newFlags(env, "account add", "account add --platform P --user U [--totp] [--base-url URL] < password")
	platform := fs.String("platform", "", "the `PLATFORM`: facebook, instagram, x, linkedin, tiktok or whatsapp")
	user := fs.String("user", "", "the email, phone or handle you log in with (`USER`)")
	totp := fs.Bool("totp", false, "also read a second line from standard input: the authenticator-app secret (base32), so the app can answer two-factor itself")
	noPassword := fs.Bool("no-password", false, "save the account without a password (log in through the app's browser window instead)")
	baseURL := fs.String("base-url", "", "audit a replica at this base `URL` instead of the real site")
	if err := parse(fs, args); err != nil {
		return err
	}
	p := audit.Platform(strings.ToLower(*platform))
	if err := account.Validate(p, *user); err != nil {
		return usageErrorf("%v", err)
	}
	if !env.live(p) {
		return notLive(p)
	}
	var password, secret string
	if !*noPassword {
		// The password comes from standard input so that it never appears
		// in the shell history or the process list.
		r := bufio.NewReader(env.Stdin)
		var err error
		password, err = readLine(r)
		if err != nil {
			return fmt.Errorf("reading the password from standard input: %w", err)
		}
		if password == "" {
			return usageErrorf("no password on standard input (or use --no-password)")
		}
		if *totp {
			secret, err = readLine(r)
			if err != nil || secret == "" {
				return usageErrorf("--totp: no authenticator secret on the second line of standard input")
			}
		}
	}
	// Secrets first: if the keyring is locked we stop before recording an
	// account the app could not log in to.
	if password != "" {
		if err := store.SetPassword(p, *user, password); err != nil {
			return err
		}
	}
	if secret != "" {
		if err := store.SetTOTPSecret(p, *user, secret); err != nil {
			return err
		}
	}
	if err := store.Add(account.Account{Platform: p, User: *user, Origin: *baseURL}); err != nil {
		return err
	}
	how := "password saved in the OS keyring"
	if password == "" {
		how = "no password saved"
	}
	fmt.Fprintf(env.Stdout, "Added %s account %s (%s).\n", p.DisplayName(), *user, how)
	return nil
}

func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func accountList(env Env, store *account.Store, args []string) error {
	fs := newFlags(env, "account list", "account list")
	if err := parse(fs, args); err != nil {
		return err
	}
	list, err := store.List()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "No accounts yet. Add one with: chaperone account add --platform facebook --user YOU@EXAMPLE.ORG")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PLATFORM\tUSER\tPASSWORD\tADDED")
	for _, a := range list {
		pw := "not saved"
		switch ok, err := store.HasPassword(a.Platform, a.User); {
		case err != nil:
			pw = "keyring unavailable"
		case ok:
			pw = "in keyring"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Platform.DisplayName(), a.User, pw, a.Added.Local().Format("2006-01-02"))
	}
	return tw.Flush()
}

func accountRemove(env Env, store *account.Store, args []string) error {
	fs := newFlags(env, "account remove", "account remove --platform P --user U")
	platform := fs.String("platform", "", "the account's `PLATFORM`")
	user := fs.String("user", "", "the account's user name (`USER`)")
	if err := parse(fs, args); err != nil {
		return err
	}
	p := audit.Platform(strings.ToLower(*platform))
	if err := account.Validate(p, *user); err != nil {
		return usageErrorf("%v", err)
	}
	if err := store.Remove(p, *user); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Removed %s account %s, its saved password and its browser session.\n", p.DisplayName(), *user)
	return nil
}
