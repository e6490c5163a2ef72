#!/bin/sh
# usage: unpack-node.sh NPM_DIR NODE_VERSION PREFIX
# Puts the node binary (and headers, for native addons) from the npm registry's node-linux-<arch>
# tarball (the one the recipe fetched, for the platform it builds) under PREFIX, as the official
# Linux tarball lays them out.
set -eu
npm_dir=$1 version=$2 prefix=$3
work=$(mktemp -d)
set -- "$npm_dir"/node-linux-*-"$version".tgz
[ "$#" -eq 1 ] && [ -f "$1" ] || { echo "expected one node-linux-<arch>-$version.tgz in $npm_dir, found: $*" >&2; exit 1; }
tar -xzf "$1" -C "$work"
mkdir -p "$prefix/bin" "$prefix/include"
cp "$work/package/bin/node" "$prefix/bin/node"
cp -r "$work/package/include/node" "$prefix/include/node"
rm -rf "$work"
test "$("$prefix/bin/node" --version)" = "v$version"
