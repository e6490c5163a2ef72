#!/bin/sh
# usage: apt-install.sh PACKAGE...
# Installs without recommends and leaves no package lists behind (the lists live in a cache mount).
# Quiet on success; on failure prints apt's whole output.
set -eu
ca=/run/secrets/ca-bundle
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get -qq -o Acquire::https::CAInfo="$ca" update && apt-get -o Acquire::https::CAInfo="$ca" install -y --no-install-recommends "$@"; } >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
