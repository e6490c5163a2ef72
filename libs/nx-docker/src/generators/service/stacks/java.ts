import type { Tree } from '@nx/devkit';
import { fileURLToPath } from 'node:url';
import type { StackDescriptor } from './stack.ts';

/** The twin's pom: the one source of the Spring Boot and Java versions a generated pom gets. */
export const REPORTS_POM = 'services/reports/pom.xml';

/** What services/reports/pom.xml holds today, for a repo without reports (java.test.ts keeps them equal). */
export const JAVA_VERSIONS_FALLBACK = { springBoot: '4.1.2', java: '25' };

/** The Spring Boot parent's version and <java.version> of a pom, where it has them. */
export function pomVersions(pom: string): Partial<typeof JAVA_VERSIONS_FALLBACK> {
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(pom)?.[1] ?? '';
  const isBootParent = parent.includes('<artifactId>spring-boot-starter-parent</artifactId>');
  const springBoot = isBootParent ? /<version>\s*([^<\s]+)\s*<\/version>/.exec(parent)?.[1] : undefined;
  const java = /<java\.version>\s*([^<\s]+)\s*<\/java\.version>/.exec(pom)?.[1];
  return { ...(springBoot && { springBoot }), ...(java && { java }) };
}

// Reserved words and literals cannot be package names (`dev.polystage.new` does not compile).
const JAVA_RESERVED = new Set(
  ('abstract assert boolean break byte case catch char class const continue default do double else enum extends final ' +
    'finally float for goto if implements import instanceof int interface long native new package private protected public ' +
    'return short static strictfp super switch synchronized this throw throws transient try void volatile while true false null').split(' '),
);

/**
 * The Java package of service `name`: reports' group (dev.polystage) plus the name without its
 * hyphens, as Spring Initializr derives a package from an artifact id (demo-java -> dev.polystage.demojava);
 * a reserved word gets a trailing underscore, as JLS 6.1 advises (new -> dev.polystage.new_).
 */
export function javaPackage(name: string): string {
  const segment = name.replaceAll('-', '');
  return `dev.polystage.${JAVA_RESERVED.has(segment) ? `${segment}_` : segment}`;
}

/** The prefix of the service's class names, as reports' ReportsApplication: demo-java -> DemoJava. */
export const javaClassPrefix = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The java templates' own variables; the paths use __javaPackagePath__ and __javaClassPrefix__. */
export function javaTemplateVariables(tree: Tree, name: string): Record<string, string> {
  const pom = tree.read(REPORTS_POM, 'utf8');
  const versions = { ...JAVA_VERSIONS_FALLBACK, ...(pom === null ? {} : pomVersions(pom)) };
  const pkg = javaPackage(name);
  return {
    javaPackage: pkg,
    javaPackagePath: pkg.replaceAll('.', '/'),
    javaClassPrefix: javaClassPrefix(name),
    springBootVersion: versions.springBoot,
    javaVersion: versions.java,
  };
}

/** Java: Spring Boot (Spring MVC on Tomcat) built by Maven, modelled on services/reports; a jlink'd JRE on distroless base-nossl. */
export const java: StackDescriptor = {
  name: 'java',
  // The README columns as reports' row has them.
  summary: 'Java 25, Spring Boot, Maven, JUnit (Jupiter)',
  runtime: "jlink'd runtime + AOT cache on distroless base-nossl",
  tags: ['lang:java'],
  defaultPort: 8080,
  healthPath: '/healthz',
  // Measured 143.5 MB (reports: 149 MB): base-nossl 14.4 MB, libstdc++/libgcc_s/zlib 2.8 MB, the
  // jlink'd runtime 55.4 MB, Spring Boot's jars 19.8 MB, the app 15 kB, the AOT cache 51.1 MB.
  // Reports' 160 MB budget: room for a few dependencies and a JDK patch release.
  sizeBudgetMb: 160,
  baseImages: {
    from: 'services/reports/Dockerfile',
    fallback: { MAVEN_IMAGE: 'maven:3.9-eclipse-temurin-25', BASE_NOSSL_IMAGE: 'gcr.io/distroless/base-nossl-debian13:nonroot' },
  },
  // As reports' spec: a JVM start on two shared cores can take tens of seconds; Tomcat needs a
  // sized /tmp; no Maven, JDK tools, sources or test jars in the image.
  smoke: {
    startupBudgetMs: 120_000,
    tmpfs: ['/tmp:rw,size=16m'],
    absentPaths: [
      '/src', '/root/.m2', '/usr/share/maven', '**/bin/mvn', '**/*.java', '**/jmods', '**/bin/jlink', '**/bin/jdeps', '**/bin/jar',
      '**/bin/jshell', '**/bin/jcmd', '**/bin/keytool', '/opt/java/include', '/app/lib/junit-*.jar', '/app/lib/spring-boot-test-*.jar',
    ],
  },
  // No HEALTHCHECK: there is nothing in the image to run one (no shell, no probe binary).
  compose: { memLimit: '512m', pidsLimit: 128, tmpfs: ['/tmp'], healthcheck: false },
  // What reports' compose.dev.yaml entry watches: javac compiles src/main in the container.
  dev: { memLimit: '1536m', pidsLimit: 256, sync: ['src/main'], rebuild: ['pom.xml', 'dev', 'Dockerfile'] },
  templateVariables: javaTemplateVariables,
  files: fileURLToPath(new URL('../files/java', import.meta.url)),
};
