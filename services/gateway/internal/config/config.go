// Package config reads the gateway's settings from the environment once, at
// startup, and rejects bad values there: a typo in an upstream URL should stop
// the process with the variable's name, not surface later as a 502.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"polystage/gateway/internal/routes"
)

// Upstream is one service the gateway forwards to.
type Upstream struct {
	Name       string        // upstream name used in logs and /readyz: api, reports, web, ...
	URL        *url.URL      // base URL; the request path is appended to its path
	Timeout    time.Duration // whole-request budget for this route (504 when exceeded)
	HealthPath string        // probed by /readyz
}

// Config is everything the gateway needs; built only by Load.
type Config struct {
	Port      int
	AdminPort int // /healthz and /readyz; never the public port
	// Routed are routes.json's upstreams (api, reports, any generated service), in its order;
	// each is GATEWAY_<NAME>_URL/_TIMEOUT/_HEALTH_PATH. Web is the fixed fallback.
	Routed          []Upstream
	Web             Upstream
	Routes          *routes.Table // the allowlist Routed came from: what the proxy matches requests against
	ReadyTimeout    time.Duration // per-upstream probe budget for /readyz
	ShutdownTimeout time.Duration // how long SIGTERM waits for in-flight requests
	Limits          Limits
}

// Limits bound what one client or one upstream can cost the gateway. The
// README gives each default's reason.
type Limits struct {
	ReadTimeout           time.Duration // whole request, body included
	WriteTimeout          time.Duration // header read to response end; outlasts every route timeout
	MaxHeaderBytes        int
	MaxCreateBodyBytes    int64 // POST /api/jobs; every other public route takes no body
	MaxConnections        int   // open connections on the public listener
	DialTimeout           time.Duration
	UpstreamHeaderTimeout time.Duration // backstop under the route timeouts
	UpstreamIdleConns     int           // keep-alive connections kept per upstream
	UpstreamIdleTimeout   time.Duration // closes them before the upstream's own keep-alive timeout does
	CreateRate            float64       // POST /api/jobs tokens per second, per client
	CreateBurst           int
	RateLimitClients      int            // clients the limiter remembers (least recently seen evicted)
	TrustedProxies        []netip.Prefix // peers whose X-Forwarded-For names the client
}

// Upstreams lists the upstreams in a fixed order (stable logs and /readyz bodies): routes.json's, then web.
func (c Config) Upstreams() []Upstream { return append(append([]Upstream{}, c.Routed...), c.Web) }

// Upstream is the named upstream, nil if there is none (a pointer, so tests can adjust one).
func (c *Config) Upstream(name string) *Upstream {
	if name == c.Web.Name {
		return &c.Web
	}
	for i := range c.Routed {
		if c.Routed[i].Name == name {
			return &c.Routed[i]
		}
	}
	return nil
}

