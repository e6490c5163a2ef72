#!/bin/sh
# The dev stages' reload loop (worker, gateway, generated go and node services): run a service,
# and when a watched file changes, rebuild it (if it has a build step) and restart it with
# SIGTERM, so it drains as in prod. Compose Watch syncs edits into the container.
#
#   restart-on-change [--build] <watched path>... -- <command> [argument...]
#
# --build runs $DEV_BUILD (a shell command; the image build runs it once to warm its caches and
# leave the first binary) after each change; a failed build is printed and the running
# service stays up. A service that exits on its own (bad configuration) starts again with the
# next change. DEV_POLL_SECONDS sets the poll interval (0.5).
#
# Why poll file times and sizes, not `node --watch` or inotify: Compose Watch replaces a synced
# file (the engine unpacks a new one), and in-container watchers see only the first replacement
# of a file, never the later ones. Plain sh, find and stat: nothing to install in any image.
set -eu
interval=${DEV_POLL_SECONDS:-0.5}
build=false
if [ "${1:-}" = --build ]; then
  build=true
  shift
fi
paths=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  paths="$paths $1"
  shift
done
if [ $# -lt 2 ] || [ -z "$paths" ]; then
  echo "usage: restart-on-change [--build] <watched path>... -- <command> [argument...]" >&2
  exit 2
fi
shift
if [ "$build" = true ] && [ -z "${DEV_BUILD:-}" ]; then
  echo "restart-on-change: --build needs DEV_BUILD, the build command: set it in the dev stage's ENV" >&2
  exit 2
fi

fingerprint() {
  # shellcheck disable=SC2086 # the watched paths are separate words
  find $paths -type f -exec stat -c '%n %Y %s' {} + 2>/dev/null | sort | cksum
}
rebuild() {
  [ "$build" = true ] || return 0
  if ! sh -c "$DEV_BUILD"; then
    echo "restart-on-change: build failed; the running service is unchanged" >&2
    return 1
  fi
}

app=
start() {
  "$@" &
  app=$!
}
stop() {
  if [ -n "$app" ]; then
    kill -TERM "$app" 2>/dev/null || true
    wait "$app" || true
    app=
  fi
}
# docker stop: the service drains, as in prod.
trap 'stop; exit 0' TERM INT

last=$(fingerprint)
start "$@"
while :; do
  sleep "$interval"
  now=$(fingerprint)
  if [ "$now" != "$last" ]; then
    last=$now
    echo "restart-on-change: a watched file changed, restarting" >&2
    if rebuild; then
      stop
      start "$@"
    fi
  elif [ -n "$app" ] && ! kill -0 "$app" 2>/dev/null; then
    wait "$app" || true
    app=
  fi
done
