/**
 * The java stack on Nx's virtual Tree: what it renders, and that it stays services/reports' twin
 * (base images, Spring Boot and Java versions, Dockerfile stages, the scripts the build runs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../dockerfile/parse.ts';
import { REPO_ROOT, repoTree } from '../../test-tree.ts';
import { imageArgs } from '../base-images.ts';
import serviceGenerator from '../generator.ts';
import { java, javaClassPrefix, javaPackage, JAVA_VERSIONS_FALLBACK, pomVersions, REPORTS_POM } from './java.ts';

const reports = (path: string): string => readFileSync(join(REPO_ROOT, 'services/reports', path), 'utf8');
// The comparisons with reports hold while reports exists; once it is removed (remove-service
// reports), the templates with the descriptor's fallbacks are the only source and the rest holds.
const twinExists = existsSync(join(REPO_ROOT, 'services/reports'));
const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';

async function generate(options: { name?: string; port?: number; tree?: Tree } = {}): Promise<{ tree: Tree; root: string }> {
  const tree = options.tree ?? repoTree();
  const name = options.name ?? 'demo-java';
  await serviceGenerator(tree, { name, stack: 'java', ...(options.port && { port: options.port }) });
  return { tree, root: `services/${name}` };
}

const serviceFiles = (tree: Tree, root: string): string[] =>
  tree.listChanges().map((change) => change.path).filter((path) => path.startsWith(`${root}/`)).sort();

/** groupId:artifactId[:version] of every <plugin> of a pom. */
const plugins = (pom: string): string[] =>
  [...pom.matchAll(/<plugin>([\s\S]*?)<\/plugin>/g)].map(([, body]) =>
    ['groupId', 'artifactId', 'version'].map((tag) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(body!)?.[1]).filter(Boolean).join(':'),
  );

