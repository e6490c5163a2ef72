// What compose's own build needs to build a service as the Nx executor does, as a compose override:
// every `*_IMAGE` build arg through the base-image mirror (serviceBuildArgs, from the Dockerfile:
// nothing is repeated here) and the proxy CA as the BuildKit secret `ca-bundle`. `npm run dev`
// layers it over compose.yaml and compose.dev.yaml, so `up --build` and Compose Watch's `rebuild`
// actions build dev images the same way `nx run <service>:docker-dev` would.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CA_BUNDLE_SECRET } from '@polystage/docker';
import { parseDockerfile, serviceBuildArgs, type DockerfileModel } from '@polystage/nx-docker';

/** The stage compose.dev.yaml targets. */
export const DEV_STAGE = 'dev';

export interface ComposeBuildOverride {
  services: Record<string, { build: { args?: Record<string, string>; secrets?: string[] } }>;
  secrets?: Record<string, { file: string }>;
}

/** Every services/<name>/Dockerfile, parsed; the compose service is named after the folder (system/tests/compose.test.ts holds it to that). */
export function serviceDockerfiles(root: string): Map<string, DockerfileModel> {
  const models = new Map<string, DockerfileModel>();
  for (const name of readdirSync(join(root, 'services')).sort()) {
    const file = join('services', name, 'Dockerfile');
    if (!existsSync(join(root, file))) continue;
    models.set(name, parseDockerfile(readFileSync(join(root, file), 'utf8'), file));
  }
  return models;
}

/**
 * The override for these services. A service whose Dockerfile has no `dev` stage is an error that
 * names the file: compose.dev.yaml would otherwise fail later with BuildKit's "target not found".
 */
export function composeBuildOverride(models: ReadonlyMap<string, DockerfileModel>, mirror: string | undefined, caBundle: string | undefined): ComposeBuildOverride {
  const services: ComposeBuildOverride['services'] = {};
  for (const [name, model] of models) {
    if (!model.stages.some((stage) => stage.name === DEV_STAGE)) {
      throw new Error(`${model.file} has no \`${DEV_STAGE}\` stage, which compose.dev.yaml runs: add one before prod (DESIGN.md section 2).`);
    }
    const args = serviceBuildArgs(model, mirror);
    services[name] = {
      build: {
        ...(Object.keys(args).length > 0 ? { args } : {}),
        ...(caBundle ? { secrets: [CA_BUNDLE_SECRET] } : {}),
      },
    };
  }
  return { services, ...(caBundle ? { secrets: { [CA_BUNDLE_SECRET]: { file: caBundle } } } : {}) };
}
