/** A Dockerfile that cannot be turned into stages; the message always starts with `file:line`. */
export class DockerfileError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'DockerfileError';
    this.file = file;
    this.line = line;
  }
}
