import { describe, expect, it } from 'vitest';
import { HOST_TOOLS } from './catalog.ts';
import { planHostTools } from './plan.ts';

const { chromium, debootstrap, shellcheck } = HOST_TOOLS;

describe('planHostTools', () => {
  it('does nothing when every tool is there', () => {
    expect(planHostTools([], { root: false, debian: false, platform: 'linux' })).toEqual({ kind: 'nothing' });
  });

  it('installs the Debian packages as root on Debian, saying why each is needed', () => {
    const plan = planHostTools([chromium, shellcheck], { root: true, debian: true, platform: 'linux' });
    expect(plan).toEqual({
      kind: 'install',
      packages: ['chromium', 'fonts-liberation', 'shellcheck'],
      lines: [`chromium: ${chromium.why}`, `shellcheck: ${shellcheck.why}`],
    });
  });

  it('stops on Debian without root with the sudo command', () => {
    const plan = planHostTools([debootstrap], { root: false, debian: true, platform: 'linux' });
    expect(plan).toEqual({
      kind: 'stop',
      message: `Missing host tools: debootstrap. debootstrap: ${debootstrap.why}. To fix, run \`sudo apt-get install -y --no-install-recommends debootstrap\`, then run the command again.`,
    });
  });

  it('stops on macOS with brew commands, says what only runs on Linux, and names the path variable', () => {
    const plan = planHostTools([chromium, shellcheck, debootstrap], { root: false, debian: false, platform: 'darwin' });
    expect(plan.kind).toBe('stop');
    const message = (plan as { message: string }).message;
    expect(message).toContain('run `brew install --cask chromium` and `brew install shellcheck`');
    expect(message).toContain('debootstrap only runs on Linux');
    expect(message).toContain('(or set CHROMIUM_PATH to the program)');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('stops on other systems naming the Debian packages as a guide', () => {
    const plan = planHostTools([shellcheck], { root: true, debian: false, platform: 'linux' });
    expect((plan as { message: string }).message).toContain('install shellcheck with this system\'s package manager (Debian names: shellcheck)');
  });
});
