// Package health serves the gateway's own probes. /healthz says "this process
// is up" and never touches upstreams (a restart would not fix them); /readyz
// says "send me traffic" and checks every upstream.
package health

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"polystage/gateway/internal/config"
)

// Checker owns the draining flag shared by both probes.
type Checker struct {
	version   string
	upstreams []config.Upstream
	timeout   time.Duration
	client    *http.Client
	draining  atomic.Bool
}

// New builds a Checker; client may be nil (a default client is used).
func New(version string, upstreams []config.Upstream, timeout time.Duration, client *http.Client) *Checker {
	if client == nil {
		client = &http.Client{}
	}
	return &Checker{version: version, upstreams: upstreams, timeout: timeout, client: client}
}

// StartDraining makes both probes answer 503 so load balancers stop sending
// new requests while in-flight ones finish.
func (c *Checker) StartDraining() { c.draining.Store(true) }

// Healthz: 200 with the build version, 503 once draining.
func (c *Checker) Healthz(w http.ResponseWriter, _ *http.Request) {
	if c.draining.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "draining", "version": c.version})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": c.version})
}

// Readyz probes every upstream's health path in parallel, each with a short
// timeout, and lists the ones that failed.
func (c *Checker) Readyz(w http.ResponseWriter, r *http.Request) {
	if c.draining.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "draining"})
		return
	}
	failed := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range c.upstreams {
		wg.Go(func() {
			if err := c.probe(r.Context(), u); err != nil {
				mu.Lock()
				failed[u.Name] = err.Error()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(failed) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unready", "failed": failed})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready"})
}

func (c *Checker) probe(ctx context.Context, u config.Upstream) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	target := u.URL.JoinPath(u.HealthPath)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return err
	}
	res, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", target.Redacted(), err)
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("GET %s: status %d", target.Redacted(), res.StatusCode)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
