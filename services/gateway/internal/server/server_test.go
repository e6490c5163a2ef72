package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"polystage/gateway/internal/configtest"
	"testing"
	"time"

	"polystage/gateway/internal/config"
)

// testConfig's bounds are far beyond anything these tests wait for (an hour), so none of them ends
// a test by itself: each test ends on an event, and one that needs a bound to fire sets it short.
// (With the cores shared by other builds, seconds-long bounds can run out while a test waits.)
func testConfig(t *testing.T, upstream string) config.Config {
	t.Helper()
	env := map[string]string{"GATEWAY_API_URL": upstream, "GATEWAY_REPORTS_URL": upstream, "GATEWAY_WEB_URL": upstream,
		"GATEWAY_API_TIMEOUT": "1h", "GATEWAY_REPORTS_TIMEOUT": "1h", "GATEWAY_WEB_TIMEOUT": "1h",
		"GATEWAY_READY_TIMEOUT": "1h", "GATEWAY_SHUTDOWN_TIMEOUT": "1h", "GATEWAY_READ_TIMEOUT": "1h"}
	cfg, err := config.Load(configtest.Getenv(env))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// serve runs Run on two loopback listeners and returns the public and admin base URLs; the
// returned stop cancels Run and waits for it.
func serve(t *testing.T, cfg config.Config) (public, admin string, stop func() error) {
	t.Helper()
	pub, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	adm, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- Run(ctx, pub, adm, cfg, "test", slog.New(slog.DiscardHandler)) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-runErr
	}
	t.Cleanup(func() { _ = stop() })
	return "http://" + pub.Addr().String(), "http://" + adm.Addr().String(), stop
}

// waitListenerClosed dials addr until the connection is refused: Shutdown closes its listeners
// first, so the drain has begun by then. An event, not a sleep; the go test deadline bounds it.
func waitListenerClosed(t *testing.T, addr string) {
	t.Helper()
	for {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		conn.Close()
		time.Sleep(5 * time.Millisecond) // a pause between polls, not a wait for something
	}
}

// A request in flight when shutdown starts must complete; Run then returns nil. The upstream holds
// its answer until the drain has begun, so the request is in flight then on any machine.
func TestGracefulDrain(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/jobs/slow" {
			close(entered)
			<-release
		}
		_, _ = io.WriteString(w, "done")
	}))
	defer upstream.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	adm, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() {
		runErr <- Run(ctx, ln, adm, testConfig(t, upstream.URL), "test", slog.New(slog.DiscardHandler))
	}()

	base := "http://" + ln.Addr().String()
	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get(base + "/api/jobs/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- result{status: res.StatusCode, body: string(b)}
	}()
	<-entered
	stop() // what SIGTERM does in main
	waitListenerClosed(t, ln.Addr().String())
	close(release)

	r := <-got
	if r.err != nil || r.status != 200 || r.body != "done" {
		t.Fatalf("in-flight request: %+v", r)
	}
	select {
	case err := <-runErr:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(time.Minute): // the drain is over: Run has nothing left to wait for
		t.Fatal("Run did not return after drain")
	}
	if _, err := http.Get(base + "/"); err == nil {
		t.Fatal("still accepting connections after shutdown")
	}
}

func TestDrainDeadlineIsAnError(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
	}))
	defer upstream.Close()
	defer close(release)

	cfg := testConfig(t, upstream.URL)
	cfg.ShutdownTimeout = 100 * time.Millisecond
	public, _, stop := serve(t, cfg)
	go func() {
		if res, err := http.Get(public + "/api/jobs"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	if err := stop(); err == nil {
		t.Fatal("want an error when the drain deadline passes")
	}
}
