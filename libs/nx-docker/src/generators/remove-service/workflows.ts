/**
 * CI workflows name services in lists (a matrix of projects, `projects: [api, web]`): list items
 * that are the service or one of its targets (`<name>:smoke`) are removed, through the yaml
 * Document API so comments stay.
 */
import type { Tree } from '@nx/devkit';
import { isScalar, isSeq, parseDocument, visit } from 'yaml';

const WORKFLOWS = '.github/workflows';

export function removeFromWorkflow(text: string, name: string): string {
  const doc = parseDocument(text);
  let changed = false;
  visit(doc, {
    Seq(_, seq) {
      if (!isSeq(seq)) return;
      const before = seq.items.length;
      seq.items = seq.items.filter((item) => !(isScalar(item) && (item.value === name || String(item.value).startsWith(`${name}:`))));
      changed ||= seq.items.length !== before;
    },
  });
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}

export function removeWorkflowReferences(tree: Tree, name: string): void {
  if (!tree.exists(WORKFLOWS)) return;
  for (const file of tree.children(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f))) {
    const path = `${WORKFLOWS}/${file}`;
    const text = tree.read(path, 'utf8')!;
    const next = removeFromWorkflow(text, name);
    if (next !== text) tree.write(path, next);
  }
}
