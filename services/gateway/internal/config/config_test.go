package config

import (
	"polystage/gateway/internal/configtest"
	"strings"
	"testing"
	"time"

	"polystage/gateway/internal/routes"
)

func env(kv map[string]string) func(string) string {
	return configtest.Getenv(kv)
}

// load is Load on the tests' own route table (api, reports), whatever the shipped one holds.
func load(getenv func(string) string) (Config, error) {
	return LoadFor(getenv, configtest.Table())
}

func valid() map[string]string {
	return map[string]string{
		"GATEWAY_API_URL":     "http://api:8000",
		"GATEWAY_REPORTS_URL": "https://reports:8443/base",
		"GATEWAY_WEB_URL":     "http://web:8080",
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := load(env(valid()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 8080 || cfg.Upstream("api").Timeout != 15*time.Second || cfg.Web.HealthPath != "/healthz" {
		t.Fatalf("defaults not applied: %+v", cfg)
	}
	if cfg.Upstream("reports").URL.Path != "/base" || cfg.Upstream("reports").Name != "reports" {
		t.Fatalf("reports upstream: %+v", cfg.Upstream("reports"))
	}
}

func TestLoadOverrides(t *testing.T) {
	e := valid()
	e["PORT"] = "9191"
	e["GATEWAY_API_TIMEOUT"] = "250ms"
	e["GATEWAY_API_HEALTH_PATH"] = "/health"
	e["GATEWAY_SHUTDOWN_TIMEOUT"] = "3s"
	cfg, err := load(env(e))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 9191 || cfg.Upstream("api").Timeout != 250*time.Millisecond || cfg.Upstream("api").HealthPath != "/health" || cfg.ShutdownTimeout != 3*time.Second {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
}

// Each bad value must produce an error naming the variable at fault.
func TestLoadErrorsNameTheVariable(t *testing.T) {
	cases := []struct{ name, key, value string }{
		{"missing", "GATEWAY_API_URL", ""},
		{"relative", "GATEWAY_WEB_URL", "web:8080"},
		{"bad scheme", "GATEWAY_REPORTS_URL", "ftp://reports"},
		{"no host", "GATEWAY_API_URL", "http://"},
		{"query", "GATEWAY_API_URL", "http://api?x=1"},
		{"unparsable", "GATEWAY_WEB_URL", "http://[::1"},
		{"bad timeout", "GATEWAY_API_TIMEOUT", "soon"},
		{"negative timeout", "GATEWAY_WEB_TIMEOUT", "-1s"},
		{"bad port", "PORT", "99999"},
		{"bad health path", "GATEWAY_API_HEALTH_PATH", "healthz"},
		{"admin port is the public port", "GATEWAY_ADMIN_PORT", "8080"},
		{"bad admin port", "GATEWAY_ADMIN_PORT", "0"},
		{"write timeout inside the longest route", "GATEWAY_WRITE_TIMEOUT", "30s"},
		{"bad read timeout", "GATEWAY_READ_TIMEOUT", "0s"},
		{"zero header bytes", "GATEWAY_MAX_HEADER_BYTES", "0"},
		{"bad body cap", "GATEWAY_MAX_CREATE_BODY_BYTES", "1MB"},
		{"zero connections", "GATEWAY_MAX_CONNECTIONS", "0"},
		{"zero rate", "GATEWAY_CREATE_RATE", "0"},
		{"NaN rate", "GATEWAY_CREATE_RATE", "NaN"},
		{"zero burst", "GATEWAY_CREATE_BURST", "0"},
		{"bad trusted proxy", "GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local"},
		{"zero idle conns", "GATEWAY_UPSTREAM_IDLE_CONNS", "0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := valid()
			e[c.key] = c.value
			_, err := load(env(e))
			if err == nil || !strings.Contains(err.Error(), c.key) {
				t.Fatalf("want error naming %s, got %v", c.key, err)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, err := load(env(map[string]string{"PORT": "x"}))
	for _, key := range []string{"PORT", "GATEWAY_API_URL", "GATEWAY_REPORTS_URL", "GATEWAY_WEB_URL"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Fatalf("want %s in %v", key, err)
		}
	}
}

func TestLimitDefaults(t *testing.T) {
	cfg, err := load(env(valid()))
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.Limits
	if cfg.AdminPort != 9090 || l.ReadTimeout != 30*time.Second || l.MaxHeaderBytes != 32<<10 ||
		l.MaxCreateBodyBytes != 1<<20+16<<10 || l.MaxConnections != 1024 || l.DialTimeout != 5*time.Second ||
		l.UpstreamIdleConns != 64 || l.UpstreamIdleTimeout != 4*time.Second || l.CreateRate != 2 ||
		l.CreateBurst != 20 || l.RateLimitClients != 10000 || len(l.TrustedProxies) != 0 {
		t.Fatalf("limit defaults: %+v", cfg)
	}
	// Derived from the longest route (reports, 30 s), so the write deadline never cuts an answer the route allows.
	if l.WriteTimeout != 35*time.Second || l.UpstreamHeaderTimeout != 30*time.Second {
		t.Fatalf("write %s, upstream header %s", l.WriteTimeout, l.UpstreamHeaderTimeout)
	}
	e := valid()
	e["GATEWAY_REPORTS_TIMEOUT"] = "2m"
	cfg, err = load(env(e))
	if err != nil || cfg.Limits.WriteTimeout != 2*time.Minute+5*time.Second {
		t.Fatalf("write timeout does not follow the longest route: %v %s", err, cfg.Limits.WriteTimeout)
	}
}

func TestTrustedProxies(t *testing.T) {
	e := valid()
	e["GATEWAY_TRUSTED_PROXIES"] = " 10.0.0.0/8, 192.0.2.7 ,fd00::/8"
	cfg, err := load(env(e))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.Limits.TrustedProxies {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.0/8 192.0.2.7/32 fd00::/8" {
		t.Fatalf("trusted proxies %v", got)
	}
}

// A generated service's upstream in the route table is configured like the others, by its own variables.
func TestLoadForATableWithAGeneratedUpstream(t *testing.T) {
	table, err := routes.Parse([]byte(`{"upstreams": [{"name": "demo-go", "prefix": "/demo", "timeout": "5s"}], "routes": []}`))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"GATEWAY_WEB_URL": "http://web:8080"}
	_, err = LoadFor(env(vars), table)
	if err == nil || !strings.Contains(err.Error(), "GATEWAY_DEMO_GO_URL: is required") {
		t.Fatalf("missing upstream URL: %v", err)
	}
	vars["GATEWAY_DEMO_GO_URL"] = "http://demo-go:8080"
	vars["GATEWAY_DEMO_GO_HEALTH_PATH"] = "/health"
	cfg, err := LoadFor(env(vars), table)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Upstream("demo-go")
	if got == nil || got.URL.Host != "demo-go:8080" || got.Timeout != 5*time.Second || got.HealthPath != "/health" || len(cfg.Upstreams()) != 2 {
		t.Fatalf("demo-go upstream: %+v of %+v", got, cfg.Upstreams())
	}
}
