/** Raised when no usable docker client or engine is found; the message says how to fix it. */
export class DockerEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerEngineError';
  }
}
