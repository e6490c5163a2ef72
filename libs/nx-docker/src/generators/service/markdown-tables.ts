/**
 * Rows of Markdown tables that belong to one service: a row whose first cell is the service's name
 * (`name` or name). The README's services table gets a row on generate; remove-service drops such
 * rows from every Markdown file it is given.
 */
const firstCell = (line: string): string | undefined => /^\|\s*`?([^|`]+?)`?\s*\|/.exec(line)?.[1];

export function removeServiceRows(text: string, name: string): string {
  return text
    .split('\n')
    .filter((line) => firstCell(line) !== name)
    .join('\n');
}

/** Appends `row` to the table whose header starts with `| <header> |` (the README's `| service |`). */
export function addTableRow(text: string, header: string, row: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => firstCell(line) === header);
  if (start < 0) return text;
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  lines.splice(end, 0, row);
  return lines.join('\n');
}
