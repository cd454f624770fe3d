package service

import (
	"context"
	"net"
	"nsor"
	"sync"
	"sync/atomic"
	"time"
)

// errBusy is the answer when every hasher stayed busy for the whole wait: the
// server is overloaded, not the account in question.
func errBusy(retry time.Duration) *nsor.Error {
	return &nsor.Error{Kind: nsor.KindLocked, Code: "auth.busy", RetryAfter: retry,
		Message: "The server is busy checking passwords. Try again in a moment."}
}

// errThrottled is the answer to an address that failed too often too fast.
// It names the address's attempts, never an account.
func errThrottled(retry time.Duration) *nsor.Error {
	return &nsor.Error{Kind: nsor.KindLocked, Code: "auth.throttled", RetryAfter: retry,
		Message: "Too many failed sign-ins from your network. Wait a little, then try again."}
}

// hashers bounds the password hashes run at once; a caller waits at most
// wait for a free one. Every hash holds one of slots; a hash for a source
// the user never signed in from holds one of unknown too, of which there is
// one fewer (when there are two slots or more), so that a flood from
// elsewhere always leaves a slot to the officers' own addresses.
type hashers struct {
	slots, unknown chan struct{}
	wait           time.Duration
	busy           atomic.Bool // refused since the last acquire: only the first refusal of a spell is recorded
}

func newHashers(n int, wait time.Duration) *hashers {
	return &hashers{slots: make(chan struct{}, n), unknown: make(chan struct{}, max(1, n-1)), wait: wait}
}

// acquire takes a hasher, or reports after the wait that none came free
// (first: the first refusal since one was last taken).
func (h *hashers) acquire(ctx context.Context, known bool) (ok, first bool) {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	if !known && !take(ctx, h.unknown, t.C) {
		return false, h.busy.CompareAndSwap(false, true)
	}
	if !take(ctx, h.slots, t.C) {
		if !known {
			<-h.unknown
		}
		return false, h.busy.CompareAndSwap(false, true)
	}
	h.busy.Store(false)
	return true, false
}

// take takes a place in sem unless timeout or ctx ends first.
func take(ctx context.Context, sem chan struct{}, timeout <-chan time.Time) bool {
	select {
	case sem <- struct{}{}:
		return true
	case <-timeout:
	case <-ctx.Done():
	}
	return false
}

func (h *hashers) release(known bool) {
	<-h.slots
	if !known {
		<-h.unknown
	}
}

// limiter is a token bucket per source (RFC 6585 section 4 for the answer,
// NIST SP 800-63B section 5.2.2 for rate limiting): burst attempts at once,
// then one per every. A successful sign-in gives its token back, so that an
// office behind one address pays only for its failures.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	tokens  float64
	at      time.Time
	refused bool // refused since the last token taken
}

// maxBuckets bounds the limiter's memory; beyond it, full buckets (which
// are the same as none) are dropped, and if none is full, every new source
// shares one bucket.
const maxBuckets = 1 << 16

func newLimiter(burst int, every time.Duration) *limiter {
	return &limiter{burst: float64(burst), every: every, buckets: map[string]*bucket{}}
}

// take takes a token for source at now, or says how long until one comes
// (first: the first refusal of this spell, the one to record).
func (l *limiter) take(source string, now time.Time) (ok bool, retry time.Duration, first bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(source, now)
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	if b.tokens >= 1 {
		b.tokens, b.refused = b.tokens-1, false
		return true, 0, false
	}
	first, b.refused = !b.refused, true
	return false, time.Duration((1 - b.tokens) * float64(l.every)), first
}

// refund gives back the token a successful sign-in took.
func (l *limiter) refund(source string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[source]; ok {
		b.tokens = min(l.burst, b.tokens+1)
	}
}

func (l *limiter) bucket(source string, now time.Time) *bucket {
	if b, ok := l.buckets[source]; ok {
		return b
	}
	if len(l.buckets) >= maxBuckets {
		for k, b := range l.buckets {
			if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
				delete(l.buckets, k)
			}
		}
		if len(l.buckets) >= maxBuckets {
			source = "overflow"
		}
	}
	b, ok := l.buckets[source]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[source] = b
	}
	return b
}

// sourceOf is the network source of a client address: an IPv4 address, or
// the /64 of an IPv6 one (the smallest prefix a site is given, RFC 6177), so
// that one network cannot pass for many by changing its host bits.
func sourceOf(addr string) string {
	ip := net.ParseIP(addr)
	switch {
	case addr == "":
		return "local"
	case ip == nil:
		return addr
	case ip.To4() != nil:
		return ip.To4().String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}
