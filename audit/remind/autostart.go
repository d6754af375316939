package remind

import (
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// AppID names the login entry on every system.
const AppID = "uk.chaperone.app"

// BackgroundFlag is the argument the login entry starts Chaperone with: no
// window, just the tray and the reminder.
const BackgroundFlag = "--background"

// Autostart is the opt-in "start at login" entry. Linux uses an XDG
// autostart .desktop file, macOS a LaunchAgent plist, Windows a value under
// the current user's Run key.
type Autostart struct {
	GOOS string
	// Home is the user's home directory (macOS).
	Home string
	// ConfigHome is $XDG_CONFIG_HOME, or ~/.config when unset (Linux).
	ConfigHome string
	// Exe and Args are what the entry runs.
	Exe  string
	Args []string
}

// NewAutostart is the entry for this system that runs exe with args.
func NewAutostart(exe string, args ...string) (*Autostart, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, fmt.Errorf("start at login: %w", err)
	}
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" || !filepath.IsAbs(cfg) {
		cfg = filepath.Join(home, ".config")
	}
	return &Autostart{GOOS: runtime.GOOS, Home: home, ConfigHome: cfg, Exe: exe, Args: args}, nil
}

// Path is the file the entry lives in; on Windows, a registry path.
func (a *Autostart) Path() string {
	switch a.GOOS {
	case "darwin":
		return filepath.Join(a.Home, "Library", "LaunchAgents", AppID+".plist")
	case "windows":
		return `HKCU\` + runKey + `\Chaperone`
	}
	return filepath.Join(a.ConfigHome, "autostart", AppID+".desktop")
}

// Enable writes the entry.
func (a *Autostart) Enable() error {
	if a.Exe == "" || !filepath.IsAbs(a.Exe) {
		return fmt.Errorf("start at login: need the absolute path of the program, got %q", a.Exe)
	}
	var data []byte
	switch a.GOOS {
	case "windows":
		return setRunKey("Chaperone", RunKeyCommand(a.Exe, a.Args))
	case "darwin":
		data = LaunchAgentPlist(AppID, a.Exe, a.Args)
	default:
		data = DesktopEntry(a.Exe, a.Args)
	}
	path := a.Path()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	return nil
}

// Disable removes the entry; removing one that is not there is fine.
func (a *Autostart) Disable() error {
	if a.GOOS == "windows" {
		return deleteRunKey("Chaperone")
	}
	if err := os.Remove(a.Path()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("stop starting at login: %w", err)
	}
	return nil
}

// Enabled reports whether the entry exists.
func (a *Autostart) Enabled() (bool, error) {
	if a.GOOS == "windows" {
		return hasRunKey("Chaperone")
	}
	_, err := os.Stat(a.Path())
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// DesktopEntry is an XDG autostart file (Desktop Entry Specification 1.5)
// that runs exe with args at login.
func DesktopEntry(exe string, args []string) []byte {
	var b strings.Builder
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Version=1.5\n")
	b.WriteString("Name=Chaperone\n")
	b.WriteString("Comment=Reminds you when your social-media self-audit is due\n")
	b.WriteString("Exec=" + desktopExec(append([]string{exe}, args...)) + "\n")
	b.WriteString("Icon=" + AppID + "\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("NoDisplay=true\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	return []byte(b.String())
}

// desktopExec quotes an Exec line: arguments with reserved characters in
// double quotes with ", `, $ and \ escaped, and % doubled (field codes).
func desktopExec(argv []string) string {
	var parts []string
	for _, a := range argv {
		a = strings.ReplaceAll(a, "%", "%%")
		if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
			parts = append(parts, a)
			continue
		}
		r := strings.NewReplacer(`\`, `\\\\`, `"`, `\\"`, "`", "\\\\`", "$", `\\$`)
		parts = append(parts, `"`+r.Replace(a)+`"`)
	}
	return strings.Join(parts, " ")
}

// LaunchAgentPlist is a per-user LaunchAgent that runs exe with args at
// login.
func LaunchAgentPlist(label, exe string, args []string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString(`<plist version="1.0">` + "\n<dict>\n")
	b.WriteString("\t<key>Label</key>\n\t<string>" + html.EscapeString(label) + "</string>\n")
	b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, a := range append([]string{exe}, args...) {
		b.WriteString("\t\t<string>" + html.EscapeString(a) + "</string>\n")
	}
	b.WriteString("\t</array>\n")
	b.WriteString("\t<key>RunAtLoad</key>\n\t<true/>\n")
	b.WriteString("\t<key>ProcessType</key>\n\t<string>Interactive</string>\n")
	b.WriteString("</dict>\n</plist>\n")
	return []byte(b.String())
}

// runKey is the current user's Run key.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

// RunKeyCommand is the Run-key value: a command line with Windows quoting
// (CommandLineToArgvW rules).
func RunKeyCommand(exe string, args []string) string {
	parts := []string{`"` + exe + `"`}
	for _, a := range args {
		parts = append(parts, windowsQuote(a))
	}
	return strings.Join(parts, " ")
}

func windowsQuote(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\"") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, c := range a {
		switch c {
		case '\\':
			slashes++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			b.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		b.WriteRune(c)
	}
	b.WriteString(strings.Repeat(`\`, 2*slashes))
	b.WriteByte('"')
	return b.String()
}
