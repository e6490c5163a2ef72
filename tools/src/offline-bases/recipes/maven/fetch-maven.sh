#!/bin/sh
# usage: fetch-maven.sh VERSION OUT_DIR
# Fetches the official Maven binary distribution (org.apache.maven:apache-maven:<v>:tar.gz:bin)
# from Maven's default remote repository, with Debian's maven as the client, trusting the build's
# CA bundle through a throwaway truststore, and unpacks it into OUT_DIR.
set -eu
version=$1 out=$2
store=$(mktemp -u).p12
trap 'rm -f "$store"' EXIT
sh /opt/recipe/java-truststore.sh /run/secrets/ca-bundle "$store"
MAVEN_OPTS="-Djavax.net.ssl.trustStore=$store -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12" \
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    "-Dartifact=org.apache.maven:apache-maven:$version:tar.gz:bin" -DoutputDirectory=/tmp/maven-dist
mkdir -p "$out"
tar -xzf "/tmp/maven-dist/apache-maven-$version-bin.tar.gz" -C "$out" --strip-components=1
rm -rf /tmp/maven-dist
