/**
 * The base images a generated Dockerfile starts from: the `ARG <NAME>_IMAGE=<ref>` defaults of an
 * existing service of the same stack (the Dockerfiles are the one source of base images, and
 * Renovate keeps them current), else the descriptor's fallback.
 */
import type { Tree } from '@nx/devkit';
import type { StackDescriptor } from './stacks/stack.ts';

const IMAGE_ARG = /^ARG ([A-Z][A-Z0-9_]*_IMAGE)=(\S+)\s*$/gm;

export function imageArgs(dockerfile: string): Record<string, string> {
  return Object.fromEntries([...dockerfile.matchAll(IMAGE_ARG)].map((match) => [match[1]!, match[2]!]));
}

export function baseImagesFor(tree: Tree, stack: StackDescriptor): Record<string, string> {
  const reference = tree.read(stack.baseImages.from, 'utf8');
  const found = reference === null ? {} : imageArgs(reference);
  return Object.fromEntries(Object.entries(stack.baseImages.fallback).map(([name, fallback]) => [name, found[name] ?? fallback]));
}
