#!/bin/sh
# usage: copy-jre.sh JAVA_HOME ROOTFS
# Copies an installed JRE into ROOTFS with its config (Debian keeps it under /etc as links), the
# Java cacerts, /usr/bin/java, and every shared library its binaries link outside the JRE itself.
set -eu
home=$1 root=$2
mkdir -p "$root/usr/lib/jvm" "$root/usr/bin" "$root/etc/ssl/certs/java"
cp -a "$home" "$root/usr/lib/jvm/"
# Debian's JRE links conf/ and lib/security/cacerts into /etc: ship real files instead.
cp -a --remove-destination -L "$home/conf" "$root$home/"
cp -a -L /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/cacerts"
rm -f "$root$home/lib/security/cacerts"
ln -s /etc/ssl/certs/java/cacerts "$root$home/lib/security/cacerts"
ln -s "$home/bin/java" "$root/usr/bin/java"
find -L "$home" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} + 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
  | while read -r lib; do
      case "$lib" in "$home"/*) continue ;; esac
      dir=$(readlink -f "$(dirname "$lib")")
      mkdir -p "$root$dir"
      cp -L "$lib" "$root$dir/$(basename "$lib")"
    done
# The cc layer holds the merged-/usr links; leave its files to it.
rm -rf "$root/lib" "$root/lib64" "$root/bin" "$root/sbin"
