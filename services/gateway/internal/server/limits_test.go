package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Health and readiness live on the admin listener only; the public port answers them 404.
func TestProbesOnlyOnTheAdminListener(t *testing.T) {
	upstream := okUpstream(t)
	public, admin, _ := serve(t, testConfig(t, upstream))
	for _, c := range []struct {
		url    string
		status int
	}{
		{admin + "/healthz", 200}, {admin + "/readyz", 200}, {admin + "/api/jobs", 404},
		{public + "/healthz", 404}, {public + "/readyz", 404}, {public + "/api/jobs", 200},
	} {
		res, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("GET %s: %d, want %d", c.url, res.StatusCode, c.status)
		}
	}
}

func okUpstream(t *testing.T) string {
	srv := httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "{}") }))
	return srv
}

func httpServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// A header block over MaxHeaderBytes is refused with 431 before it reaches the proxy.
func TestMaxHeaderBytes(t *testing.T) {
	cfg := testConfig(t, okUpstream(t))
	cfg.Limits.MaxHeaderBytes = 1024
	public, _, _ := serve(t, cfg)
	req, _ := http.NewRequest("GET", public+"/api/jobs", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10)) // Go allows 4 KiB of slack over the limit
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d, want 431", res.StatusCode)
	}
}

// A client that sends its headers and then trickles nothing of the promised body is cut off at
// the read deadline, not held until the route timeout (an hour here).
func TestReadTimeoutEndsASlowBody(t *testing.T) {
	cfg := testConfig(t, okUpstream(t))
	cfg.Limits.ReadTimeout = 200 * time.Millisecond
	public, _, _ := serve(t, cfg)
	conn, err := net.Dial("tcp", strings.TrimPrefix(public, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\":")
	ended := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, conn) // returns when the gateway closes the connection
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(time.Minute): // far beyond 200 ms: only a missing read deadline gets here
		t.Fatal("a stalled request body held the connection past the read timeout")
	}
}

// An answer still streaming at the write deadline is cut off, even though the route allows longer.
func TestWriteTimeoutEndsAResponse(t *testing.T) {
	upstream := httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for {
			_, _ = io.WriteString(w, "chunk\n")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	cfg := testConfig(t, upstream)
	cfg.Limits.WriteTimeout = 300 * time.Millisecond
	public, _, _ := serve(t, cfg)
	res, err := http.Get(public + "/api/jobs")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	ended := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, res.Body)
		ended <- err
	}()
	select {
	case err := <-ended:
		if err == nil {
			t.Fatal("the response ended cleanly; want it cut off")
		}
	case <-time.After(time.Minute):
		t.Fatal("the response streamed past the write timeout")
	}
}

// Past MaxConnections, a new connection waits in the backlog (no answer) until one closes, while
// the admin listener still answers.
func TestConnectionCap(t *testing.T) {
	cfg := testConfig(t, okUpstream(t))
	cfg.Limits.MaxConnections = 2
	public, admin, _ := serve(t, cfg)
	addr := strings.TrimPrefix(public, "http://")
	var held []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
	}
	// Both held connections are accepted once one of them has been served.
	fmt.Fprint(held[0], "GET /api/jobs HTTP/1.1\r\nHost: x\r\n\r\n")
	if res, err := http.ReadResponse(bufio.NewReader(held[0]), nil); err != nil || res.StatusCode != 200 {
		t.Fatalf("held connection: %v", err)
	}
	quick := &http.Client{Timeout: 300 * time.Millisecond, Transport: &http.Transport{DisableKeepAlives: true}}
	if res, err := quick.Get(public + "/api/jobs"); err == nil {
		res.Body.Close()
		t.Fatalf("a third connection was served (%d) while the cap of 2 was held", res.StatusCode)
	}
	if res, err := quick.Get(admin + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("admin listener while the public one is full: %v", err)
	}
	for _, c := range held {
		c.Close()
	}
	patient := &http.Client{Timeout: time.Minute}
	res, err := patient.Get(public + "/api/jobs")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("after the held connections closed: %v", err)
	}
	res.Body.Close()
}
