#!/bin/sh
# usage: mvn-trusting.sh MAVEN_ARGS...
# Runs Maven trusting exactly the system CA bundle, which is the build's `ca-bundle` secret when
# one is mounted over it (a TLS-intercepting proxy's CA). Java cannot read a PEM bundle as a
# truststore, so it becomes a throwaway PKCS#12 one (openssl >= 3.2 -jdktrust), removed on exit:
# nothing of the CA outlives this RUN.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
openssl pkcs12 -export -nokeys -jdktrust anyExtendedKeyUsage \
  -in /etc/ssl/certs/ca-certificates.crt -out "$dir/truststore.p12" -passout pass:changeit
# The two access flags silence Maven 3.9's own libraries (jansi, guava) warning on JDK 25.
MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djavax.net.ssl.trustStore=$dir/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12" \
  mvn "$@"
