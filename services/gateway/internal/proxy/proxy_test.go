package proxy

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"polystage/gateway/internal/configtest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"polystage/gateway/internal/config"
	"polystage/gateway/internal/requestid"
)

// generous is the route budget of tests that are not about timeouts: the echo upstreams answer at
// once, but with the cores shared by other builds an answer can take a while. It only stops a hang.
const generous = "1m"

// proxyHits counts requests that reached the recording proxy TestMain puts in HTTP_PROXY and
// HTTPS_PROXY. It is set for the whole package before anything runs, because Go reads the proxy
// environment once per process.
var proxyHits atomic.Int64

func TestMain(m *testing.M) {
	recorder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxyHits.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	for _, name := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		os.Setenv(name, recorder.URL)
	}
	os.Unsetenv("NO_PROXY")
	os.Unsetenv("no_proxy")
	code := m.Run()
	recorder.Close()
	os.Exit(code)
}

// echo is an upstream that reports what it received. ?sleep=forever holds the answer until the
// client gives up.
func echo(t *testing.T, name string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sleep") == "forever" {
			<-r.Context().Done()
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set(requestid.Header, r.Header.Get(requestid.Header)) // echo, as many services do
		_ = json.NewEncoder(w).Encode(map[string]string{
			"upstream": name, "method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery,
			"request_id": r.Header.Get(requestid.Header), "request_ids": strconv.Itoa(len(r.Header.Values(requestid.Header))),
			"forwarded_host": r.Header.Get("X-Forwarded-Host"), "body_bytes": strconv.Itoa(len(body)),
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// load builds a Config from env over the echo upstreams (api, reports at base path /base, web).
func load(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	full := map[string]string{
		"GATEWAY_API_URL": echo(t, "api").URL, "GATEWAY_REPORTS_URL": echo(t, "reports").URL + "/base",
		"GATEWAY_WEB_URL": echo(t, "web").URL, "GATEWAY_API_TIMEOUT": generous,
		"GATEWAY_REPORTS_TIMEOUT": generous, "GATEWAY_WEB_TIMEOUT": generous,
	}
	for k, v := range env {
		full[k] = v
	}
	cfg, err := config.LoadFor(configtest.Getenv(full), configtest.Table())
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func gateway(t *testing.T, env map[string]string) http.Handler {
	return requestid.Middleware(New(load(t, env), nil, slog.New(slog.DiscardHandler)))
}

type call struct {
	method, target, body string
	header               http.Header
	chunked              bool // send the body without a Content-Length
	remote               string
}

func do(t *testing.T, h http.Handler, c call) (*http.Response, map[string]string) {
	t.Helper()
	if c.method == "" {
		c.method = "GET"
	}
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req := httptest.NewRequest(c.method, c.target, body)
	if c.chunked {
		req.ContentLength = -1
		req.Body = io.NopCloser(strings.NewReader(c.body))
	}
	if c.remote != "" {
		req.RemoteAddr = c.remote
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	raw, _ := io.ReadAll(res.Body)
	got := map[string]string{"raw": string(raw)}
	var parsed map[string]any
	_ = json.Unmarshal(raw, &parsed)
	for k, v := range parsed {
		if s, ok := v.(string); ok {
			got[k] = s
		}
	}
	return res, got
}

func TestAllowlistForwardsOnlyThePublicRoutes(t *testing.T) {
	h := gateway(t, nil)
	forwarded := []struct{ method, in, upstream, path, query string }{
		{"GET", "/api/jobs?limit=2&cursor=x", "api", "/jobs", "limit=2&cursor=x"},
		{"POST", "/api/jobs", "api", "/jobs", ""},
		{"GET", "/api/jobs/0b6c1d52-9f3e-4c1a-8d2b-123456789abc", "api", "/jobs/0b6c1d52-9f3e-4c1a-8d2b-123456789abc", ""},
		{"GET", "/reports/jobs/summary?since=P1D", "reports", "/base/jobs/summary", "since=P1D"},
		{"GET", "/", "web", "/", ""},
		{"HEAD", "/assets/app.js", "web", "/assets/app.js", ""},
		{"GET", "/apix/page", "web", "/apix/page", ""}, // prefixes match whole segments
		{"GET", "/jobs/abc", "web", "/jobs/abc", ""},
	}
	for _, c := range forwarded {
		res, got := do(t, h, call{method: c.method, target: c.in, body: map[bool]string{true: "{}"}[c.method == "POST"]})
		if c.method == "HEAD" {
			if res.StatusCode != 200 {
				t.Errorf("HEAD %s: status %d", c.in, res.StatusCode)
			}
			continue
		}
		if res.StatusCode != 200 || got["upstream"] != c.upstream || got["path"] != c.path || got["query"] != c.query || got["method"] != c.method {
			t.Errorf("%s %s: status %d, got %v; want %s %s", c.method, c.in, res.StatusCode, got, c.upstream, c.path)
		}
		if got["forwarded_host"] != "example.com" {
			t.Errorf("%s: X-Forwarded-Host = %q", c.in, got["forwarded_host"])
		}
	}
	refused := []struct {
		method, in string
		status     int
		allow      string
	}{
		{"POST", "/api/jobs/lease", 405, "GET"}, // the old worker path: a job id, read-only
		{"POST", "/api/internal/jobs/lease", 404, ""},
		{"POST", "/api/internal/jobs/abc/result", 404, ""},
		{"GET", "/api/internal/jobs/stats", 404, ""},
		{"POST", "/api/jobs/abc/result", 404, ""},
		{"GET", "/api/healthz", 404, ""},
		{"GET", "/api/docs", 404, ""},
		{"GET", "/api/openapi.json", 404, ""},
		{"GET", "/api", 404, ""},
		{"GET", "/api/", 404, ""},
		{"GET", "/api/jobs/", 404, ""},
		{"GET", "/api/jobs/a/b", 404, ""},
		{"GET", "/api/jobs/..", 404, ""},
		{"GET", "/api/jobs/%2E%2E%2Finternal%2Fjobs%2Fstats", 404, ""},
		{"GET", "/api/jobs/x%2Fy", 404, ""},
		{"GET", "/reports/healthz", 404, ""},
		{"GET", "/reports", 404, ""},
		{"GET", "/reports/jobs/summary/", 404, ""},
		{"GET", "/healthz", 404, ""},
		{"GET", "/readyz", 404, ""},
		{"DELETE", "/api/jobs", 405, "GET, POST"},
		{"PUT", "/api/jobs/abc", 405, "GET"},
		{"HEAD", "/api/jobs", 405, "GET, POST"},
		{"POST", "/reports/jobs/summary", 405, "GET"},
		{"POST", "/", 405, "GET, HEAD"},
		{"DELETE", "/anything", 405, "GET, HEAD"},
	}
	for _, c := range refused {
		res, got := do(t, h, call{method: c.method, target: c.in})
		if res.StatusCode != c.status || got["upstream"] != "" || res.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: status %d Allow %q body %q; want %d Allow %q from the gateway itself",
				c.method, c.in, res.StatusCode, res.Header.Get("Allow"), got["raw"], c.status, c.allow)
		}
		if c.method != "HEAD" && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: Content-Type %q", c.method, c.in, res.Header.Get("Content-Type"))
		}
	}
}

func TestRequestIDReachesUpstreamAndClient(t *testing.T) {
	h := gateway(t, nil)
	res, got := do(t, h, call{target: "/api/jobs", header: http.Header{"X-Request-Id": {"trace-42"}}})
	if got["request_id"] != "trace-42" || res.Header.Get(requestid.Header) != "trace-42" {
		t.Fatalf("kept id: upstream %q, response %q", got["request_id"], res.Header.Get(requestid.Header))
	}
	if n := len(res.Header.Values(requestid.Header)); n != 1 {
		t.Fatalf("%d X-Request-Id headers on the response, want 1", n)
	}
	res, got = do(t, h, call{target: "/api/jobs"})
	if id := res.Header.Get(requestid.Header); id == "" || got["request_id"] != id {
		t.Fatalf("generated id: upstream %q, response %q", got["request_id"], id)
	}
}

// A client naming X-Request-Id in Connection makes the proxy strip it as hop-by-hop before
// Rewrite: the id must still reach the upstream, exactly once, and match the response's.
func TestRequestIDSurvivesConnectionHeader(t *testing.T) {
	h := gateway(t, nil)
	for _, header := range []http.Header{
		{"X-Request-Id": {"trace-43"}, "Connection": {"X-Request-Id"}},
		{"X-Request-Id": {"trace-43"}, "Connection": {"keep-alive, x-request-id"}},
		{"Connection": {"X-Request-Id"}},
		{"X-Request-Id": {"bad id"}, "Connection": {"close", "X-Request-ID"}},
	} {
		res, got := do(t, h, call{target: "/api/jobs", header: header})
		id := res.Header.Get(requestid.Header)
		if !requestid.Valid(id) || got["request_id"] != id || got["request_ids"] != "1" {
			t.Errorf("%v: upstream got %s id(s) %q, response %q", header, got["request_ids"], got["request_id"], id)
		}
		if want := header.Get(requestid.Header); requestid.Valid(want) && id != want {
			t.Errorf("%v: valid client id %q replaced by %q", header, want, id)
		}
	}
}

// The api upstream never answers, so only the route's deadline can end the request, whatever the
// load (an upstream that answers after a delay races the deadline instead).
func TestRouteTimeoutIs504(t *testing.T) {
	h := gateway(t, map[string]string{"GATEWAY_API_TIMEOUT": "50ms"})
	done := make(chan *http.Response, 1)
	go func() {
		res, _ := do(t, h, call{target: "/api/jobs?sleep=forever"})
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
}

// 502 and 504 bodies name the route, never the upstream's address or Go's error text.
func TestUnreachableUpstreamIs502WithoutInternals(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	cfg := load(t, nil)
	*cfg.Upstream("api") = config.Upstream{Name: "api", URL: cfg.Upstream("api").URL, Timeout: time.Minute}
	cfg.Upstream("api").URL.Host = strings.TrimPrefix(dead.URL, "http://")
	res, got := do(t, New(cfg, nil, slog.New(slog.DiscardHandler)), call{target: "/api/jobs"})
	if res.StatusCode != http.StatusBadGateway {
		t.Fatalf("status %d, want 502", res.StatusCode)
	}
	if want := `{"error":"upstream unavailable","upstream":"api"}` + "\n"; got["raw"] != want {
		t.Fatalf("body %q, want %q", got["raw"], want)
	}
}

func TestForwardingLoopIs508(t *testing.T) {
	h := gateway(t, nil)
	res, _ := do(t, h, call{target: "/api/jobs", header: http.Header{"Via": {"1.0 cdn, 1.1 polystage-gateway"}}})
	if res.StatusCode != http.StatusLoopDetected {
		t.Fatalf("status %d, want 508", res.StatusCode)
	}
}

func TestBodyCapsPerRoute(t *testing.T) {
	h := gateway(t, map[string]string{"GATEWAY_MAX_CREATE_BODY_BYTES": "100"})
	cases := []struct {
		name    string
		c       call
		status  int
		reached bool
	}{
		{"create at the cap", call{method: "POST", target: "/api/jobs", body: strings.Repeat("a", 100)}, 200, true},
		{"create over the cap", call{method: "POST", target: "/api/jobs", body: strings.Repeat("a", 101)}, 413, false},
		{"chunked create over the cap", call{method: "POST", target: "/api/jobs", body: strings.Repeat("a", 5000), chunked: true}, 413, false},
		{"chunked create under the cap", call{method: "POST", target: "/api/jobs", body: "{}", chunked: true}, 200, true},
		{"GET list with a body", call{target: "/api/jobs", body: "x"}, 413, false},
		{"GET summary with a chunked body", call{target: "/reports/jobs/summary", body: "x", chunked: true}, 413, false},
		{"GET web with a body", call{target: "/", body: "x"}, 413, false},
	}
	for _, c := range cases {
		res, got := do(t, h, c.c)
		if res.StatusCode != c.status || (got["upstream"] != "") != c.reached {
			t.Errorf("%s: status %d body %q; want %d, reached upstream %v", c.name, res.StatusCode, got["raw"], c.status, c.reached)
		}
		if c.reached && got["body_bytes"] != strconv.Itoa(len(c.c.body)) {
			t.Errorf("%s: upstream got %s bytes, sent %d", c.name, got["body_bytes"], len(c.c.body))
		}
	}
}

func TestCreateRateLimitPerClient(t *testing.T) {
	// One token per 1000 s: the burst is all a client gets within the test.
	h := gateway(t, map[string]string{"GATEWAY_CREATE_RATE": "0.001", "GATEWAY_CREATE_BURST": "2"})
	create := func(remote string, header http.Header) *http.Response {
		res, _ := do(t, h, call{method: "POST", target: "/api/jobs", body: "{}", remote: remote, header: header})
		return res
	}
	for i := range 2 {
		if res := create("192.0.2.1:1000", nil); res.StatusCode != 200 {
			t.Fatalf("create %d within the burst: status %d", i+1, res.StatusCode)
		}
	}
	res := create("192.0.2.1:1001", nil) // another port, same client
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("create past the burst: status %d, want 429", res.StatusCode)
	}
	if after, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || after < 900 || after > 1000 {
		t.Fatalf("Retry-After %q, want about 1000 s", res.Header.Get("Retry-After"))
	}
	// X-Forwarded-For from an untrusted peer is the client's own claim: ignored.
	if res := create("192.0.2.1:1002", http.Header{"X-Forwarded-For": {"198.51.100.7"}}); res.StatusCode != 429 {
		t.Fatalf("spoofed X-Forwarded-For escaped the limit: status %d", res.StatusCode)
	}
	if res := create("192.0.2.2:1000", nil); res.StatusCode != 200 {
		t.Fatalf("another client: status %d", res.StatusCode)
	}
	if res, _ := do(t, h, call{target: "/api/jobs", remote: "192.0.2.1:1000"}); res.StatusCode != 200 {
		t.Fatalf("listing is not rate limited: status %d", res.StatusCode)
	}
}

func TestTrustedProxyForwardedForNamesTheClient(t *testing.T) {
	h := gateway(t, map[string]string{"GATEWAY_CREATE_RATE": "0.001", "GATEWAY_CREATE_BURST": "1",
		"GATEWAY_TRUSTED_PROXIES": "10.0.0.0/8"})
	create := func(xff string) int {
		res, _ := do(t, h, call{method: "POST", target: "/api/jobs", body: "{}", remote: "10.1.2.3:5000",
			header: http.Header{"X-Forwarded-For": {xff}}})
		return res.StatusCode
	}
	if create("198.51.100.1") != 200 || create("198.51.100.2") != 200 {
		t.Fatal("two clients behind the trusted proxy share one bucket")
	}
	if create("198.51.100.1") != 429 {
		t.Fatal("a client behind the trusted proxy is not limited")
	}
}

// Go's default transport honours HTTP(S)_PROXY (TestMain sets both to a recorder). The upstream
// is outside loopback (which proxies skip anyway): with the environment honoured the request would
// reach the recorder; without, it fails to connect (TEST-NET-1 is unroutable) and answers 502/504.
func TestTransportIgnoresProxyEnvironment(t *testing.T) {
	cfg := load(t, map[string]string{"GATEWAY_DIAL_TIMEOUT": "200ms"})
	cfg.Upstream("api").URL.Host = "192.0.2.1:9"
	res, _ := do(t, New(cfg, nil, slog.New(slog.DiscardHandler)), call{target: "/api/jobs"})
	if hits := proxyHits.Load(); hits != 0 || res.StatusCode == http.StatusTeapot {
		t.Fatalf("the transport sent %d request(s) to HTTP_PROXY (status %d)", hits, res.StatusCode)
	}
	if res.StatusCode != http.StatusBadGateway && res.StatusCode != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 502 or 504", res.StatusCode)
	}
}

// Go's default keeps 2 idle connections per host: every burst wider than that opens new ones.
// Two waves of 10 concurrent requests must share the first wave's 10 connections.
func TestIdlePoolKeepsConnectionsForABurst(t *testing.T) {
	const wave = 10
	var opened atomic.Int64
	var arrived sync.WaitGroup
	release := make(chan struct{})
	var mu sync.Mutex
	upstream := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Take this wave's release channel before saying "arrived": once all have, the test swaps in
		// the next wave's channel, and a late reader would wait on that one forever.
		mu.Lock()
		ch := release
		mu.Unlock()
		arrived.Done()
		<-ch // every request of the wave is in flight at once
		_, _ = io.WriteString(w, "{}")
	}))
	upstream.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	upstream.Start()
	t.Cleanup(upstream.Close)
	// A route timeout no loaded machine reaches: a request that gave up early would never arrive.
	cfg := load(t, map[string]string{"GATEWAY_UPSTREAM_IDLE_TIMEOUT": "1h", "GATEWAY_API_TIMEOUT": "10m"})
	cfg.Upstream("api").URL.Host = strings.TrimPrefix(upstream.URL, "http://")
	h := requestid.Middleware(New(cfg, nil, slog.New(slog.DiscardHandler)))
	for range 2 {
		arrived.Add(wave)
		var done sync.WaitGroup
		ended := make(chan struct{}, wave) // a request that ends before release failed on the way
		for range wave {
			done.Go(func() {
				defer func() { ended <- struct{}{} }()
				if res, _ := do(t, h, call{target: "/api/jobs"}); res.StatusCode != 200 {
					t.Errorf("status %d", res.StatusCode)
				}
			})
		}
		all := make(chan struct{})
		go func() { arrived.Wait(); close(all) }()
		select {
		case <-all:
		case <-ended:
			// Fail instead of waiting forever for a request that will never arrive.
			mu.Lock()
			close(release)
			mu.Unlock()
			t.Fatalf("a request ended before the whole wave of %d was in flight upstream", wave)
		}
		mu.Lock()
		close(release)
		release = make(chan struct{})
		mu.Unlock()
		done.Wait()
	}
	if n := opened.Load(); n != wave {
		t.Fatalf("two waves of %d opened %d upstream connections, want %d (idle pool too small)", wave, n, wave)
	}
}

// A valid upgrade (the dev loop's HMR websocket to web) reaches the upstream with its Upgrade
// header; an unprintable one is dropped and the request is forwarded as a plain one, not a 502.
func TestUpgradeHeaders(t *testing.T) {
	var got []string
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Upgrade"))
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(web.Close)
	h := gateway(t, map[string]string{"GATEWAY_WEB_URL": web.URL})
	for _, upgrade := range []string{"websocket", "\x00"} {
		res, _ := do(t, h, call{target: "/", header: http.Header{"Connection": {"Upgrade"}, "Upgrade": {upgrade}}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("Upgrade %q: status %d", upgrade, res.StatusCode)
		}
	}
	if len(got) != 2 || got[0] != "websocket" || got[1] != "" {
		t.Fatalf("web received Upgrade %q, want websocket then none", got)
	}
}
