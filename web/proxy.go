package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the caller's address, as the audit record and the sign-in
// throttle see it. X-Forwarded-For (RFC 7239 section 5.2 describes its
// successor) is believed only from a configured proxy, and then only as far
// as the chain runs through configured proxies: the rightmost address that
// is not one is the client, since anything to its left the client wrote
// itself. Without configured proxies the header is ignored, so that an
// attacker cannot pose as any address they like.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(s.opts.TrustedProxies) == 0 || !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			return host // a malformed chain: believe none of it
		}
		if !s.trusted(hop) {
			return hop
		}
		host = hop
	}
	return host
}

// trusted reports whether addr is one of the configured proxies.
func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}