// EnvPrefix is an upstream's variable prefix: demo-go -> GATEWAY_DEMO_GO.
func EnvPrefix(name string) string {
	return "GATEWAY_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// Defaults. Shutdown stays under Docker's default 10 s stop grace so a drain
// finishes before SIGKILL. Routed upstreams' default timeouts are in routes.json
// (reports get longer there because they aggregate).
const (
	DefaultPort            = 8080
	DefaultWebTimeout      = 10 * time.Second
	DefaultReadyTimeout    = 2 * time.Second
	DefaultShutdownTimeout = 8 * time.Second
	DefaultHealthPath      = "/healthz"
	DefaultAdminPort       = 9090

	DefaultReadTimeout         = 30 * time.Second
	WriteTimeoutMargin         = 5 * time.Second // default write timeout = longest route timeout + this
	DefaultMaxHeaderBytes      = 32 << 10
	DefaultMaxCreateBodyBytes  = 1<<20 + 16<<10 // the api's 1 MiB cap plus slack: the api's own 413 stays the usual answer
	DefaultMaxConnections      = 1024
	DefaultDialTimeout         = 5 * time.Second
	DefaultUpstreamIdleConns   = 64
	DefaultUpstreamIdleTimeout = 4 * time.Second // under uvicorn's 5 s keep-alive
	DefaultCreateRate          = 2.0
	DefaultCreateBurst         = 20
	DefaultRateLimitClients    = 10000
)

// Load reads the environment through getenv (os.Getenv in main, a map in
// tests) and returns every problem at once, each naming its variable.
func Load(getenv func(string) string) (Config, error) {
	return LoadFor(getenv, routes.Default())
}

// LoadFor is Load for a given route table: one upstream per table upstream, plus web.
func LoadFor(getenv func(string) string, table *routes.Table) (Config, error) {
	p := parser{getenv: getenv}
	var routed []Upstream
	for _, u := range table.Upstreams {
		routed = append(routed, p.upstream(u.Name, EnvPrefix(u.Name), u.Timeout))
	}
	cfg := Config{
		Port:            p.port("PORT", DefaultPort),
		AdminPort:       p.port("GATEWAY_ADMIN_PORT", DefaultAdminPort),
		Routed:          routed,
		Web:             p.upstream(routes.Web, "GATEWAY_WEB", DefaultWebTimeout),
		Routes:          table,
		ReadyTimeout:    p.duration("GATEWAY_READY_TIMEOUT", DefaultReadyTimeout),
		ShutdownTimeout: p.duration("GATEWAY_SHUTDOWN_TIMEOUT", DefaultShutdownTimeout),
	}
	if cfg.AdminPort == cfg.Port {
		p.fail("GATEWAY_ADMIN_PORT", "%d is also PORT: health and readiness need a port the public never reaches", cfg.AdminPort)
	}
	longest := cfg.longestRouteTimeout()
	cfg.Limits = Limits{
		ReadTimeout:           p.duration("GATEWAY_READ_TIMEOUT", DefaultReadTimeout),
		WriteTimeout:          p.duration("GATEWAY_WRITE_TIMEOUT", longest+WriteTimeoutMargin),
		MaxHeaderBytes:        p.positive("GATEWAY_MAX_HEADER_BYTES", DefaultMaxHeaderBytes),
		MaxCreateBodyBytes:    int64(p.positive("GATEWAY_MAX_CREATE_BODY_BYTES", DefaultMaxCreateBodyBytes)),
		MaxConnections:        p.positive("GATEWAY_MAX_CONNECTIONS", DefaultMaxConnections),
		DialTimeout:           p.duration("GATEWAY_DIAL_TIMEOUT", DefaultDialTimeout),
		UpstreamHeaderTimeout: p.duration("GATEWAY_UPSTREAM_HEADER_TIMEOUT", longest),
		UpstreamIdleConns:     p.positive("GATEWAY_UPSTREAM_IDLE_CONNS", DefaultUpstreamIdleConns),
		UpstreamIdleTimeout:   p.duration("GATEWAY_UPSTREAM_IDLE_TIMEOUT", DefaultUpstreamIdleTimeout),
		CreateRate:            p.rate("GATEWAY_CREATE_RATE", DefaultCreateRate),
		CreateBurst:           p.positive("GATEWAY_CREATE_BURST", DefaultCreateBurst),
		RateLimitClients:      p.positive("GATEWAY_RATE_LIMIT_CLIENTS", DefaultRateLimitClients),
		TrustedProxies:        p.prefixes("GATEWAY_TRUSTED_PROXIES"),
	}
	// A write deadline inside a route timeout would cut answers the route still allows, with no 504.
	if cfg.Limits.WriteTimeout <= longest {
		p.fail("GATEWAY_WRITE_TIMEOUT", "%s must exceed the longest route timeout (%s): raise it or lower the route timeout",
			cfg.Limits.WriteTimeout, longest)
	}
	if len(p.errs) > 0 {
		return Config{}, errors.Join(p.errs...)
	}
	return cfg, nil
}

func (c Config) longestRouteTimeout() time.Duration {
	var longest time.Duration
	for _, u := range c.Upstreams() {
		longest = max(longest, u.Timeout)
	}
	return longest
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

func (p *parser) positive(name string, def int) int {
	raw := strings.TrimSpace(p.getenv(name))
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		p.fail(name, "%q is not a positive whole number", raw)
		return def
	}
	return n
}

// rate is tokens per second: "2", "0.5" (one every 2 s).
func (p *parser) rate(name string, def float64) float64 {
	raw := strings.TrimSpace(p.getenv(name))
	if raw == "" {
		return def
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || !(f > 0) || f > 1e9 {
		p.fail(name, "%q is not a positive rate per second (e.g. 2 or 0.5)", raw)
		return def
	}
	return f
}

// prefixes reads a comma-separated list of CIDRs or single addresses.
func (p *parser) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, item := range strings.Split(p.getenv(name), ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if prefix, err := netip.ParsePrefix(item); err == nil {
			out = append(out, prefix.Masked())
			continue
		}
		addr, err := netip.ParseAddr(item)
		if err != nil {
			p.fail(name, "%q is not an IP address or CIDR (e.g. 10.0.0.0/8)", item)
			continue
		}
		addr = addr.Unmap()
		out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return out
}
