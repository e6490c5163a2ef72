// Package config reads the gateway's settings from the environment once, at
// startup, and rejects bad values there: a typo in an upstream URL should stop
// the process with the variable's name, not surface later as a 502.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Upstream is one service the gateway forwards to.
type Upstream struct {
	Name       string        // route name used in logs and /readyz: api, reports, web
	URL        *url.URL      // base URL; the request path is appended to its path
	Timeout    time.Duration // whole-request budget for this route (504 when exceeded)
	HealthPath string        // probed by /readyz
}

// Config is everything the gateway needs; built only by Load.
type Config struct {
	Port            int
	API             Upstream
	Reports         Upstream
	Web             Upstream
	ReadyTimeout    time.Duration // per-upstream probe budget for /readyz
	ShutdownTimeout time.Duration // how long SIGTERM waits for in-flight requests
}

// Upstreams lists the upstreams in a fixed order (stable logs and /readyz bodies).
func (c Config) Upstreams() []Upstream { return []Upstream{c.API, c.Reports, c.Web} }

// Defaults. Shutdown stays under Docker's default 10 s stop grace so a drain
// finishes before SIGKILL; reports get longer because they aggregate.
const (
	DefaultPort            = 8080
	DefaultAPITimeout      = 15 * time.Second
	DefaultReportsTimeout  = 30 * time.Second
	DefaultWebTimeout      = 10 * time.Second
	DefaultReadyTimeout    = 2 * time.Second
	DefaultShutdownTimeout = 8 * time.Second
	DefaultHealthPath      = "/healthz"
)

// Load reads the environment through getenv (os.Getenv in main, a map in
// tests) and returns every problem at once, each naming its variable.
func Load(getenv func(string) string) (Config, error) {
	p := parser{getenv: getenv}
	cfg := Config{
		Port:            p.port("PORT", DefaultPort),
		API:             p.upstream("api", "GATEWAY_API", DefaultAPITimeout),
		Reports:         p.upstream("reports", "GATEWAY_REPORTS", DefaultReportsTimeout),
		Web:             p.upstream("web", "GATEWAY_WEB", DefaultWebTimeout),
		ReadyTimeout:    p.duration("GATEWAY_READY_TIMEOUT", DefaultReadyTimeout),
		ShutdownTimeout: p.duration("GATEWAY_SHUTDOWN_TIMEOUT", DefaultShutdownTimeout),
	}
	if len(p.errs) > 0 {
		return Config{}, errors.Join(p.errs...)
	}
	return cfg, nil
}

// parser collects errors instead of stopping at the first, so one failed
// start shows the whole list.
type parser struct {
	getenv func(string) string
	errs   []error
}

func (p *parser) fail(name, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
}

func (p *parser) upstream(route, prefix string, timeout time.Duration) Upstream {
	return Upstream{
		Name:       route,
		URL:        p.url(prefix + "_URL"),
		Timeout:    p.duration(prefix+"_TIMEOUT", timeout),
		HealthPath: p.path(prefix+"_HEALTH_PATH", DefaultHealthPath),
	}
}

func (p *parser) url(name string) *url.URL {
	raw := strings.TrimSpace(p.getenv(name))
	if raw == "" {
		p.fail(name, "is required (absolute http or https URL, e.g. http://api:8000)")
		return nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		p.fail(name, "%q is not a URL: %v", raw, err)
		return nil
	case u.Scheme != "http" && u.Scheme != "https":
		p.fail(name, "%q must use http or https", raw)
		return nil
	case u.Host == "" || u.Hostname() == "":
		p.fail(name, "%q has no host", raw)
		return nil
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		// Query, fragment or credentials would be silently merged into every request.
		p.fail(name, "%q must not carry a query, fragment or credentials", raw)
		return nil
	}
	return u
}

func (p *parser) duration(name string, def time.Duration) time.Duration {
	raw := strings.TrimSpace(p.getenv(name))
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		p.fail(name, "%q is not a positive duration (e.g. 500ms, 10s)", raw)
		return def
	}
	return d
}

func (p *parser) port(name string, def int) int {
	raw := strings.TrimSpace(p.getenv(name))
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 65535 {
		p.fail(name, "%q is not a port (1-65535)", raw)
		return def
	}
	return n
}

func (p *parser) path(name, def string) string {
	raw := strings.TrimSpace(p.getenv(name))
	if raw == "" {
		return def
	}
	if !strings.HasPrefix(raw, "/") {
		p.fail(name, "%q must start with /", raw)
		return def
	}
	return raw
}
