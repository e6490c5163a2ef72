/**
 * Part of the slow linux/arm64 suite (`npm run test:arm64`, not part of `npm test`): the debian
 * stand-in every other arm64 stand-in starts from, built on this amd64 host by a foreign
 * debootstrap whose second stage runs under qemu, then run under emulation. It must be an arm64
 * image (config and binaries), carry trixie, and apt in it must see arm64 packages, among them the
 * JDK the arm64 maven stand-in will need.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, hostPlatform, inspectImage, resolveCaBundle, runToCompletion, type Engine } from '@polystage/docker';
import { buildDebianBase } from '../src/offline-bases/debootstrap.ts';
import { planStandIns } from '../src/offline-bases/plan.ts';

let engine: Engine;
let TAG: string;

// What `BUILD_PLATFORMS=linux/amd64,linux/arm64 npm run setup` (the first half of `npm run
// test:arm64`) built on a machine without a registry, by the plan `npm run bases` makes; built
// here the same way where setup did not (a machine that pulls official images).
beforeAll(async () => {
  if (hostPlatform() === 'linux/arm64') throw new Error('This suite builds arm64 under emulation on an amd64 host; on arm64 the normal suites already are.');
  engine = await connectEngine();
  const [debian] = await planStandIns([{ ref: 'debian:trixie-slim', from: ['arm64 suite'] }], 'polystage.local', engine, 'linux/arm64');
  TAG = debian!.tag;
  if (debian!.state !== 'current') {
    await buildDebianBase({ resolved: debian!.resolved, tag: TAG, hash: debian!.hash, mirror: 'polystage.local' }, { engine, caBundle: resolveCaBundle(process.cwd()), verbose: false });
  }
}, 1_800_000);

const run = async (args: string[]) => {
  const result = await runToCompletion(engine, { image: TAG, args, timeoutMs: 300_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout.trim();
};

describe('the linux/arm64 debian stand-in', () => {
  it('is an arm64 image whose binaries run as aarch64 under emulation', async () => {
    expect((await inspectImage(engine, TAG))?.architecture).toBe('arm64');
    expect(await run(['uname', '-m'])).toBe('aarch64');
    expect(await run(['dpkg', '--print-architecture'])).toBe('arm64');
  });

  it('is trixie, with apt seeing arm64 packages (the JDK 25 the maven stand-in needs)', async () => {
    expect(await run(['cat', '/etc/debian_version'])).toMatch(/^13\./);
    expect(await run(['sh', '-c', 'apt-get -qq update && apt-cache policy openjdk-25-jdk-headless'])).toMatch(/Candidate: 25\./);
  }, 600_000);
});
