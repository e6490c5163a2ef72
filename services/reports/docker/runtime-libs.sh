#!/bin/sh
# usage: runtime-libs.sh JAVA_HOME OUT_ROOT
# Copies into OUT_ROOT (same absolute paths) every shared library the runtime's binaries link
# outside JAVA_HOME, except glibc's, which every distroless base but static has. For Debian's
# JDK that is libstdc++, libgcc_s and zlib; Temurin's links nothing but glibc, so OUT_ROOT may
# stay empty, and is created first so the prod stage's COPY of it works on either JDK.
set -eu
home=$1 out=$2
mkdir -p "$out"
find "$home" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} + 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
  | while read -r lib; do
      case "$(basename "$lib")" in
        libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|ld-linux*) continue ;;
      esac
      case "$lib" in "$home"/*) continue ;; esac
      dir=$(readlink -f "$(dirname "$lib")")
      mkdir -p "$out$dir"
      cp -L "$lib" "$out$dir/"
      echo "runtime lib: $dir/$(basename "$lib")"
    done