describe('java stack', () => {
  it('renders a Spring Boot service in its own package with every placeholder filled', async () => {
    const { tree, root } = await generate();
    const files = serviceFiles(tree, root);
    const pkg = `${root}/src/main/java/dev/polystage/demojava`;
    const tests = `${root}/src/test/java/dev/polystage/demojava`;
    expect(files).toEqual([
      `${root}/Dockerfile`,
      `${root}/README.md`,
      `${root}/dev/dev-loop.sh`,
      `${root}/docker/extra-modules.txt`,
      `${root}/docker/mvn-trusting.sh`,
      `${root}/docker/runtime-libs.sh`,
      `${root}/pom.xml`,
      `${root}/project.json`,
      `${root}/smoke/prod.smoke.test.ts`,
      `${root}/smoke/tsconfig.json`,
      `${pkg}/DemoJavaApplication.java`,
      `${pkg}/DemoJavaProperties.java`,
      `${pkg}/web/AccessLog.java`,
      `${pkg}/web/Echo.java`,
      `${pkg}/web/EchoController.java`,
      `${pkg}/web/ErrorResponses.java`,
      `${pkg}/web/RefusedException.java`,
      `${root}/src/main/resources/application.properties`,
      `${tests}/DemoJavaPropertiesTest.java`,
      `${tests}/web/EchoOverHttpTest.java`,
      `${tests}/web/EchoTest.java`,
    ].sort());
    for (const file of files) expect(read(tree, file), file).not.toMatch(/<%|%>|__\w+__|undefined|\[object Object\]/);
    for (const file of files.filter((path) => path.endsWith('.java'))) {
      expect(read(tree, file), file).toMatch(/^package dev\.polystage\.demojava(\.web)?;$/m);
    }
    expect(read(tree, `${pkg}/DemoJavaApplication.java`)).toContain('public class DemoJavaApplication');
    expect(read(tree, `${root}/dev/dev-loop.sh`)).toContain(' dev.polystage.demojava.DemoJavaApplication &');
    const properties = read(tree, `${root}/src/main/resources/application.properties`);
    expect(properties).toContain('demo-java.max-message-chars=${DEMO_JAVA_MAX_MESSAGE_CHARS:1000}');
    expect(properties).toContain('spring.lifecycle.timeout-per-shutdown-phase=${DEMO_JAVA_SHUTDOWN_TIMEOUT:8s}');
    expect(properties).toContain('logging.level.dev.polystage.demojava=${DEMO_JAVA_LOG_LEVEL:info}');
    expect(properties).toContain('logging.structured.format.console=ecs');
  });

  it.each([
    ['demo-java', 'dev.polystage.demojava', 'DemoJava'],
    ['billing', 'dev.polystage.billing', 'Billing'],
    ['a2-b3', 'dev.polystage.a2b3', 'A2B3'],
    ['new', 'dev.polystage.new_', 'New'],
    ['int', 'dev.polystage.int_', 'Int'],
  ])('derives %s’s package (%s) and class names (%s…) that compile', (name, pkg, prefix) => {
    expect(javaPackage(name)).toBe(pkg);
    expect(javaClassPrefix(name)).toBe(prefix);
  });

  it('writes the package’s folders from its name, a reserved word included', async () => {
    const { tree, root } = await generate({ name: 'new' });
    expect(serviceFiles(tree, root)).toContain(`${root}/src/main/java/dev/polystage/new_/NewApplication.java`);
    expect(read(tree, `${root}/src/main/java/dev/polystage/new_/NewApplication.java`)).toMatch(/^package dev\.polystage\.new_;$/m);
  });

  // Mutation guarded: a stage renamed, reordered or dropped; a Maven RUN without its cache or ca-bundle mount.
  it.runIf(twinExists)('writes reports’ stages, base-image ARGs and Maven mounts', async () => {
    const { tree, root } = await generate();
    const text = read(tree, `${root}/Dockerfile`);
    const model = parseDockerfile(text, `${root}/Dockerfile`);
    const twin = parseDockerfile(reports('Dockerfile'), 'services/reports/Dockerfile');
    expect(model.stages.map((stage) => stage.name)).toEqual(['deps', 'test', 'modules', 'jre', 'build', 'aot', 'dev', 'prod']);
    expect(model.stages.map((stage) => stage.name)).toEqual(twin.stages.map((stage) => stage.name));
    expect(imageArgs(text)).toEqual(imageArgs(reports('Dockerfile')));
    // Every step that runs Maven (the network) has the shared repository cache and the optional CA.
    const mavenRuns = text.split(/\n(?=RUN )/).filter((step) => step.includes('mvn-trusting.sh -B'));
    expect(mavenRuns).toHaveLength(5);
    for (const step of mavenRuns) {
      expect(step).toContain('--mount=type=cache,id=polystage-reports-m2,target=/root/.m2/repository,sharing=locked');
      expect(step).toContain('--mount=type=secret,id=ca-bundle,target=/etc/ssl/certs/ca-certificates.crt,required=false');
    }
    expect(text).toMatch(/^USER 65532:65532$/m);
    expect(text).toMatch(/^USER 65534$/m);
    expect(text).toContain('"-jar", "/app/demo-java.jar"]');
    expect(text).toContain('org.opencontainers.image.title="polystage-demo-java"');
    const instructions = text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
    expect(text).not.toMatch(/^# syntax=/m);
    expect(instructions).not.toMatch(/<<\s*['"]?[A-Z]|COPY --link|COPY --chmod/);
  });

  it('puts --port everywhere the port is', async () => {
    const { tree, root } = await generate({ port: 9191 });
    const dockerfile = read(tree, `${root}/Dockerfile`);
    expect(dockerfile.match(/^ENV PORT=9191$/gm)).toHaveLength(2);
    expect(dockerfile.match(/^EXPOSE 9191$/gm)).toHaveLength(2);
    expect(read(tree, `${root}/src/main/resources/application.properties`)).toContain('server.port=${PORT:9191}');
    expect(read(tree, `${root}/smoke/prod.smoke.test.ts`)).toContain('port: 9191,');
    for (const file of serviceFiles(tree, root)) expect(read(tree, file), file).not.toContain('8080');
  });

  it.runIf(twinExists)('describes itself in the README’s services table as reports’ row does', () => {
    const row = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n').find((line) => line.startsWith('| `reports` |'));
    expect(row).toContain(`| ${java.summary} | ${java.defaultPort} | ${java.runtime} |`);
  });

  it.runIf(twinExists)('keeps fallback base images equal to reports’ Dockerfile’s', () => {
    expect(java.baseImages.fallback).toEqual(imageArgs(reports('Dockerfile')));
  });

  // The template pom has no versions of its own: its parent and <java.version> are filled from reports' pom.
  it.runIf(twinExists)('gives the pom reports’ Spring Boot parent, Java version and plugins', async () => {
    const { tree, root } = await generate();
    const pom = read(tree, `${root}/pom.xml`);
    const twin = reports('pom.xml');
    expect(pomVersions(pom)).toEqual(pomVersions(twin));
    expect(plugins(pom)).toEqual(plugins(twin));
    expect(plugins(pom)).toEqual(['org.springframework.boot:spring-boot-maven-plugin']);
    // The Java release the pom names is the one the Dockerfile's jdeps and the dev loop's javac use.
    const release = pomVersions(pom).java!;
    expect(read(tree, `${root}/Dockerfile`).match(/--multi-release (\d+)/g)).toEqual([`--multi-release ${release}`, `--multi-release ${release}`]);
    expect(read(tree, `${root}/dev/dev-loop.sh`)).toContain(`--release ${release} `);
  });

  // Mutation guarded: versions hard-coded in the template, or taken from the fallback while reports exists.
  it.runIf(twinExists)('takes the versions from reports’ pom, the one source, and falls back without it', async () => {
    const tree = repoTree();
    tree.write(REPORTS_POM, read(tree, REPORTS_POM).replace(/(<artifactId>spring-boot-starter-parent<\/artifactId>\s*<version>)[^<]+/, '$19.8.7').replace(/<java\.version>\d+/, '<java.version>31'));
    const { root } = await generate({ tree });
    expect(pomVersions(read(tree, `${root}/pom.xml`))).toEqual({ springBoot: '9.8.7', java: '31' });

    const without = repoTree();
    without.delete(REPORTS_POM);
    const generated = await generate({ tree: without });
    expect(pomVersions(read(without, `${generated.root}/pom.xml`))).toEqual(JAVA_VERSIONS_FALLBACK);
  });

  it.runIf(twinExists)('keeps the fallback versions equal to reports’ pom’s', () => {
    expect(JAVA_VERSIONS_FALLBACK).toEqual(pomVersions(reports('pom.xml')));
  });

  // The scripts the build runs are reports' own: a fix to one must reach the other.
  it.runIf(twinExists)('copies reports’ build scripts and dev loop', async () => {
    const { tree, root } = await generate();
    expect(read(tree, `${root}/docker/mvn-trusting.sh`)).toBe(reports('docker/mvn-trusting.sh'));
    expect(read(tree, `${root}/docker/runtime-libs.sh`)).toBe(reports('docker/runtime-libs.sh'));
    const asReports = read(tree, `${root}/dev/dev-loop.sh`)
      .replaceAll('dev.polystage.demojava.DemoJavaApplication', 'dev.polystage.reports.ReportsApplication')
      .replace("# demo-java's dev loop", "# reports' dev loop")
      .replace("(the dev image's ENTRYPOINT)", "(the image's CMD)")
      .replaceAll('demo-java', 'reports');
    expect(asReports).toBe(reports('dev/dev-loop.sh'));
  });

  it('has reports’ smoke hardening: a sized /tmp and what the image must not hold', async () => {
    const { tree, root } = await generate();
    const spec = read(tree, `${root}/smoke/prod.smoke.test.ts`);
    expect(spec).toContain("tmpfs: { '/tmp': 'rw,size=16m' },");
    for (const path of java.smoke.absentPaths) expect(spec).toContain(`      '${path}',\n`);
  });
});
