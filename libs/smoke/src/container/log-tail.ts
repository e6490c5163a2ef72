// Keeps the last lines a container printed, so a failure can show why it failed
// (testcontainers removes a container that never became ready).
import type { Readable } from 'node:stream';

export class LogTail {
  private readonly lines: string[] = [];
  private readonly limit: number;

  constructor(limit = 40) {
    this.limit = limit;
  }

  follow(stream: Readable): void {
    stream.on('data', (chunk: Buffer | string) => {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        this.lines.push(line.trimEnd());
        if (this.lines.length > this.limit) this.lines.shift();
      }
    });
    stream.on('error', () => {}); // the stream ends with an error when the container is removed
  }

  text(): string {
    return this.lines.length === 0 ? '  (no output)' : this.lines.map((line) => `  ${line}`).join('\n');
  }
}
