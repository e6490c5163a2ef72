// What the prod stage of a service's Dockerfile declares (the last stage's own instructions): the
// ports it EXPOSEs and its HEALTHCHECK. The compose test checks compose.yaml's wiring against it;
// the whole system takes each service's port from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';

export interface ProdStage {
  exposed: number[];
  healthcheck: string | undefined;
}

export function prodStage(root: string, service: string): ProdStage {
  const dockerfile = DockerfileParser.parse(readFileSync(join(root, 'services', service, 'Dockerfile'), 'utf8'));
  const stages = dockerfile.getFROMs();
  const prodFrom = stages.find((from) => from.getBuildStage() === 'prod');
  if (!prodFrom) throw new Error(`services/${service}/Dockerfile has no prod stage`);
  const start = prodFrom.getRange().start.line;
  const next = stages.find((from) => from.getRange().start.line > start)?.getRange().start.line ?? Number.POSITIVE_INFINITY;
  const own = dockerfile.getInstructions().filter((i) => i.getRange().start.line > start && i.getRange().start.line < next);
  return {
    exposed: own.filter((i) => i.getKeyword() === 'EXPOSE').flatMap((i) => i.getArguments().map((a) => Number.parseInt(a.getValue(), 10))),
    healthcheck: own.find((i) => i.getKeyword() === 'HEALTHCHECK')?.getTextContent(),
  };
}
