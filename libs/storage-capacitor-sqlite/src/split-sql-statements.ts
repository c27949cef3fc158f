/**
 * Splits a script of SQL statements into single statements, each without its trailing `;`.
 * Semicolons inside string literals, quoted identifiers, comments and `CREATE TRIGGER ... BEGIN
 * ... END` bodies do not split; empty statements are dropped; comments stay in the text.
 *
 * The plugin's own `execute` splits scripts with string heuristics that differ by platform (Android
 * splits on `;\n` and strips `--` even inside literals; Electron splits on every `;`), so the
 * driver hands the plugin one statement at a time instead.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  let blockDepth = 0;
  const n = script.length;

  const flush = (end: number): void => {
    const text = script.slice(start, end).trim();
    if (text.length > 0 && !isOnlyComments(text)) statements.push(text);
    start = end + 1;
    blockDepth = 0;
  };

  while (i < n) {
    const c = script[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(script, i, c);
    } else if (c === '[') {
      const close = script.indexOf(']', i + 1);
      i = close === -1 ? n : close + 1;
    } else if (c === '-' && script[i + 1] === '-') {
      const eol = script.indexOf('\n', i + 2);
      i = eol === -1 ? n : eol + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const close = script.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(script[j] as string)) j++;
      const word = script.slice(i, j).toUpperCase();
      if (word === 'CASE' || (word === 'BEGIN' && isTriggerHead(script.slice(start, i)))) blockDepth++;
      else if (word === 'END' && blockDepth > 0) blockDepth--;
      i = j;
    } else if (c === ';') {
      if (blockDepth === 0) flush(i);
      i++;
    } else {
      i++;
    }
  }
  flush(n);
  return statements;
}

function skipQuoted(script: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < script.length) {
    if (script[i] === quote) {
      // A doubled quote is an escaped quote inside the literal.
      if (script[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}

function isWordStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

function isWordPart(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c);
}

/** `BEGIN` opens a body only in `CREATE TRIGGER` (elsewhere it is `BEGIN TRANSACTION`). */
function isTriggerHead(text: string): boolean {
  return /^\s*CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(stripComments(text));
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*(\n|$)/g, ' ').replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
}

function isOnlyComments(text: string): boolean {
  return stripComments(text).trim().length === 0;
}
