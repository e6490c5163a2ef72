#!/bin/sh
# Assembles a root tree holding nginx from Debian and nothing it does not load:
#   <out>/usr/sbin/nginx, the brotli_static module, mime.types, every shared library ldd
#   resolves for them (at their merged-/usr path, as the runtime base lays them out) and the
#   copyright file of each Debian package those files come from.
# nginx and the module are unpacked (dpkg-deb -x), not installed: no maintainer scripts, no
# default sites. The libraries are installed in this throwaway builder, so ldd and dpkg -S
# can name them. Usage: nginx-rootfs.sh <out>
set -eu
out=$1
work=$(mktemp -d)
mkdir -p "$work/debs" "$work/pkg"
chmod 755 "$work" && chown _apt "$work/debs" # apt downloads as _apt

apt-get update -qq
(cd "$work/debs" && apt-get download -qq nginx nginx-common libnginx-mod-http-brotli-static)
apt-get install -y -qq --no-install-recommends libcrypt1 libpcre2-8-0 libssl3t64 zlib1g >/dev/null
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/pkg"; done

mkdir -p "$out/usr/sbin" "$out/usr/lib/nginx/modules" "$out/etc/nginx"
# The merged-/usr links the runtime base has too (so the ELF loader path /lib64/... resolves
# in a chroot of this tree); copied onto that base they replace identical links.
ln -s usr/lib "$out/lib"
ln -s usr/lib64 "$out/lib64"
cp "$work/pkg/usr/sbin/nginx" "$out/usr/sbin/"
cp "$work/pkg/usr/lib/nginx/modules/ngx_http_brotli_static_module.so" "$out/usr/lib/nginx/modules/"
cp "$work/pkg/etc/nginx/mime.types" "$out/etc/nginx/"

copyright() { # <package> <from root>
  mkdir -p "$out/usr/share/doc/$1"
  cp "$2/usr/share/doc/$1/copyright" "$out/usr/share/doc/$1/"
}
copyright nginx "$work/pkg"
copyright libnginx-mod-http-brotli-static "$work/pkg"

# ldd lines: "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and the loader
# "/lib64/ld-linux-x86-64.so.2 (0x...)"; the "<file>:" headers are skipped.
ldd "$out/usr/sbin/nginx" "$out"/usr/lib/nginx/modules/*.so \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' \
  | sort -u \
  | while read -r lib; do
      # /lib and /lib64 are links into /usr here and in the runtime base: copy to the real folder.
      dir="$out$(readlink -f "$(dirname "$lib")")"
      mkdir -p "$dir"
      cp -L "$lib" "$dir/$(basename "$lib")"
      copyright "$(dpkg -S "$(readlink -f "$lib")" | cut -d: -f1)" ""
    done

rm -rf "$work" /var/lib/apt/lists/*
chroot "$out" /usr/sbin/nginx -v
