/**
 * The gateway's allowlist as data (services/gateway/internal/routes/routes.json, embedded into the
 * gateway binary and validated there at startup and in its tests). The generator adds an upstream
 * with its public prefix and the generated contract's one route; remove-service takes them out.
 */
import type { Tree } from '@nx/devkit';

export const ROUTES_FILE = 'services/gateway/internal/routes/routes.json';

export interface UpstreamEntry {
  name: string;
  prefix: string;
  timeout: string;
}

export interface RouteEntry {
  name: string;
  method: string;
  path: string;
  upstream: string;
  upstreamPath: string;
  create?: boolean;
  maxBodyBytes?: number;
}

export interface RouteTable {
  $comment?: string;
  upstreams: UpstreamEntry[];
  routes: RouteEntry[];
}

/** Body cap of the generated POST /echo route: the services' own 64 KiB cap. */
const ECHO_BODY_BYTES = 64 << 10;

export function readRouteTable(tree: Tree): RouteTable | undefined {
  const text = tree.read(ROUTES_FILE, 'utf8');
  return text === null ? undefined : (JSON.parse(text) as RouteTable);
}

export function writeRouteTable(tree: Tree, table: RouteTable): void {
  tree.write(ROUTES_FILE, `${JSON.stringify(table, null, 2)}\n`);
}

export const takenPrefixes = (table: RouteTable | undefined): string[] => table?.upstreams.map((upstream) => upstream.prefix) ?? [];

/** GATEWAY_<NAME>_URL: the gateway's config variable for an upstream (demo-go -> GATEWAY_DEMO_GO_URL). */
export const upstreamUrlVariable = (name: string): string => `GATEWAY_${name.toUpperCase().replaceAll('-', '_')}_URL`;

export function addServiceRoute(table: RouteTable, name: string, prefix: string): RouteTable {
  return {
    ...table,
    upstreams: [...table.upstreams, { name, prefix, timeout: '15s' }],
    routes: [...table.routes, { name: `${name}.echo`, method: 'POST', path: `${prefix}/echo`, upstream: name, upstreamPath: '/echo', maxBodyBytes: ECHO_BODY_BYTES }],
  };
}

export function removeServiceRoutes(table: RouteTable, name: string): RouteTable {
  return {
    ...table,
    upstreams: table.upstreams.filter((upstream) => upstream.name !== name),
    routes: table.routes.filter((route) => route.upstream !== name),
  };
}
