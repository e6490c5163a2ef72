// Package ratelimit is a token bucket per client for job creation. The set
// of clients it remembers is bounded: past the bound the least recently seen
// client is forgotten (it starts again with a full bucket), so a flood of
// distinct addresses costs a fixed amount of memory, not an unbounded map.
package ratelimit

import (
	"container/list"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter holds one bucket per client key.
type Limiter struct {
	rate       rate.Limit
	burst      int
	maxClients int
	now        func() time.Time

	mu      sync.Mutex
	clients map[string]*list.Element // key -> element of recent
	recent  *list.List               // *client, most recently seen first
}

type client struct {
	key    string
	bucket *rate.Limiter
}

// New makes a limiter of perSecond tokens with the given burst, remembering at
// most maxClients clients. now may be nil (time.Now); tests pass a fake clock.
func New(perSecond float64, burst, maxClients int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{
		rate: rate.Limit(perSecond), burst: burst, maxClients: max(maxClients, 1), now: now,
		clients: map[string]*list.Element{}, recent: list.New(),
	}
}

// Allow takes a token from key's bucket. When the bucket is empty it takes
// nothing and says how long until the next token.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.clients[key]
	if ok {
		l.recent.MoveToFront(el)
	} else {
		if l.recent.Len() >= l.maxClients {
			oldest := l.recent.Back()
			l.recent.Remove(oldest)
			delete(l.clients, oldest.Value.(*client).key)
		}
		el = l.recent.PushFront(&client{key: key, bucket: rate.NewLimiter(l.rate, l.burst)})
		l.clients[key] = el
	}
	r := el.Value.(*client).bucket.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Hour // burst 0: never (config refuses it)
	}
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return false, wait
	}
	return true, 0
}

// Len is how many clients are remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recent.Len()
}

// ClientKey names the client a request counts against. It is the TCP peer
// (RemoteAddr), unless that peer is a trusted proxy: then X-Forwarded-For is
// read from the right, and the first address that is not a trusted proxy is
// the client (entries left of it are whatever the client chose to send).
// IPv6 clients are keyed by their /64, the block one subscriber usually holds.
func ClientKey(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return r.RemoteAddr
	}
	client := peer.Unmap()
	if isTrusted(client, trusted) {
		client = fromForwardedFor(client, r.Header.Values("X-Forwarded-For"), trusted)
	}
	if client.Is6() {
		return netip.PrefixFrom(client, 64).Masked().String()
	}
	return client.String()
}

func fromForwardedFor(peer netip.Addr, values []string, trusted []netip.Prefix) netip.Addr {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		addr, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbage: keep the last address a trusted hop vouched for
		}
		client = addr.WithZone("").Unmap()
		if !isTrusted(client, trusted) {
			break
		}
	}
	return client
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
