#!/bin/sh
# usage: apt-download.sh DIR PACKAGE...
# Downloads .debs (no install). apt trusts the build's CA bundle secret for https mirrors.
set -eu
dir=$1
shift
ca=/run/secrets/ca-bundle
mkdir -p "$dir"
chown _apt "$dir" 2>/dev/null || true
cd "$dir"
apt-get -qq -o Acquire::https::CAInfo="$ca" update
apt-get -qq -o Acquire::https::CAInfo="$ca" download "$@"
