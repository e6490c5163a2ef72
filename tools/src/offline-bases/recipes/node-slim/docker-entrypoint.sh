#!/bin/sh
# As the official node image: arguments that start with "-" or are not a command go to node,
# so `docker run node:24 --version` and `docker run node:24 app.js` both run node.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
