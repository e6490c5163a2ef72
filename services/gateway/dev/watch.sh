#!/bin/sh
# The gateway's dev loop (Dockerfile stage `dev`, compose.dev.yaml): build ./cmd/gateway, run it,
# and rebuild and restart it whenever a .go file, go.mod or go.sum changes (compose watch syncs
# edits into cmd/ and internal/). Polls file times and sizes: plain sh and find, no watcher tool.
# A build error is printed and the running gateway stays up. The binary is at /gateway, as in
# prod, so compose.yaml's health check (`/gateway probe /readyz`) works unchanged.
#   watch.sh          run the loop (the image's CMD)
#   watch.sh build    build once (the image build warms the build cache with it)
set -eu
cd /src/services/gateway
bin=/home/gateway/bin/gateway
interval=${DEV_POLL_SECONDS:-0.5}

build() {
  if ! CGO_ENABLED=0 go build -o "$bin.next" ./cmd/gateway; then
    echo "gateway dev: build failed; the running gateway is unchanged" >&2
    return 1
  fi
  mv "$bin.next" "$bin"
}

fingerprint() {
  find cmd internal go.mod go.sum -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) \
    -exec stat -c '%n %Y %s' {} + | sort | cksum
}

if [ "${1:-}" = build ]; then
  build
  exit
fi

app=
start() {
  "$bin" &
  app=$!
}
stop() {
  if [ -n "$app" ]; then
    kill -TERM "$app" 2>/dev/null || true
    wait "$app" || true
    app=
  fi
}
# docker stop: the gateway drains, as in prod.
trap 'stop; exit 0' TERM INT

[ -x "$bin" ] || build
last=$(fingerprint)
start
while :; do
  sleep "$interval"
  now=$(fingerprint)
  if [ "$now" != "$last" ]; then
    last=$now
    echo "gateway dev: source changed, rebuilding" >&2
    if build; then
      stop
      start
    fi
  elif [ -n "$app" ] && ! kill -0 "$app" 2>/dev/null; then
    # Exited on its own (bad configuration, say): it starts again with the next change.
    wait "$app" || true
    app=
  fi
done
