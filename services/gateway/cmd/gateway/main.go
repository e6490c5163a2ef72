// Command gateway is polystage's single entry point: a reverse proxy in front
// of api, reports and web. See services/gateway/README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"polystage/gateway/internal/config"
	"polystage/gateway/internal/server"
)

// version is stamped at build time: -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "probe" {
		os.Exit(probe(os.Args[2:], os.Getenv, os.Stderr))
	}
	// SIGTERM (docker stop) and SIGINT (Ctrl-C) both start a drain.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Getenv, os.Stdout))
}

// run returns the exit code: 0 after a clean drain, 2 for bad configuration,
// 1 for anything else. Split from main so tests can call it.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer) int {
	logger := slog.New(slog.NewJSONHandler(stdout, nil))
	cfg, err := config.Load(getenv)
	if err != nil {
		logger.Error("invalid configuration", "error", err.Error(), "version", version)
		return 2
	}
	ln, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.Port))
	if err != nil {
		logger.Error("cannot listen", "error", err.Error(), "fix", "free the port or set PORT")
		return 1
	}
	admin, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.AdminPort))
	if err != nil {
		ln.Close()
		logger.Error("cannot listen", "error", err.Error(), "fix", "free the port or set GATEWAY_ADMIN_PORT")
		return 1
	}
	attrs := []any{"version", version, "addr", ln.Addr().String(), "admin_addr", admin.Addr().String()}
	for _, u := range cfg.Upstreams() {
		attrs = append(attrs, u.Name, u.URL.Redacted(), u.Name+"_timeout", u.Timeout.String())
	}
	logger.Info("gateway starting", attrs...)
	if err := server.Run(ctx, ln, admin, cfg, version, logger); err != nil {
		logger.Error("gateway stopped with error", "error", err.Error())
		return 1
	}
	return 0
}
