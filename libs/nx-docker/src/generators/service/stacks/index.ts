import type { StackDescriptor, StackName } from './stack.ts';
import { go } from './go.ts';
import { node } from './node.ts';
import { react } from './react.ts';
import { java } from './java.ts';
import { python } from './python.ts';

/** The stacks that have a descriptor and templates. Add one: stacks/<stack>.ts, files/<stack>/, an entry here. */
export const STACKS: Partial<Record<StackName, StackDescriptor>> = { go, java, node, react, python };

export { STACK_NAMES } from './stack.ts';
export type { StackDescriptor, StackName } from './stack.ts';
