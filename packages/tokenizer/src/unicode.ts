// Unicode helpers shared by the vocabularies: code-point ordering, U+XXXX formatting, escaping.
// Leaves out segmentation (Intl.Segmenter is used directly by CharVocab) and normalisation.

/**
 * Compares two strings by their sequences of Unicode code points (a negative number, zero or a
 * positive number, like `Array#sort` wants). Unlike `<` on strings, which compares UTF-16 code
 * units, this puts U+FF5E before U+1F600. A lone surrogate counts as the code point of its value.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - i);
}

/** Formats a code point the way the Unicode standard writes it: `U+00E9`, `U+1F600`. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const INVISIBLE = /^[\p{C}\p{Z}]$/u;
const MARK = /^\p{M}$/u;

function escapeCodePoint(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase();
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * Makes text safe to show between single quotes in a message: control, format, private-use,
 * unassigned and separator characters other than the plain space become `\uXXXX` (or `\u{XXXXX}`),
 * as does a combining mark at the start (it would otherwise sit on the quote); `\` and `'` are
 * backslash-escaped. Everything else is shown as is.
 */
export function escapeText(text: string): string {
  let out = '';
  let first = true;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === "'") out += `\\${char}`;
    else if (char !== ' ' && (INVISIBLE.test(char) || (first && MARK.test(char))))
      out += escapeCodePoint(codePoint);
    else out += char;
    first = false;
  }
  return out;
}

/**
 * Number of code points in `text` before UTF-16 offset `end` (a surrogate pair counts once, a lone
 * surrogate once).
 */
export function countCodePoints(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
