#!/bin/sh
# usage: mvn-trusting.sh MAVEN_ARGS...
# Runs Maven trusting exactly the system CA bundle, which is the build's `ca-bundle` secret when
# one is mounted over it (a TLS-intercepting proxy's CA). Java cannot read a PEM bundle as a
# truststore, so it becomes a throwaway PKCS#12 one, removed on exit: nothing of the CA outlives
# this RUN.
# The truststore is written by the JDK itself: the small Java program below, run from source, one
# JVM for the whole bundle (about a second), so this needs only sh, mktemp and the JDK every Maven
# image has, Debian-based stand-in and Ubuntu-based official image alike. Not openssl: `pkcs12
# -jdktrust` needs OpenSSL 3.2+ and the official maven:*-eclipse-temurin-* images (Ubuntu noble)
# have 3.0. Not keytool: it imports only the first certificate of a file, so one run (one JVM
# start) per certificate, about 90 s for a 144-certificate bundle.
set -eu
bundle=/etc/ssl/certs/ca-certificates.crt
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/PemTruststore.java" <<'JAVA'
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PemTruststore BUNDLE.pem OUT.p12 PASSWORD: every certificate of the bundle as a trusted entry. */
class PemTruststore {
  public static void main(String[] args) throws Exception {
    try {
      write(args[0], args[1], args[2].toCharArray());
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("mvn-trusting: no truststore: " + (e instanceof IllegalArgumentException ? e.getMessage() : e));
      System.exit(1);
    }
  }

  static void write(String bundle, String out, char[] password) throws Exception {
    // Only the certificate blocks count: comments, CRLF line ends and other PEM blocks are skipped.
    // OpenSSL's "TRUSTED CERTIFICATE" blocks hold the certificate first; its trust settings are dropped.
    String pem = Files.readString(Path.of(bundle), StandardCharsets.ISO_8859_1);
    Matcher block = Pattern.compile("-----BEGIN (TRUSTED )?CERTIFICATE-----(.*?)-----END (TRUSTED )?CERTIFICATE-----", Pattern.DOTALL).matcher(pem);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int count = 0;
    while (block.find()) {
      count++;
      try {
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        store.setCertificateEntry(String.format("ca-%04d", count), x509.generateCertificate(new ByteArrayInputStream(der)));
      } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
        throw new IllegalArgumentException(bundle + ": certificate " + count + " cannot be read: " + e.getMessage(), e);
      }
    }
    if (count == 0) throw new IllegalArgumentException(bundle + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    try (OutputStream file = Files.newOutputStream(Path.of(out))) {
      store.store(file, password);
    }
  }
}
JAVA
# C1 only, the serial collector and no perf-data file: a short-lived JVM starts faster.
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  "$dir/PemTruststore.java" "$bundle" "$dir/truststore.p12" changeit
# The two access flags silence Maven 3.9's own libraries (jansi, guava) warning on JDK 25.
MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djavax.net.ssl.trustStore=$dir/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12" \
  mvn "$@"
