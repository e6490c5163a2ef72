import { describe, expect, it } from 'vitest';
import { mirroredBuildArgs, mirroredRef } from './mirror.ts';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('mirroredRef', () => {
  it('prefixes the ref with the mirror, whatever trailing slashes it has', () => {
    expect(mirroredRef('polystage.local', 'python:3.13-slim-trixie')).toBe('polystage.local/python:3.13-slim-trixie');
    expect(mirroredRef('polystage.local//', 'gcr.io/distroless/static-debian13:nonroot')).toBe('polystage.local/gcr.io/distroless/static-debian13:nonroot');
  });

  it('maps a digest-pinned ref (as Renovate writes it) to the stand-in for its tag', () => {
    expect(mirroredRef('polystage.local', `python:3.13-slim-trixie@${DIGEST}`)).toBe('polystage.local/python:3.13-slim-trixie');
    expect(mirroredRef('polystage.local', `gcr.io/distroless/cc-debian13:nonroot@${DIGEST}`)).toBe('polystage.local/gcr.io/distroless/cc-debian13:nonroot');
    expect(mirroredRef('mirror.example:5000', `localhost:5000/team/base:1.2@${DIGEST}`)).toBe('mirror.example:5000/localhost:5000/team/base:1.2');
  });

  it('refuses a digest with no tag, saying how to fix it', () => {
    expect(() => mirroredRef('polystage.local', `python@${DIGEST}`)).toThrow(
      `"python@${DIGEST}" pins a digest with no tag, and offline stand-ins are built per tag: keep the tag beside the digest, as Renovate does (python:<tag>@${DIGEST}).`,
    );
    // A registry port is not a tag.
    expect(() => mirroredRef('polystage.local', `localhost:5000/base@${DIGEST}`)).toThrow(/pins a digest with no tag/);
  });
});

describe('mirroredBuildArgs', () => {
  it('names the ARG, file and line of a digest with no tag, in one line', () => {
    const args = [{ name: 'PYTHON_IMAGE', ref: `python@${DIGEST}`, line: 11 }];
    expect(() => mirroredBuildArgs(args, 'polystage.local', 'services/api/Dockerfile')).toThrow(
      new RegExp(`^PYTHON_IMAGE="python@${DIGEST}" \\(services/api/Dockerfile:11\\) pins a digest with no tag.*keep the tag beside the digest, as Renovate does[^\\n]*$`),
    );
  });

  it('leaves every ref, digest-only ones too, to the engine when there is no mirror', () => {
    const args = [{ name: 'PYTHON_IMAGE', ref: `python@${DIGEST}`, line: 11 }];
    expect(mirroredBuildArgs(args, undefined)).toEqual({});
  });
});
