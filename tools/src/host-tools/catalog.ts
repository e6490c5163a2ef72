/**
 * Host programs the README's two commands need besides Node and npm, and where each comes from.
 * The engine is the doctor's job (tools/src/doctor); these are the rest.
 */
export interface HostTool {
  name: string;
  /** Found when any of these is on PATH (or the env var below names an existing file). */
  commands: readonly string[];
  /** An env var that points at the program instead (e.g. CHROMIUM_PATH on a runner with Chrome). */
  pathEnv?: string;
  /** Debian packages, recommends off (so a font is named explicitly where one is needed). */
  debian: readonly string[];
  /** Homebrew arguments on macOS, when the tool exists there. */
  brew?: string;
  why: string;
}

export const HOST_TOOLS = {
  debootstrap: {
    name: 'debootstrap',
    commands: ['debootstrap'],
    debian: ['debootstrap'],
    why: 'builds the debian:trixie-slim stand-in every offline base image starts from',
  },
  chromium: {
    name: 'chromium',
    commands: ['chromium'],
    pathEnv: 'CHROMIUM_PATH',
    debian: ['chromium', 'fonts-liberation'],
    brew: 'install --cask chromium',
    why: 'the web and system smoke tests render the dashboard in a real browser (plus a font: recommends are off)',
  },
  shellcheck: {
    name: 'shellcheck',
    commands: ['shellcheck'],
    debian: ['shellcheck'],
    brew: 'install shellcheck',
    why: "actionlint (workflows:lint) checks the workflows' run: scripts with it",
  },
  qemu: {
    name: 'qemu',
    // The static build: registered with binfmt's F flag, it runs inside containers and BuildKit
    // steps without being in their root filesystem (a dynamically linked qemu would need its libc there).
    commands: ['qemu-aarch64-static'],
    debian: ['qemu-user-static'],
    why: 'runs the other platform\'s build steps and smoke tests under emulation (BUILD_PLATFORMS names a platform this host is not)',
  },
} as const satisfies Record<string, HostTool>;

export type HostToolName = keyof typeof HOST_TOOLS;

export function isHostToolName(name: string): name is HostToolName {
  return Object.hasOwn(HOST_TOOLS, name);
}
