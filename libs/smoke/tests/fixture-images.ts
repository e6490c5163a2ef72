// Names of the fixture images built by build-fixtures.ts (one tag per Dockerfile stage).
export const FIXTURE_REPOSITORY = 'polystage-smoke-fixture';
export const FIXTURE_STAGES = ['good', 'runs-as-root', 'leaky', 'owner-only-state'] as const;
export type FixtureStage = (typeof FIXTURE_STAGES)[number];

export const fixtureImage = (stage: FixtureStage): string => `${FIXTURE_REPOSITORY}:${stage}`;

/** The good fixture's run settings: port and health path of tests/fixtures/server.mjs. */
export const FIXTURE_PORT = 8080;
export const FIXTURE_HEALTH_PATH = '/health';
