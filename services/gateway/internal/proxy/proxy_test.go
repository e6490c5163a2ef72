package proxy

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"polystage/gateway/internal/config"
	"polystage/gateway/internal/requestid"
)

// generous is the route budget of tests that are not about timeouts: the echo upstreams answer at
// once, but with the cores shared by other builds an answer can take a while. It only stops a hang.
const generous = time.Minute

// echo is an upstream that reports what it received. ?sleep=<duration> holds the answer that long
// (or until the client gives up); ?sleep=forever holds it until the client gives up.
func echo(t *testing.T, name string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sleep := r.URL.Query().Get("sleep"); sleep == "forever" {
			<-r.Context().Done()
			return
		} else if sleep != "" {
			d, _ := time.ParseDuration(sleep)
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set(requestid.Header, r.Header.Get(requestid.Header)) // echo, as many services do
		_ = json.NewEncoder(w).Encode(map[string]string{
			"upstream": name, "path": r.URL.Path, "query": r.URL.RawQuery,
			"request_id": r.Header.Get(requestid.Header), "forwarded_host": r.Header.Get("X-Forwarded-Host"),
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func upstream(t *testing.T, name, base string, timeout time.Duration) config.Upstream {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return config.Upstream{Name: name, URL: u, Timeout: timeout, HealthPath: "/healthz"}
}

func gateway(t *testing.T, apiTimeout time.Duration) http.Handler {
	cfg := config.Config{
		API:     upstream(t, "api", echo(t, "api").URL, apiTimeout),
		Reports: upstream(t, "reports", echo(t, "reports").URL+"/base", generous),
		Web:     upstream(t, "web", echo(t, "web").URL, generous),
	}
	return requestid.Middleware(New(cfg, nil, slog.New(slog.DiscardHandler)))
}

func get(t *testing.T, h http.Handler, target string, header http.Header) (*http.Response, map[string]string) {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	var got map[string]string
	_ = json.Unmarshal(body, &got)
	return res, got
}

func TestRoutingAndPrefixStripping(t *testing.T) {
	h := gateway(t, generous)
	cases := []struct{ in, upstream, path, query string }{
		{"/api/jobs?limit=2", "api", "/jobs", "limit=2"},
		{"/api", "api", "/", ""},
		{"/api/", "api", "/", ""},
		{"/reports/daily", "reports", "/base/daily", ""},
		{"/apix", "web", "/apix", ""},
		{"/", "web", "/", ""},
		{"/assets/app.js", "web", "/assets/app.js", ""},
	}
	for _, c := range cases {
		res, got := get(t, h, c.in, nil)
		if res.StatusCode != 200 || got["upstream"] != c.upstream || got["path"] != c.path || got["query"] != c.query {
			t.Errorf("%s: status %d, got %v; want %s %s", c.in, res.StatusCode, got, c.upstream, c.path)
		}
		if got["forwarded_host"] != "example.com" {
			t.Errorf("%s: X-Forwarded-Host = %q", c.in, got["forwarded_host"])
		}
	}
}

func TestRequestIDReachesUpstreamAndClient(t *testing.T) {
	h := gateway(t, generous)
	res, got := get(t, h, "/api/x", http.Header{"X-Request-Id": {"trace-42"}})
	if got["request_id"] != "trace-42" || res.Header.Get(requestid.Header) != "trace-42" {
		t.Fatalf("kept id: upstream %q, response %q", got["request_id"], res.Header.Get(requestid.Header))
	}
	if n := len(res.Header.Values(requestid.Header)); n != 1 {
		t.Fatalf("%d X-Request-Id headers on the response, want 1", n)
	}
	res, got = get(t, h, "/api/x", nil)
	if id := res.Header.Get(requestid.Header); id == "" || got["request_id"] != id {
		t.Fatalf("generated id: upstream %q, response %q", got["request_id"], id)
	}
}

// The api upstream never answers, so only the route's deadline can end the request, whatever the
// load (an upstream that answers after a delay races the deadline instead).
func TestRouteTimeoutIs504(t *testing.T) {
	h := gateway(t, 50*time.Millisecond)
	done := make(chan *http.Response, 1)
	go func() {
		res, _ := get(t, h, "/api/slow?sleep=forever", nil)
		done <- res
	}()
	select {
	case res := <-done:
		if res.StatusCode != http.StatusGatewayTimeout {
			t.Fatalf("status %d, want 504", res.StatusCode)
		}
	case <-time.After(time.Minute): // far beyond 50 ms: only a missing deadline gets here
		t.Fatal("timeout not enforced: the request still waits on a hung upstream")
	}
	// Other routes keep their own, longer budget: an answer held 100 ms (twice the api's 50 ms;
	// load only makes it later) still gets through.
	if res, _ := get(t, h, "/reports/slow?sleep=100ms", nil); res.StatusCode != 200 {
		t.Fatalf("reports status %d", res.StatusCode)
	}
}

func TestUnreachableUpstreamIs502(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	cfg := config.Config{
		API: upstream(t, "api", dead.URL, generous), Reports: upstream(t, "reports", dead.URL, generous),
		Web: upstream(t, "web", dead.URL, generous),
	}
	res, _ := get(t, New(cfg, nil, slog.New(slog.DiscardHandler)), "/api/x", nil)
	if res.StatusCode != http.StatusBadGateway {
		t.Fatalf("status %d, want 502", res.StatusCode)
	}
}

func TestForwardingLoopIs508(t *testing.T) {
	h := gateway(t, generous)
	res, _ := get(t, h, "/api/x", http.Header{"Via": {"1.0 cdn, 1.1 polystage-gateway"}})
	if res.StatusCode != http.StatusLoopDetected {
		t.Fatalf("status %d, want 508", res.StatusCode)
	}
}
