// Package proxy routes requests to upstreams: /api/* and /reports/* (prefix
// stripped, so upstreams need not know they sit behind a gateway) and
// everything else to web. Each route has its own deadline, answered with 504.
package proxy

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"

	"polystage/gateway/internal/config"
	"polystage/gateway/internal/requestid"
)

// Route sends requests under Prefix ("" = catch-all) to one upstream.
type Route struct {
	Prefix   string
	Upstream config.Upstream
	handler  http.Handler
}

// Router picks the first route whose prefix matches on a path-segment
// boundary: /api and /api/x match "/api", /apix does not.
type Router struct{ routes []Route }

// New builds the gateway's routing table from config. transport may be nil
// (http.DefaultTransport); tests pass their own.
func New(cfg config.Config, transport http.RoundTripper, logger *slog.Logger) *Router {
	routes := []Route{
		{Prefix: "/api", Upstream: cfg.API},
		{Prefix: "/reports", Upstream: cfg.Reports},
		{Prefix: "", Upstream: cfg.Web},
	}
	for i := range routes {
		routes[i].handler = withTimeout(routes[i].Upstream.Timeout, reverseProxy(routes[i], transport, logger))
	}
	return &Router{routes: routes}
}

// via marks requests this gateway forwarded. An upstream URL that points back
// at the gateway (a config slip) would otherwise recurse until file
// descriptors run out; with the mark the second hop is refused with 508.
const via = "1.1 polystage-gateway"

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, v := range r.Header.Values("Via") {
		if strings.Contains(v, "polystage-gateway") {
			writeError(w, http.StatusLoopDetected, "self")
			return
		}
	}
	for _, route := range rt.routes {
		if route.Prefix == "" || matches(r.URL.Path, route.Prefix) {
			route.handler.ServeHTTP(w, r)
			return
		}
	}
	http.NotFound(w, r) // unreachable while a catch-all route exists
}

func matches(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// strip removes the route prefix, keeping a leading slash: /api -> /, /api/x -> /x.
func strip(path, prefix string) string {
	if prefix == "" {
		return path
	}
	rest := strings.TrimPrefix(path, prefix)
	if rest == "" {
		return "/"
	}
	return rest
}

func reverseProxy(route Route, transport http.RoundTripper, logger *slog.Logger) http.Handler {
	return &httputil.ReverseProxy{
		Transport: transport,
		Rewrite: func(pr *httputil.ProxyRequest) {
			// Strip before SetURL, which joins the upstream base path and the request path.
			pr.Out.URL.Path = strip(pr.In.URL.Path, route.Prefix)
			if pr.In.URL.RawPath != "" {
				pr.Out.URL.RawPath = strip(pr.In.URL.RawPath, route.Prefix)
			}
			pr.SetURL(route.Upstream.URL)
			pr.SetXForwarded()
			pr.Out.Header.Add("Via", via)
			// Rewrite starts from a copy of the inbound headers, so X-Request-Id set by
			// the requestid middleware is already on pr.Out.
		},
		// The client gets the gateway's X-Request-Id (already on the response);
		// an upstream echoing it back would otherwise duplicate the header.
		ModifyResponse: func(res *http.Response) error {
			res.Header.Del(requestid.Header)
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			status := http.StatusBadGateway
			if errors.Is(err, context.DeadlineExceeded) {
				status = http.StatusGatewayTimeout
			}
			logger.LogAttrs(r.Context(), slog.LevelWarn, "upstream error",
				slog.String("request_id", requestid.FromContext(r.Context())),
				slog.String("upstream", route.Upstream.Name),
				slog.Int("status", status),
				slog.String("error", err.Error()))
			writeError(w, status, route.Upstream.Name)
		},
	}
}

// withTimeout bounds the whole upstream exchange; the proxy sees the expired
// context as context.DeadlineExceeded and answers 504.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func writeError(w http.ResponseWriter, status int, upstream string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	msg := "upstream unavailable"
	switch status {
	case http.StatusGatewayTimeout:
		msg = "upstream timed out"
	case http.StatusLoopDetected:
		msg = "request already passed through this gateway"
	}
	// upstream is a fixed route name, never user input: safe to format by hand.
	_, _ = w.Write([]byte(`{"error":"` + msg + `","upstream":"` + upstream + `"}` + "\n"))
}
