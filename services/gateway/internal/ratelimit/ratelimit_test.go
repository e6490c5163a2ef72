package ratelimit

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestBucketRefillsAndSaysWhen(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	l := New(0.5, 2, 10, c.now) // one token every 2 s, 2 at once
	for i := range 2 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("request %d within the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 2*time.Second {
		t.Fatalf("past the burst: ok=%v wait=%s, want refused for 2s", ok, wait)
	}
	// A refusal takes no token: the wait does not grow with retries.
	if _, again := l.Allow("a"); again != wait {
		t.Fatalf("wait grew from %s to %s after a refusal", wait, again)
	}
	c.t = c.t.Add(2 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("no token after the refill time")
	}
}

// However many clients appear, the limiter remembers at most maxClients, forgetting the least
// recently seen first.
func TestClientsAreBounded(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	l := New(0.001, 1, 3, c.now)
	for _, k := range []string{"a", "b", "c"} {
		l.Allow(k) // each empties its bucket
	}
	l.Allow("a") // a is now the most recently seen
	for i := range 1000 {
		l.Allow(fmt.Sprint("flood-", i))
		if n := l.Len(); n > 3 {
			t.Fatalf("%d clients remembered, bound is 3", n)
		}
	}
	l2 := New(0.001, 1, 3, c.now)
	l2.Allow("a")
	l2.Allow("b")
	l2.Allow("c")
	l2.Allow("a") // refused, and a moves to the front
	l2.Allow("d") // evicts b, the least recently seen
	if ok, _ := l2.Allow("a"); ok {
		t.Fatal("a was evicted although it was seen more recently than b")
	}
	if ok, _ := l2.Allow("b"); !ok {
		t.Fatal("b was kept although it was the least recently seen")
	}
}

func TestClientKey(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	cases := []struct {
		name, remote, xff string
		trusted           []netip.Prefix
		want              string
	}{
		{"peer", "192.0.2.1:5000", "", nil, "192.0.2.1"},
		{"untrusted peer's X-Forwarded-For ignored", "192.0.2.1:5000", "198.51.100.1", nil, "192.0.2.1"},
		{"untrusted peer, trusted list set", "192.0.2.1:5000", "198.51.100.1", trusted, "192.0.2.1"},
		{"trusted peer: rightmost untrusted hop", "10.0.0.1:5000", "203.0.113.9, 198.51.100.1, 10.0.0.2", trusted, "198.51.100.1"},
		{"trusted peer, garbage hop", "10.0.0.1:5000", "198.51.100.1, nonsense", trusted, "10.0.0.1"},
		{"trusted peer, no header", "10.0.0.1:5000", "", trusted, "10.0.0.1"},
		{"IPv6 keyed by /64", "[2001:db8:1:2:aaaa::1]:5000", "", nil, "2001:db8:1:2::/64"},
		{"IPv4-mapped IPv6", "[::ffff:192.0.2.1]:5000", "", nil, "192.0.2.1"},
		{"unparsable RemoteAddr", "pipe", "", nil, "pipe"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/api/jobs", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ClientKey(r, c.trusted); got != c.want {
			t.Errorf("%s: ClientKey = %q, want %q", c.name, got, c.want)
		}
	}
}
