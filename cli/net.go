package cli

import (
	"fmt"
	"net"
	"time"
)

var timeNow = time.Now

// loopbackOnly refuses to serve the sandbox beyond this computer: it is a
// demo with a known password.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %q is not a loopback address (use 127.0.0.1)", addr)
	}
	return nil
}
