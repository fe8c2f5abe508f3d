/**
 * Where two paired records differ within the line: their common start and end, and the middle of
 * each (the Variants panel marks the middles: "sub/observer" against "sub/everything").
 */
export interface InlineDiff {
  readonly head: string;
  readonly a: string;
  readonly b: string;
  readonly tail: string;
}

export function inlineDiff(a: string, b: string): InlineDiff {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head: a.slice(0, head), a: a.slice(head, a.length - tail), b: b.slice(head, b.length - tail), tail: a.slice(a.length - tail) };
}
