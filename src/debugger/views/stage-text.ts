/**
 * Shorter forms of a printed term, for the stage's labels: the same text always shortens the same
 * way, so one topic reads alike on every port (the whole text is on hover and focus).
 *
 *   abbreviate(t, d)  everything nested deeper than d brackets replaced by "…":
 *                     d = 0  `udp-packet(…)`;  d = 1  `udp-packet(udp-remote-address(…), udp-listener(…), ?2)`
 *   abbreviations(t)  the distinct forms from the whole text down to d = 0, longest first
 * Strings ("…") and opaque values (#<…>) are never cut inside; kernel-free, for the main thread.
 */

const OPEN = new Set(['(', '[']);
const CLOSE = new Set([')', ']']);
/** Deeper than this the forms are not worth offering. */
const MAX_DEPTH = 4;

/** The index just past the string or opaque value that starts at `i`. */
function skipAtom(t: string, i: number): number {
  if (t[i] === '"') {
    let j = i + 1;
    while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    return Math.min(t.length, j + 1);
  }
  if (t.startsWith('#<', i)) {
    const j = t.indexOf('>', i);
    return j === -1 ? t.length : j + 1;
  }
  return i + 1;
}

export function abbreviate(text: string, depth: number): string {
  let out = '';
  let level = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (OPEN.has(c)) {
      level++;
      if (level === depth + 1) out += CLOSE.has(text[i + 1] ?? '') ? c : c + '…';
      else if (level <= depth) out += c;
      i++;
    } else if (CLOSE.has(c)) {
      if (level <= depth + 1) out += c;
      level = Math.max(0, level - 1);
      i++;
    } else {
      const j = skipAtom(text, i);
      if (level <= depth) out += text.slice(i, j);
      i = j;
    }
  }
  return out;
}

export function abbreviations(text: string): string[] {
  const out = [text];
  for (let d = MAX_DEPTH; d >= 0; d--) {
    const a = abbreviate(text, d);
    if (a.length < out[out.length - 1]!.length) out.push(a);
  }
  return out;
}
