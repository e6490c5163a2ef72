#!/bin/sh
# reports' dev loop (Dockerfile stage `dev`, compose.dev.yaml). Compiles src/main with javac into
# target/classes and runs the app from there with Spring Boot devtools on the class path. Every
# change under src/main (compose watch syncs edits in) is compiled again, then devtools' trigger
# file is touched: devtools restarts the app in a fresh class loader (about a second) instead of
# a new JVM. A compile error is printed and the running app stays up.
#   dev-loop.sh           run the loop (the image's CMD)
#   dev-loop.sh compile   compile once (the image build warms target/classes with it)
set -eu
cd /src/services/reports
classes=target/classes
lib=/opt/reports/lib
trigger=.reloadtrigger
interval=${DEV_POLL_SECONDS:-0.5}

# javac as the Boot parent configures maven-compiler-plugin: the pom's release, -parameters.
compile() {
  rm -rf target/next && mkdir -p target/next
  find src/main/java -name '*.java' > target/sources.txt
  if ! javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -J-Xshare:auto \
      --release 25 -parameters -encoding UTF-8 -proc:none \
      -cp "$lib/*" -d target/next @target/sources.txt; then
    echo "reports dev: compile failed; the running app is unchanged" >&2
    return 1
  fi
  cp -R src/main/resources/. target/next/
  mkdir -p "$classes"
  find "$classes" -mindepth 1 ! -name "$trigger" -delete
  cp -R target/next/. "$classes"/
  date +%s.%N > "$classes/$trigger"
}

# Paths, times and sizes of every source file: a change to any of them changes this line.
fingerprint() {
  find src/main -type f -exec stat -c '%n %Y %s' {} + | sort | cksum
}

if [ "${1:-}" = compile ]; then
  compile
  exit
fi

[ -f "$classes/$trigger" ] || compile
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  -Dspring.devtools.restart.trigger-file="$trigger" \
  -Dspring.devtools.restart.poll-interval=300ms \
  -Dspring.devtools.restart.quiet-period=100ms \
  -Dspring.devtools.livereload.enabled=false \
  -cp "$classes:$lib/*:/opt/reports/devtools/*" dev.polystage.reports.ReportsApplication &
app=$!
# docker stop: the app drains (graceful shutdown) and exits 0, as in prod.
trap 'kill -TERM "$app" 2>/dev/null; wait "$app"; exit $?' TERM INT

last=$(fingerprint)
while kill -0 "$app" 2>/dev/null; do
  sleep "$interval"
  now=$(fingerprint)
  if [ "$now" != "$last" ]; then
    last=$now
    echo "reports dev: src/main changed, compiling" >&2
    compile || true
  fi
done
wait "$app"
