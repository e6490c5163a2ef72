// Waits from the host until an HTTP path answers 2xx. testcontainers' Wait.forHttp
// polls once per read timeout (1 s), which makes time-to-healthy coarse; this polls
// every 100 ms, keeps a generous per-request timeout for slow first answers, notices
// an exited container at once and says what it saw last. It never execs in the
// container (images without a shell), unlike Wait.forListeningPorts.
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { BoundPorts, WaitStrategy } from 'testcontainers';
import { runtimeClient } from '../engine.ts';

const POLL_INTERVAL_MS = 100;
export const POLL_REQUEST_TIMEOUT_MS = 5_000;

export class HostHttpWait implements WaitStrategy {
  private readonly path: string;
  private readonly port: number;
  private readonly requestTimeoutMs: number;
  private startupTimeoutMs = 60_000;
  private startupTimeoutSet = false;

  /** `requestTimeoutMs`: how long one poll may wait for an answer (longer under emulation). */
  constructor(path: string, port: number, requestTimeoutMs = POLL_REQUEST_TIMEOUT_MS) {
    this.path = path;
    this.port = port;
    this.requestTimeoutMs = requestTimeoutMs;
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  async waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    const client = await runtimeClient();
    const url = `http://${client.info.containerRuntime.host}:${boundPorts.getBinding(this.port)}${this.path}`;
    const deadline = Date.now() + this.startupTimeoutMs;
    let lastSeen = 'no answer yet';
    while (Date.now() < deadline) {
      const state = (await container.inspect()).State;
      if (!state.Running) {
        throw new Error(`the container exited with code ${state.ExitCode} before answering (last seen: ${lastSeen})`);
      }
      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(Math.max(1, Math.min(this.requestTimeoutMs, deadline - Date.now()))),
        });
        await response.body?.cancel();
        if (response.ok) return;
        lastSeen = `status ${response.status}`;
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        lastSeen = cause?.code ?? (error as Error).name;
      }
      await sleep(POLL_INTERVAL_MS);
    }
    throw new Error(`no 2xx answer from ${this.path} in ${this.startupTimeoutMs} ms (last seen: ${lastSeen})`);
  }
}
