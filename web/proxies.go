package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// trustedProxies are the reverse proxies whose X-Forwarded-For and
// X-Forwarded-Proto headers are believed (Options.TrustedProxies). With
// none, forwarding headers are ignored and every client behind a proxy
// shares the proxy's address.
type trustedProxies []netip.Prefix

// trusts reports whether addr is a trusted proxy.
func (t trustedProxies) trusts(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range t {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// peer returns the address of the TCP peer of r.
func peer(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return a.Unmap(), err == nil
}

// fromProxy reports whether r came straight from a trusted proxy.
func (t trustedProxies) fromProxy(r *http.Request) bool {
	a, ok := peer(r)
	return ok && len(t) > 0 && t.trusts(a)
}

// clientIP returns the client's address: the peer, or behind trusted
// proxies the right-most X-Forwarded-For entry that is not a trusted proxy
// (the entries left of it could be forged by the client).
func (t trustedProxies) clientIP(r *http.Request) string {
	a, ok := peer(r)
	if !ok {
		return r.RemoteAddr
	}
	if len(t) == 0 || !t.trusts(a) {
		return a.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed entry: trust nothing left of it
		}
		if h = h.Unmap(); !t.trusts(h) {
			return h.String()
		}
		a = h
	}
	return a.String()
}

// https reports whether the client reached us over HTTPS: directly, or
// through a trusted proxy that says so in X-Forwarded-Proto.
func (t trustedProxies) https(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !t.fromProxy(r) {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// throttleIP is the key a client address is throttled under: the address
// itself for IPv4, its /64 network for IPv6 (one subscriber's prefix).
func throttleIP(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() {
		return ip
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
