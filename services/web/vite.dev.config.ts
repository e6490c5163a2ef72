// Vite's dev server as the dev stage runs it (services/web/Dockerfile, stage `dev`;
// compose.dev.yaml): vite.config.ts plus what serving behind the gateway needs.
// - Port 8080 on every interface, as nginx listens in prod (GATEWAY_WEB_URL=http://web:8080).
// - The gateway forwards with Host: web:8080 (its upstream's name), which Vite's DNS-rebinding
//   guard refuses unless allowed. The browser still talks to the gateway (127.0.0.1:8080), so
//   HMR's websocket goes there too and the gateway forwards the upgrade (compose.dev.yaml
//   lifts its web timeout, which would otherwise close the socket every 10 s).
// - GET /healthz answers 200, as nginx does, so the gateway's /readyz sees web as up.
import { defineConfig, mergeConfig, type Plugin } from 'vite';
import base from './vite.config.ts';

const healthz: Plugin = {
  name: 'polystage-healthz',
  configureServer(server) {
    server.middlewares.use('/healthz', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"ok"}\n');
    });
  },
};

export default mergeConfig(
  base,
  defineConfig({
    plugins: [healthz],
    server: { host: '0.0.0.0', port: 8080, strictPort: true, allowedHosts: ['web'] },
  }),
);
