/**
 * files/python/uv.lock.template is services/api/uv.lock cut down to the packages the skeleton's
 * pyproject.toml needs, at the api's versions (uv keeps the versions of the lock it starts from);
 * python.test.ts fails when the two differ. After the api's lock moves, regenerate it from the repo
 * root (a machine without uv: uv runs in the api's base image, installed as its Dockerfile does):
 *
 *   F=libs/nx-docker/src/generators/service/files/python d=$(mktemp -d)
 *   sed 's/<%= name %>/skeleton/g' $F/pyproject.toml.template > $d/pyproject.toml
 *   cp services/api/uv.lock services/api/requirements-uv.txt $d/
 *   docker run --rm -v $d:/w -w /w -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro \
 *     -e PIP_CERT=/etc/ssl/certs/ca-certificates.crt -e UV_NATIVE_TLS=1 -e UV_PYTHON_DOWNLOADS=never \
 *     polystage.local/python:3.13-slim-trixie \
 *     sh -c 'pip install -q --root-user-action=ignore --require-hashes --no-deps -r requirements-uv.txt && uv lock -q'
 *   sed 's/^name = "polystage-skeleton"$/name = "polystage-<%= name %>"/' $d/uv.lock > $F/uv.lock.template
 *
 * (a version range the api moved in pyproject.toml moves in the template's pyproject.toml first);
 * requirements-uv.txt.template is a copy of the api's, checked the same way.
 */
import { fileURLToPath } from 'node:url';
import type { StackDescriptor } from './stack.ts';

/** Python: FastAPI on uvicorn, modelled on services/api; uv-locked, on distroless python3. */
export const python: StackDescriptor = {
  name: 'python',
  summary: 'Python 3.13, FastAPI, uv, pytest',
  runtime: 'distroless python3',
  tags: ['lang:python'],
  defaultPort: 8000,
  healthPath: '/healthz',
  // Measured 2026-11-30: 83.9 MB = distroless python3 (56.2 MB) + its stdlib byte-compiled (11.3 MB)
  // + site-packages with bytecode (16.4 MB; pydantic-core's compiled core the largest) + the app
  // (40 kB); the budget leaves ~16 MB for the service's own dependencies.
  sizeBudgetMb: 100,
  baseImages: {
    from: 'services/api/Dockerfile',
    fallback: { PYTHON_IMAGE: 'python:3.13-slim-trixie', DISTROLESS_PYTHON_IMAGE: 'gcr.io/distroless/python3-debian13:nonroot' },
  },
  smoke: {
    // Only stops a hung start: Python's imports take far longer when builds share the two cores.
    startupBudgetMs: 60_000,
    tmpfs: [],
    // The api's list (files/python/smoke writes <name> as the service's name): no sources, tests,
    // manifests or build tools; site-packages holds only what runs.
    absentPaths: [
      '/src', '**/tests/**', '**/pyproject.toml', '**/uv.lock', '**/bin/uv', '/opt/<name>/deps/uv', '/opt/<name>/deps/pip',
      '/opt/<name>/deps/pytest', '/opt/<name>/deps/ruff', '/opt/<name>/deps/schemathesis', '/opt/<name>/deps/hypothesis',
    ],
  },
  compose: { memLimit: '256m', pidsLimit: 64, tmpfs: [], healthcheck: true },
  // uvicorn --reload restarts the app when a synced file under src/ changes.
  dev: { memLimit: '512m', pidsLimit: 128, sync: ['src'], syncIgnore: ['__pycache__/'], rebuild: ['pyproject.toml', 'uv.lock', 'requirements-uv.txt', 'Dockerfile'] },
  files: fileURLToPath(new URL('../files/python', import.meta.url)),
};
