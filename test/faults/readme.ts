// Where test/faults/README.md keeps the fault table: between two markers.
import { fileURLToPath } from 'node:url';

export const readmePath = fileURLToPath(new URL('./README.md', import.meta.url));
export const startMarker = '<!-- faults:start: generated from test/faults/matrix.ts; do not edit -->';
export const endMarker = '<!-- faults:end -->';

/** The table between the markers of `readme`, or undefined without them. */
export function tableIn(readme: string): string | undefined {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  return start < 0 || end < start ? undefined : readme.slice(start + startMarker.length, end).trim();
}

/** `readme` with `table` between its markers. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`test/faults/README.md has no ${startMarker} … ${endMarker} block`);
  return `${readme.slice(0, start + startMarker.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
