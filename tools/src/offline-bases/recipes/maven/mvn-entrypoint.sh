#!/bin/sh
# As the official maven image: seed $MAVEN_CONFIG from /usr/share/maven/ref (files not already
# there), then run the command.
set -e
ref=/usr/share/maven/ref
config=${MAVEN_CONFIG:-/root/.m2}
if [ -d "$ref" ]; then
  mkdir -p "$config"
  (cd "$ref" && find . -type f) | while read -r file; do
    [ -e "$config/$file" ] || { mkdir -p "$(dirname "$config/$file")"; cp "$ref/$file" "$config/$file"; }
  done
fi
exec "$@"
