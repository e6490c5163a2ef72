package main

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"polystage/gateway/internal/config"
)

// probeTimeout stays under the HEALTHCHECK --timeout, so a hung gateway
// fails the check by our timeout rather than being killed by Docker's.
const probeTimeout = 3 * time.Second

// probe is the image's own health check (there is no shell or curl in it):
// `gateway probe [path]` GETs http://127.0.0.1:$GATEWAY_ADMIN_PORT<path> (default /healthz)
// and returns 0 for a 2xx answer, 1 otherwise, with the reason on stderr.
// Compose points it at /readyz, so the gateway turns healthy only once
// every upstream answers.
func probe(args []string, getenv func(string) string, stderr io.Writer) int {
	path := "/healthz"
	if len(args) > 0 {
		path = args[0]
	}
	if len(path) == 0 || path[0] != '/' {
		fmt.Fprintf(stderr, "probe: path must start with /, got %q\n", path)
		return 2
	}
	port := config.DefaultAdminPort
	if raw := getenv("GATEWAY_ADMIN_PORT"); raw != "" {
		p, err := strconv.Atoi(raw)
		if err != nil || p < 1 || p > 65535 {
			fmt.Fprintf(stderr, "probe: GATEWAY_ADMIN_PORT must be 1-65535, got %q\n", raw)
			return 2
		}
		port = p
	}
	url := fmt.Sprintf("http://127.0.0.1:%d%s", port, path)
	client := &http.Client{Timeout: probeTimeout}
	resp, err := client.Get(url)
	if err != nil {
		fmt.Fprintf(stderr, "probe: GET %s: %v\n", url, err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		fmt.Fprintf(stderr, "probe: GET %s: %s %s\n", url, resp.Status, body)
		return 1
	}
	return 0
}
