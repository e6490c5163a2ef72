#!/bin/sh
# usage: unpack-debs.sh ROOTFS DEB...
# Unpacks .debs the way distroless does: file trees only, no maintainer scripts, no dpkg database
# (a status.d entry per package instead, so scanners still see what is inside).
set -eu
root=$1
shift
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$root/usr/lib64" "$root/var/lib/dpkg/status.d"
# Merged /usr, as in Debian 13: keep these as links even when a package ships paths under them.
for dir in bin sbin lib lib64; do
  [ -e "$root/$dir" ] || ln -s "usr/$dir" "$root/$dir"
done
for deb in "$@"; do
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$root"
  dpkg-deb -f "$deb" > "$root/var/lib/dpkg/status.d/$(dpkg-deb -f "$deb" Package)"
done
# Runtime images carry licences, not manuals.
rm -rf "$root/usr/share/man" "$root/usr/share/info" "$root/usr/share/lintian" "$root/usr/share/locale"
find "$root/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -exec rm -f {} + 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
