// @polystage/smoke: smoke checks for a service's prod image, as its build record names it, run on
// the engine it was built in (the vitest setup in src/vitest/ points testcontainers there).
export { SMOKE_LABEL } from './engine.ts';
export { describeSmoke } from './describe-smoke.ts';
export type { SmokeOptions } from './describe-smoke.ts';
export { expectHealthy } from './checks/health.ts';
export { expectRequest, requestLabel } from './checks/request.ts';
export type { SmokeRequest, SmokeResponse } from './checks/request.ts';
export { expectNonRootUser } from './checks/non-root-user.ts';
export { expectAbsentPaths, findPresentPaths } from './checks/absent-paths.ts';
export type { PresentPath } from './checks/absent-paths.ts';
export { expectGracefulStop } from './checks/graceful-stop.ts';
export type { GracefulStop } from './checks/graceful-stop.ts';
export { expectReadOnlyRootfs } from './checks/read-only-rootfs.ts';
export { expectImageSizeWithin } from './checks/image-size.ts';
export type { ImageSize } from './checks/image-size.ts';
export { absentPathsFor, COMPILERS, DEFAULT_ABSENT_PATHS, PACKAGE_MANAGERS, SHELLS } from './absent-path-defaults.ts';
export type { AbsentPathsOptions } from './absent-path-defaults.ts';
export { startSidecars } from './container/sidecars.ts';
export type { Sidecar, StartedSidecars } from './container/sidecars.ts';
export { inspectLocalImage, judgeImageUser } from './image/config.ts';
export type { ImageFacts, UserVerdict } from './image/config.ts';
export { ImageFilesystem, readImageFilesystem } from './image/filesystem.ts';
export { readTarEntries } from './image/tar-entries.ts';
export type { TarEntry } from './image/tar-entries.ts';
export { DEFAULT_STARTUP_BUDGET_MS, resolveSmokeImage } from './service.ts';
export type { RunningService, ServiceRun } from './service.ts';
export { CHROMIUM_ARGS, chromiumPath, collectPageErrors, DEFAULT_CHROMIUM_PATH, launchChromium, saveScreenshot, SMOKE_ARTIFACTS_DIR } from './browser.ts';
export type { LaunchChromiumOptions, LaunchedChromium } from './browser.ts';
