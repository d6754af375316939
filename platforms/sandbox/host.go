// Package sandbox serves local replicas of the social networks Chaperone
// audits, on this computer's loopback addresses from inside the process.
// The demo and the tests run the real audit against them with real
// Chromium, with no account and no internet.
//
// The package is the host and what every replica shares: the fictional
// doctor (Persona), the Site contract and the Host that serves each site
// at the root of its own origin. Each network's replica is a folder of its
// own (sandbox/facebook, ...), built with the toolkit in sandbox/replica.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox/replica"
)

// Login is a replica's demo account.
type Login struct {
	User       string
	Password   string
	TOTPSecret string // base32; "" when the account has no authenticator
}

// Site is one replica network, served at the root of its own origin.
type Site interface {
	Platform() audit.Platform
	http.Handler
	Login() Login
	// Expected is every fact the replica shows now: fact ID -> the
	// normalised value an honest adapter must read.
	Expected() map[string]string
	// Set changes a setting as the doctor would.
	Set(factID, value string) error
	// RenameLabel is drift: the page shows another wording. It reports
	// whether old was a label the site shows.
	RenameLabel(old, renamed string) bool
}

// NewSite builds a replica for persona p; clock is the time for one-time
// codes.
type NewSite func(p *Persona, clock func() time.Time) Site

// Host serves replica sites, each on its own loopback origin.
type Host struct {
	persona *Persona
	sites   []Site

	mu      sync.Mutex
	started bool
	servers []*http.Server
	urls    map[audit.Platform]string
	done    []chan struct{}
}

// NewHost builds one site of each constructor for persona p (DemoPersona()
// when nil). Two sites of one platform are a programming error.
func NewHost(p *Persona, sites ...NewSite) *Host {
	if p == nil {
		p = DemoPersona()
	}
	h := &Host{persona: p, urls: map[audit.Platform]string{}}
	seen := map[audit.Platform]bool{}
	for _, ns := range sites {
		s := ns(p, time.Now)
		if seen[s.Platform()] {
			panic(fmt.Sprintf("sandbox: two %s sites in one host", s.Platform().DisplayName()))
		}
		seen[s.Platform()] = true
		h.sites = append(h.sites, s)
	}
	return h
}

// Start serves every site on its own loopback origin, in the background
// until ctx ends or Close is called. addr "" or "127.0.0.1:0" picks free
// ports; "127.0.0.1:8080" serves the first site on 8080, the next on 8081,
// and so on. Only loopback addresses are accepted: the replicas are for
// this computer alone.
//
// Browsers keep cookies by host name, not by port, so each site after the
// first also gets the next loopback address (127.0.0.2, 127.0.0.3 ...):
// one replica's session cookie is then never sent to another. Where the
// system has only 127.0.0.1 (macOS by default) or addr is IPv6, the sites
// share the address and differ by port alone.
func (h *Host) Start(ctx context.Context, addr string) error {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("sandbox: address %q: %w", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("sandbox: address %q is not a loopback address", addr)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return fmt.Errorf("sandbox: address %q: bad port", addr)
	}
	if port != 0 && port+len(h.sites)-1 > 65535 {
		return fmt.Errorf("sandbox: address %q: no room for %d ports", addr, len(h.sites))
	}
	if len(h.sites) == 0 {
		return errors.New("sandbox: no sites to serve")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.started {
		return errors.New("sandbox: already started")
	}
	var lns []net.Listener
	fail := func(err error) error {
		for _, ln := range lns {
			ln.Close()
		}
		return err
	}
	var lc net.ListenConfig
	for i, s := range h.sites {
		p := 0
		if port != 0 {
			p = port + i
		}
		ln, err := h.listen(ctx, &lc, ip, i, p)
		if err != nil {
			return fail(fmt.Errorf("sandbox: %s: listen: %w", s.Platform().DisplayName(), err))
		}
		lns = append(lns, ln)
	}
	h.started = true
	for i, s := range h.sites {
		srv := &http.Server{Handler: replica.SecurityHeaders(s), ReadHeaderTimeout: 10 * time.Second}
		done := make(chan struct{})
		h.servers = append(h.servers, srv)
		h.done = append(h.done, done)
		h.urls[s.Platform()] = "http://" + lns[i].Addr().String()
		go func(ln net.Listener) {
			defer close(done)
			_ = srv.Serve(ln) // http.ErrServerClosed on Close
		}(lns[i])
	}
	all := h.done
	go func() {
		select {
		case <-ctx.Done():
			_ = h.Close()
		case <-all[0]:
		}
	}()
	return nil
}

// listen opens site i's socket: on the i-th loopback address after ip
// where there is one, else on ip itself.
func (h *Host) listen(ctx context.Context, lc *net.ListenConfig, ip net.IP, i, port int) (net.Listener, error) {
	own := ip
	if v4 := ip.To4(); v4 != nil && i > 0 {
		n := uint32(v4[0])<<24 | uint32(v4[1])<<16 | uint32(v4[2])<<8 | uint32(v4[3])
		n += uint32(i)
		next := net.IPv4(byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		if next.IsLoopback() && next[15] != 255 && next[15] != 0 {
			own = next
		}
	}
	ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(own.String(), strconv.Itoa(port)))
	if err != nil && !own.Equal(ip) && errors.Is(err, syscall.EADDRNOTAVAIL) {
		ln, err = lc.Listen(ctx, "tcp", net.JoinHostPort(ip.String(), strconv.Itoa(port)))
	}
	return ln, err
}

// URL is a site's origin once started, e.g. "http://127.0.0.1:41235"; ""
// if the host has no such site or has not started.
func (h *Host) URL(p audit.Platform) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.urls[p]
}

// Site returns the host's site of a platform, or nil.
func (h *Host) Site(p audit.Platform) Site {
	for _, s := range h.sites {
		if s.Platform() == p {
			return s
		}
	}
	return nil
}

// Sites lists the sites in the order given to NewHost.
func (h *Host) Sites() []Site { return append([]Site(nil), h.sites...) }

// Persona is the persona every site was built from.
func (h *Host) Persona() *Persona { return h.persona }

// Close stops serving every site. It is safe to call more than once.
func (h *Host) Close() error {
	h.mu.Lock()
	servers, done := h.servers, h.done
	h.servers, h.done = nil, nil
	h.mu.Unlock()
	var errs []error
	for i, srv := range servers {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := srv.Shutdown(ctx)
		cancel()
		if err != nil {
			err = srv.Close()
		}
		<-done[i]
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sandbox: close: %w", err)
	}
	return nil
}
