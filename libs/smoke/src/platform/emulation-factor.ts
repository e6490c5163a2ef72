// How much longer a run may take under QEMU: every time bound of an emulated run (startup budget,
// stop grace, request and vitest timeouts, a spec's own waits) is multiplied by one factor.

/** Emulated runs: user-mode QEMU runs the service's code several times slower than native. */
export const DEFAULT_EMULATION_FACTOR = 10;

/** SMOKE_EMULATION_FACTOR (default 10) for an emulated platform; always 1 for the host's own. */
export function emulationFactor(emulated: boolean, env: NodeJS.ProcessEnv = process.env): number {
  if (!emulated) return 1;
  const text = env['SMOKE_EMULATION_FACTOR']?.trim();
  if (!text) return DEFAULT_EMULATION_FACTOR;
  const factor = Number(text);
  if (!Number.isFinite(factor) || factor < 1) {
    throw new Error(`SMOKE_EMULATION_FACTOR=${text} is not a number of at least 1: set it to how many times longer emulated runs may take (default ${DEFAULT_EMULATION_FACTOR}), or unset it.`);
  }
  return factor;
}

/** A bound as test names and messages show it: "10 s", or "10 s × 10 under emulation". */
export function timeBound(value: number, unit: 'ms' | 's', factor: number): string {
  return factor === 1 ? `${value} ${unit}` : `${value} ${unit} × ${factor} under emulation`;
}
