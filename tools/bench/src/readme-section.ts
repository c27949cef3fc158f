import { readFileSync, writeFileSync } from 'node:fs';

/** Markers around the generated part of tools/bench/README.md. */
export const README_START = '<!-- bench-results:start -->';
export const README_END = '<!-- bench-results:end -->';

/**
 * Returns `readme` with the text between the markers replaced by `section` (markers kept);
 * appends the marked section when the markers are missing.
 */
export function replaceSection(readme: string, section: string): string {
  const block = `${README_START}\n${section.trim()}\n${README_END}`;
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return `${readme.trimEnd()}\n\n${block}\n`;
  return `${readme.slice(0, start)}${block}${readme.slice(end + README_END.length)}`;
}

/** Rewrites the generated section of the README file at `path`. */
export function updateReadme(path: string, section: string): void {
  let readme = '';
  try {
    readme = readFileSync(path, 'utf8');
  } catch {
    readme = '# @mutation-outbox/bench\n';
  }
  writeFileSync(path, replaceSection(readme, section));
}
