#!/bin/sh
# usage: java-truststore.sh PEM_BUNDLE OUT.p12
# Java cannot read a PEM bundle as a truststore: turn it into a PKCS#12 one whose entries Java
# treats as trusted (openssl >= 3.2 -jdktrust). Callers delete OUT in the same RUN.
set -eu
openssl pkcs12 -export -nokeys -jdktrust anyExtendedKeyUsage -in "$1" -out "$2" -passout pass:changeit
