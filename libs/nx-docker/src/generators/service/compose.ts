/**
 * compose.yaml edits through the yaml package's Document API, so comments, anchors and layout of
 * the rest of the file survive: a new service gets the shared `<<: *hardened` block, its limits and
 * environment; a routed one is also an upstream of the gateway.
 */
import type { Tree } from '@nx/devkit';
import { isMap, isScalar, parseDocument, Scalar, YAMLMap, type Document } from 'yaml';

export const COMPOSE_FILE = 'compose.yaml';
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

export function readCompose(tree: Tree): Document | undefined {
  const text = tree.read(COMPOSE_FILE, 'utf8');
  if (text === null) return undefined;
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${COMPOSE_FILE} does not parse (${doc.errors[0]!.message}): fix it before generating.`);
  return doc;
}

export function writeCompose(tree: Tree, doc: Document): void {
  tree.write(COMPOSE_FILE, doc.toString({ lineWidth: 0 }));
}

function services(doc: Document): YAMLMap {
  const node = doc.get('services', true);
  if (!isMap(node)) throw new Error(`${COMPOSE_FILE} has no services map.`);
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
  const build = doc.createNode({ context: '.', dockerfile: `services/${spec.name}/Dockerfile`, target: 'prod' });
  build.flow = true;
  node.add(doc.createPair('build', build));
  node.add(doc.createPair('image', `${spec.name}:prod`));
  if (Object.keys(spec.environment).length > 0) node.add(doc.createPair('environment', doc.createNode(spec.environment)));
  node.add(doc.createPair('mem_limit', spec.memLimit));
  node.add(doc.createPair('pids_limit', spec.pidsLimit));
  if (spec.tmpfs.length > 0) {
    const tmpfs = doc.createNode(spec.tmpfs);
    tmpfs.flow = true;
    node.add(doc.createPair('tmpfs', tmpfs));
  }
  const key = new Scalar(spec.name);
  key.spaceBefore = true;
  const pair = doc.createPair(key, node);
  const gatewayAt = map.items.findIndex((item) => isScalar(item.key) && item.key.value === 'gateway');
  if (gatewayAt >= 0) {
    map.items.splice(gatewayAt, 0, pair);
    const gatewayKey = map.items[gatewayAt + 1]!.key;
    if (isScalar(gatewayKey)) gatewayKey.spaceBefore = true;
  } else {
    map.items.push(pair);
  }
}

/** The gateway reaches `name` at `url` (GATEWAY_<NAME>_URL) and starts after it. */
export function addGatewayUpstream(doc: Document, name: string, envName: string, url: string, healthcheck: boolean): void {
  if (!services(doc).has('gateway')) return;
  doc.setIn(['services', 'gateway', 'environment', envName], url);
  const condition = doc.createNode({ condition: healthcheck ? 'service_healthy' : 'service_started' });
  condition.flow = true;
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
