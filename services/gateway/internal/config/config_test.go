package config

import (
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func valid() map[string]string {
	return map[string]string{
		"GATEWAY_API_URL":     "http://api:8000",
		"GATEWAY_REPORTS_URL": "https://reports:8443/base",
		"GATEWAY_WEB_URL":     "http://web:8080",
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(env(valid()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 8080 || cfg.API.Timeout != DefaultAPITimeout || cfg.Web.HealthPath != "/healthz" {
		t.Fatalf("defaults not applied: %+v", cfg)
	}
	if cfg.Reports.URL.Path != "/base" || cfg.Reports.Name != "reports" {
		t.Fatalf("reports upstream: %+v", cfg.Reports)
	}
}

func TestLoadOverrides(t *testing.T) {
	e := valid()
	e["PORT"] = "9090"
	e["GATEWAY_API_TIMEOUT"] = "250ms"
	e["GATEWAY_API_HEALTH_PATH"] = "/health"
	e["GATEWAY_SHUTDOWN_TIMEOUT"] = "3s"
	cfg, err := Load(env(e))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 9090 || cfg.API.Timeout != 250*time.Millisecond || cfg.API.HealthPath != "/health" || cfg.ShutdownTimeout != 3*time.Second {
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
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := valid()
			e[c.key] = c.value
			_, err := Load(env(e))
			if err == nil || !strings.Contains(err.Error(), c.key) {
				t.Fatalf("want error naming %s, got %v", c.key, err)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, err := Load(env(map[string]string{"PORT": "x"}))
	for _, key := range []string{"PORT", "GATEWAY_API_URL", "GATEWAY_REPORTS_URL", "GATEWAY_WEB_URL"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Fatalf("want %s in %v", key, err)
		}
	}
}
