#!/bin/sh
# usage: apt-install.sh PACKAGE...
# Installs without recommends and leaves no package lists behind (the lists live in a cache mount).
set -eu
ca=/run/secrets/ca-bundle
export DEBIAN_FRONTEND=noninteractive
apt-get -qq -o Acquire::https::CAInfo="$ca" update
apt-get -qq -o Acquire::https::CAInfo="$ca" install -y --no-install-recommends "$@" >/dev/null
