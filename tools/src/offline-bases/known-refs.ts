/**
 * Base images the five services are planned to use, for building stand-ins before their
 * Dockerfiles exist (`cli.ts build --known`). Once a service's Dockerfile exists, its `*_IMAGE`
 * ARGs are the source of truth and `ensure` reads them; this list only adds to them.
 */
export const KNOWN_REFS: readonly string[] = [
  'debian:trixie-slim',
  // api (Python)
  'python:3.13-slim-trixie',
  'gcr.io/distroless/python3-debian13:nonroot',
  // gateway (Go) and web (static files behind a server unpacked from Debian's nginx)
  'golang:1.27-trixie',
  'gcr.io/distroless/static-debian13:nonroot',
  'gcr.io/distroless/base-debian13:nonroot',
  // worker and web builds (Node)
  'node:24-trixie-slim',
  'gcr.io/distroless/nodejs24-debian13:nonroot',
  // reports (Java): build with Maven + JDK 25, run a jlink'd runtime on cc or the distroless JRE
  'maven:3.9-eclipse-temurin-25',
  'gcr.io/distroless/cc-debian13:nonroot',
  'gcr.io/distroless/java25-debian13:nonroot',
];
