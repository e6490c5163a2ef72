// Package server wires config, routes and middleware into an http.Server and
// owns its lifecycle: serve until ctx is cancelled (SIGTERM), then drain.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"polystage/gateway/internal/accesslog"
	"polystage/gateway/internal/config"
	"polystage/gateway/internal/health"
	"polystage/gateway/internal/proxy"
	"polystage/gateway/internal/requestid"
)

// Handler is the full gateway: own probes first, then proxying, wrapped by
// request id (outermost, so the access log sees it) and access log.
func Handler(cfg config.Config, checker *health.Checker, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", checker.Healthz)
	mux.HandleFunc("GET /readyz", checker.Readyz)
	mux.Handle("/", proxy.New(cfg, nil, logger))
	return requestid.Middleware(accesslog.Middleware(logger, mux))
}

// Run serves on ln until ctx is done, then stops accepting, marks the probes
// draining and waits up to cfg.ShutdownTimeout for in-flight requests.
// It returns nil after a complete drain.
func Run(ctx context.Context, ln net.Listener, cfg config.Config, version string, logger *slog.Logger) error {
	checker := health.New(version, cfg.Upstreams(), cfg.ReadyTimeout, nil)
	srv := &http.Server{
		Handler:           Handler(cfg, checker, logger),
		ReadHeaderTimeout: 10 * time.Second, // slow-header clients cannot hold connections forever
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "drain_timeout", cfg.ShutdownTimeout.String())
	checker.StartDraining()
	drainCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(drainCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("drain incomplete after %s: %w", cfg.ShutdownTimeout, err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
