/**
 * The gateway's settings for an upstream (GATEWAY_<NAME>_URL, _TIMEOUT, _HEALTH_PATH) in a compose
 * file: removeComposeService drops a URL pointing at the service; a timeout or health path, e.g.
 * compose.dev.yaml's GATEWAY_WEB_TIMEOUT for Vite's websocket, names no host and goes here.
 */
import { isMap, isScalar, type Document } from 'yaml';

export function removeGatewaySettings(doc: Document, name: string): void {
  const environment = doc.getIn(['services', 'gateway', 'environment'], true);
  if (!isMap(environment)) return;
  const prefix = `GATEWAY_${name.toUpperCase().replaceAll('-', '_')}_`;
  for (const item of [...environment.items]) if (isScalar(item.key) && String(item.key.value).startsWith(prefix)) environment.delete(item.key);
  if (environment.items.length === 0) doc.deleteIn(['services', 'gateway', 'environment']);
}
