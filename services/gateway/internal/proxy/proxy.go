// Package proxy is the public side of the gateway: the allowlist decides
// (package routes), then a per-upstream reverse proxy forwards with the
// upstream's deadline, the route's body cap and, for job creation, a per-client rate limit.
// Refusals and upstream failures are short JSON bodies that name at most the
// route's upstream: never an internal URL or a Go error.
package proxy

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"

	"polystage/gateway/internal/config"
	"polystage/gateway/internal/ratelimit"
	"polystage/gateway/internal/requestid"
	"polystage/gateway/internal/routes"
)

// Gateway is the public handler.
type Gateway struct {
	routes    *routes.Table
	upstreams map[string]config.Upstream
	proxies   map[string]http.Handler
	limits    config.Limits
	limiter   *ratelimit.Limiter
	logger    *slog.Logger
}

// New builds the public handler. transport may be nil (NewTransport(cfg.Limits)).
func New(cfg config.Config, transport http.RoundTripper, logger *slog.Logger) *Gateway {
	if transport == nil {
		transport = NewTransport(cfg.Limits)
	}
	g := &Gateway{
		routes:    cfg.Routes,
		upstreams: map[string]config.Upstream{},
		proxies:   map[string]http.Handler{},
		limits:    cfg.Limits,
		limiter:   ratelimit.New(cfg.Limits.CreateRate, cfg.Limits.CreateBurst, cfg.Limits.RateLimitClients, nil),
		logger:    logger,
	}
	for _, u := range cfg.Upstreams() {
		g.upstreams[u.Name] = u
		g.proxies[u.Name] = g.reverseProxy(u, transport)
	}
	return g
}

// NewTransport is the one transport to the upstreams (and /readyz's probes).
// Proxy is nil: HTTP_PROXY/HTTPS_PROXY in the environment must not divert
// traffic meant for the internal network.
func NewTransport(l config.Limits) *http.Transport {
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: l.DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   l.DialTimeout,
		ResponseHeaderTimeout: l.UpstreamHeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          3 * l.UpstreamIdleConns,
		MaxIdleConnsPerHost:   l.UpstreamIdleConns,
		IdleConnTimeout:       l.UpstreamIdleTimeout,
	}
}

// via marks requests this gateway forwarded. An upstream URL that points back
// at the gateway (a config slip) would otherwise recurse until file
// descriptors run out; with the mark the second hop is refused with 508.
const via = "1.1 polystage-gateway"

type routeKey struct{}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, v := range r.Header.Values("Via") {
		if strings.Contains(v, "polystage-gateway") {
			writeError(w, http.StatusLoopDetected, "request already passed through this gateway", "self")
			return
		}
	}
	d := g.routes.Match(r.Method, r.URL.Path)
	switch d.Status {
	case http.StatusNotFound:
		writeError(w, http.StatusNotFound, "not found", "")
		return
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", d.Allow)
		writeError(w, http.StatusMethodNotAllowed, "method not allowed", "")
		return
	}
	// An Upgrade that is not printable ASCII is dropped: ReverseProxy would answer it with a 502
	// instead of forwarding. Valid upgrades pass (the dev loop's Vite HMR websocket to web).
	if !printableASCII(r.Header.Get("Upgrade")) {
		r.Header.Del("Upgrade")
	}
	route := d.Route
	limit := route.MaxBodyBytes // 0 for every route without a body cap of its own: no body
	if route.Create {
		limit = g.limits.MaxCreateBodyBytes
	}
	// A declared length over the cap, or any body where none is taken, is refused before a byte is read.
	if r.ContentLength > limit || (limit == 0 && r.ContentLength != 0) {
		writeError(w, http.StatusRequestEntityTooLarge, "request body too large", "")
		return
	}
	if route.Create {
		if ok, wait := g.limiter.Allow(ratelimit.ClientKey(r, g.limits.TrustedProxies)); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			writeError(w, http.StatusTooManyRequests, "too many job creations from this client", "")
			return
		}
	}
	if limit > 0 {
		// A chunked body has no declared length: the cap ends it mid-stream (413 in errorHandler).
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	upstream := g.upstreams[route.Upstream]
	ctx, cancel := context.WithTimeout(context.WithValue(r.Context(), routeKey{}, route), upstream.Timeout)
	defer cancel()
	g.proxies[route.Upstream].ServeHTTP(w, r.WithContext(ctx))
}

func (g *Gateway) reverseProxy(u config.Upstream, transport http.RoundTripper) http.Handler {
	return &httputil.ReverseProxy{
		Transport: transport,
		Rewrite: func(pr *httputil.ProxyRequest) {
			route, _ := pr.In.Context().Value(routeKey{}).(routes.Route)
			if route.Path != "" {
				// The allowlist's path, not the client's spelling of it.
				pr.Out.URL.Path, pr.Out.URL.RawPath = route.Path, ""
			}
			pr.SetURL(u.URL) // joins the upstream's base path
			pr.SetXForwarded()
			pr.Out.Header.Add("Via", via)
			// Hop-by-hop headers (and any header the client names in Connection) were
			// removed from pr.Out before Rewrite, so the id is set again here: a client's
			// `Connection: X-Request-Id` cannot keep it from the upstream.
			pr.Out.Header.Set(requestid.Header, forwardedID(pr.In))
		},
		// The client gets the gateway's X-Request-Id (already on the response);
		// an upstream echoing it back would otherwise duplicate the header.
		ModifyResponse: func(res *http.Response) error {
			res.Header.Del(requestid.Header)
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			status, msg := http.StatusBadGateway, "upstream unavailable"
			var tooLarge *http.MaxBytesError
			var netErr net.Error
			switch {
			case errors.As(err, &tooLarge):
				status, msg = http.StatusRequestEntityTooLarge, "request body too large"
			case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
				status, msg = http.StatusGatewayTimeout, "upstream timed out"
			}
			// The cause (with internal addresses) goes to the log only.
			g.logger.LogAttrs(r.Context(), slog.LevelWarn, "upstream error",
				slog.String("request_id", requestid.FromContext(r.Context())),
				slog.String("upstream", u.Name),
				slog.Int("status", status),
				slog.String("error", err.Error()))
			if status == http.StatusRequestEntityTooLarge {
				writeError(w, status, msg, "")
				return
			}
			writeError(w, status, msg, u.Name)
		},
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// forwardedID is the id requestid.Middleware chose; a fresh one if the
// handler runs without it, so the upstream always gets exactly one valid id.
func forwardedID(in *http.Request) string {
	if id := requestid.FromContext(in.Context()); requestid.Valid(id) {
		return id
	}
	return requestid.New()
}

// writeError writes {"error": msg[, "upstream": name]}. Both are fixed strings
// of this package (never request input), so they are safe to format by hand.
func writeError(w http.ResponseWriter, status int, msg, upstream string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	body := `{"error":"` + msg + `"`
	if upstream != "" {
		body += `,"upstream":"` + upstream + `"`
	}
	_, _ = w.Write([]byte(body + "}\n"))
}
