/**
 * compose.yaml edits through the yaml package's Document API, so comments, anchors and layout of
 * the rest of the file survive: a new service gets the shared `<<: *hardened` block, its limits and
 * environment; a routed one is also an upstream of the gateway.
 */
import type { Tree } from '@nx/devkit';
import { isMap, isScalar, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';

export const COMPOSE_FILE = 'compose.yaml';
/** The dev loop's overlay on compose.yaml: one entry per service, running its `dev` stage. */
export const COMPOSE_DEV_FILE = 'compose.dev.yaml';
const HARDENED_ANCHOR = 'hardened';

export interface ComposeServiceSpec {
  name: string;
  port: number;
  memLimit: string;
  pidsLimit: number;
  tmpfs: string[];
  environment: Record<string, string>;
  /** The image has a HEALTHCHECK: dependants wait for service_healthy. */
  healthcheck: boolean;
}

export function readCompose(tree: Tree, file = COMPOSE_FILE): Document | undefined {
  const text = tree.read(file, 'utf8');
  if (text === null) return undefined;
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${file} does not parse (${doc.errors[0]!.message}): fix it before generating.`);
  return doc;
}

export function writeCompose(tree: Tree, doc: Document, file = COMPOSE_FILE): void {
  tree.write(file, doc.toString({ lineWidth: 0 }));
}

function services(doc: Document): YAMLMap {
  const node = doc.get('services', true);
  if (!isMap(node)) throw new Error(`a compose file has no services map: add "services:" to it.`);
  return node;
}

/** A value written on one line (`{ target: dev }`, `[/tmp]`), as the hand-written entries are. */
function flowNode(doc: Document, value: object): YAMLMap | YAMLSeq {
  // An object or array always becomes a map or a sequence.
  const node = doc.createNode(value) as YAMLMap | YAMLSeq;
  node.flow = true;
  return node;
}

/** The node anchored `&hardened` (the shared hardening block), if any. */
function hardenedBlock(doc: Document): YAMLMap | undefined {
  let found: YAMLMap | undefined;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (isMap(node)) {
      if (node.anchor === HARDENED_ANCHOR) found = node;
      for (const pair of node.items) visit(pair.value);
    }
  };
  visit(doc.contents);
  return found;
}

export function composeHasService(doc: Document, name: string): boolean {
  return services(doc).has(name);
}

/** Adds the service before the gateway (the gateway stays last, as it starts last). */
export function addComposeService(doc: Document, spec: ComposeServiceSpec): void {
  const map = services(doc);
  const node = new YAMLMap();
  const hardened = hardenedBlock(doc);
  if (hardened) node.add(doc.createPair('<<', doc.createAlias(hardened)));
  node.add(doc.createPair('build', flowNode(doc, { context: '.', dockerfile: `services/${spec.name}/Dockerfile`, target: 'prod' })));
  node.add(doc.createPair('image', `${spec.name}:prod`));
  if (Object.keys(spec.environment).length > 0) node.add(doc.createPair('environment', doc.createNode(spec.environment)));
  node.add(doc.createPair('mem_limit', spec.memLimit));
  node.add(doc.createPair('pids_limit', spec.pidsLimit));
  if (spec.tmpfs.length > 0) node.add(doc.createPair('tmpfs', flowNode(doc, spec.tmpfs)));
  insertBeforeGateway(map, spec.name, node);
}

/** The gateway stays the last entry (it starts last); a blank line before each service. */
function insertBeforeGateway(map: YAMLMap, name: string, node: YAMLMap): void {
  const key = new Scalar(name);
  key.spaceBefore = true;
  const pair = new Pair(key, node);
  const gatewayAt = map.items.findIndex((item) => isScalar(item.key) && item.key.value === 'gateway');
  if (gatewayAt >= 0) {
    map.items.splice(gatewayAt, 0, pair);
    const gatewayKey = map.items[gatewayAt + 1]!.key;
    if (isScalar(gatewayKey)) gatewayKey.spaceBefore = true;
  } else {
    map.items.push(pair);
  }
}

export interface ComposeDevSpec {
  name: string;
  memLimit: string;
  pidsLimit: number;
  /** Paths relative to services/<name>, or to the repo root when they start with `/`. */
  sync: string[];
  syncIgnore?: string[];
  rebuild: string[];
}

/**
 * The service's compose.dev.yaml entry, as the hand-written ones are: its `dev` stage tagged
 * <name>:dev, writable (Compose Watch copies files in), dev-sized caps, and watch rules that sync
 * the sources to /src/services/<name>/... and rebuild on manifests.
 */
export function addComposeDevService(doc: Document, spec: ComposeDevSpec): void {
  const map = services(doc);
  const repoPath = (path: string): string => (path.startsWith('/') ? path.slice(1) : `services/${spec.name}/${path}`);
  const watch = [
    ...spec.sync.map((path) => flowNode(doc, { action: 'sync', path: repoPath(path), target: `/src/${repoPath(path)}`, ...(spec.syncIgnore?.length ? { ignore: spec.syncIgnore } : {}) })),
    ...spec.rebuild.map((path) => flowNode(doc, { action: 'rebuild', path: repoPath(path) })),
  ];
  const node = new YAMLMap();
  node.add(doc.createPair('build', flowNode(doc, { target: 'dev' })));
  node.add(doc.createPair('image', `${spec.name}:dev`));
  node.add(doc.createPair('read_only', false));
  node.add(doc.createPair('mem_limit', spec.memLimit));
  node.add(doc.createPair('pids_limit', spec.pidsLimit));
  node.add(doc.createPair('develop', doc.createNode({ watch })));
  insertBeforeGateway(map, spec.name, node);
}

/** The gateway reaches `name` at `url` (GATEWAY_<NAME>_URL) and starts after it. */
export function addGatewayUpstream(doc: Document, name: string, envName: string, url: string, healthcheck: boolean): void {
  if (!services(doc).has('gateway')) return;
  doc.setIn(['services', 'gateway', 'environment', envName], url);
  const condition = flowNode(doc, { condition: healthcheck ? 'service_healthy' : 'service_started' });
  doc.setIn(['services', 'gateway', 'depends_on', name], condition);
}

/**
 * Removes the service and every reference to it: other services' depends_on entries and
 * environment values that point at it (http://<name>:...), and secrets or volumes only it used.
 */
export function removeComposeService(doc: Document, name: string): void {
  const map = services(doc);
  map.delete(name);
  const hostPattern = new RegExp(`^[a-z]+://${name.replace(/[-]/g, '\\-')}(?::\\d+)?(?:/|$)`);
  for (const pair of map.items) {
    const service = pair.value;
    if (!isMap(service)) continue;
    const dependsOn = service.get('depends_on', true);
    if (isMap(dependsOn)) {
      dependsOn.delete(name);
      if (dependsOn.items.length === 0) service.delete('depends_on');
    }
    const environment = service.get('environment', true);
    if (isMap(environment)) {
      for (const item of [...environment.items]) {
        if (isScalar(item.value) && hostPattern.test(String(item.value.value))) environment.delete(item.key);
      }
    }
  }
  dropUnused(doc, 'volumes', (service) => service.volumes?.map((volume) => volume.split(':')[0]!));
  dropUnused(doc, 'secrets', (service) => service.secrets);
}

interface ServiceRefs {
  volumes?: string[];
  secrets?: string[];
}

/** Top-level volumes or secrets no remaining service names go with the service that used them. */
function dropUnused(doc: Document, section: 'volumes' | 'secrets', refs: (service: ServiceRefs) => string[] | undefined): void {
  const top = doc.get(section, true);
  if (!isMap(top)) return;
  const used = new Set(Object.values((doc.toJS({ maxAliasCount: -1 }) as { services: Record<string, ServiceRefs> }).services).flatMap((service) => refs(service ?? {}) ?? []));
  for (const item of [...top.items]) if (isScalar(item.key) && !used.has(String(item.key.value))) top.delete(item.key);
  if (top.items.length === 0) doc.delete(section);
}
