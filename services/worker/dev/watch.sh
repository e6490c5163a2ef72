#!/bin/sh
# The worker's dev loop (Dockerfile stage `dev`, compose.dev.yaml): Node 24 runs src/main.ts as it
# is (type stripping), and the worker restarts whenever a file under src/ changes (compose watch
# syncs edits in). The restart is SIGTERM, as in prod: the job in hand is finished or released.
# Why not `node --watch`: Compose Watch replaces a synced file (the engine unpacks a new one), and
# `node --watch` inside the container sees only the first replacement of a file, never the later
# ones, so the second edit of a file would not restart the worker. This polls file times and sizes.
set -eu
cd /src/services/worker
interval=${DEV_POLL_SECONDS:-0.5}

fingerprint() {
  find src -type f -exec stat -c '%n %Y %s' {} + | sort | cksum
}

app=
start() {
  node src/main.ts &
  app=$!
}
stop() {
  if [ -n "$app" ]; then
    kill -TERM "$app" 2>/dev/null || true
    wait "$app" || true
    app=
  fi
}
# docker stop: the worker drains, as in prod.
trap 'stop; exit 0' TERM INT

last=$(fingerprint)
start
while :; do
  sleep "$interval"
  now=$(fingerprint)
  if [ "$now" != "$last" ]; then
    last=$now
    echo "worker dev: src changed, restarting" >&2
    stop
    start
  elif [ -n "$app" ] && ! kill -0 "$app" 2>/dev/null; then
    # Exited on its own (bad configuration, say): it starts again with the next change.
    wait "$app" || true
    app=
  fi
done
