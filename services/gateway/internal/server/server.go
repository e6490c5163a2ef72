// Package server wires config, routes and middleware into two http.Servers
// and owns their lifecycle: the public listener (the allowlisted routes) and
// the admin listener (/healthz, /readyz), serving until ctx is cancelled
// (SIGTERM), then draining.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"polystage/gateway/internal/accesslog"
	"polystage/gateway/internal/config"
	"polystage/gateway/internal/health"
	"polystage/gateway/internal/proxy"
	"polystage/gateway/internal/requestid"
)

// Fixed server bounds (the configurable ones are in config.Limits).
const (
	readHeaderTimeout = 10 * time.Second // slow-header clients cannot hold connections forever
	idleTimeout       = 60 * time.Second
	adminStopTimeout  = 2 * time.Second // the admin listener has only probes to finish
)

// PublicHandler is what the public port serves: request id (outermost, so the
// access log sees it), access log, then the allowlisted proxy.
func PublicHandler(cfg config.Config, transport http.RoundTripper, logger *slog.Logger) http.Handler {
	return requestid.Middleware(accesslog.Middleware(logger, proxy.New(cfg, transport, logger)))
}

// AdminHandler serves the probes and nothing else.
func AdminHandler(checker *health.Checker, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", checker.Healthz)
	mux.HandleFunc("GET /readyz", checker.Readyz)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"not an admin endpoint: GET /healthz, GET /readyz"}` + "\n"))
	})
	return requestid.Middleware(accesslog.Middleware(logger, mux))
}

// Run serves public and admin until ctx is done. Then /healthz and /readyz
// turn 503 draining (the admin listener keeps answering, so an orchestrator
// sees it), the public server stops accepting and waits up to
// cfg.ShutdownTimeout for in-flight requests. It returns nil after a complete drain.
func Run(ctx context.Context, public, admin net.Listener, cfg config.Config, version string, logger *slog.Logger) error {
	transport := proxy.NewTransport(cfg.Limits)
	checker := health.New(version, cfg.Upstreams(), cfg.ReadyTimeout, &http.Client{Transport: transport})
	errorLog := slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	pub := &http.Server{
		Handler:           PublicHandler(cfg, transport, logger),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       cfg.Limits.ReadTimeout,
		WriteTimeout:      cfg.Limits.WriteTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    cfg.Limits.MaxHeaderBytes,
		ErrorLog:          errorLog,
	}
	adm := &http.Server{
		Handler:           AdminHandler(checker, logger),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readHeaderTimeout,
		WriteTimeout:      cfg.ReadyTimeout + 5*time.Second, // /readyz waits up to ReadyTimeout
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          errorLog,
	}
	// Past the cap, Accept waits: new connections queue in the kernel's backlog
	// instead of costing goroutines and buffers. The admin listener is not
	// capped, so probes still answer while the public side is full.
	public = netutil.LimitListener(public, cfg.Limits.MaxConnections)
	serveErr := make(chan error, 2)
	go func() { serveErr <- pub.Serve(public) }()
	go func() { serveErr <- adm.Serve(admin) }()

	select {
	case err := <-serveErr:
		_ = pub.Close()
		_ = adm.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "drain_timeout", cfg.ShutdownTimeout.String())
	checker.StartDraining()
	drainCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	drainErr := pub.Shutdown(drainCtx)
	admCtx, admCancel := context.WithTimeout(context.Background(), adminStopTimeout)
	defer admCancel()
	if err := adm.Shutdown(admCtx); err != nil {
		_ = adm.Close()
	}
	if drainErr != nil {
		_ = pub.Close()
		return fmt.Errorf("drain incomplete after %s: %w", cfg.ShutdownTimeout, drainErr)
	}
	for range 2 {
		if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	logger.Info("stopped")
	return nil
}
