/**
 * The alignment of two runs' records (issue 13, item 5): a shortest edit script between two lists
 * of keys (Myers' O((N+M)·D) algorithm), as a list of rows — a record in both runs, or a record
 * only in one. Pure and framework-free.
 *
 * Data definition:
 *   Row = { kind: 'same', a, b }   a's record a and b's record b have the same key
 *       | { kind: 'only-a', a }     a record of run a that b does not have
 *       | { kind: 'only-b', b }
 *   Alignment = { rows, exact }    exact: the rows are a shortest edit script (a longest common
 *                                  subsequence); false when the runs differ in more than
 *                                  MAX_EDIT_DISTANCE places, and the middle (after the common
 *                                  prefix and suffix) is given as removed, then added
 * Rules: the rows' a-indices, in order, are 0 … |a|−1, and their b-indices 0 … |b|−1 (each run
 * is reconstructed by reading its side of the rows); 'same' rows join equal keys.
 */

export type Row =
  | { readonly kind: 'same'; readonly a: number; readonly b: number }
  | { readonly kind: 'only-a'; readonly a: number }
  | { readonly kind: 'only-b'; readonly b: number };

export interface Alignment {
  readonly rows: readonly Row[];
  readonly exact: boolean;
}

/**
 * Beyond this many differences the search stops (its memory grows as the square of the distance):
 * runs that differ so much are not a one-knob contrast any more.
 */
export const MAX_EDIT_DISTANCE = 1_000;

/** The furthest-reaching paths of each round d, kept to walk the script back (Myers' trace). */
function forward(a: readonly string[], b: readonly string[]): Int32Array[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice());
        return trace;
      }
    }
    trace.push(v.slice());
  }
  return null;
}

function backward(a: readonly string[], b: readonly string[], trace: readonly Int32Array[]): Row[] {
  const rows: Row[] = [];
  const offset = (trace[0]!.length - 3) / 2 + 1;
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) rows.push({ kind: 'same', a: --x, b: --y });
    if (down) rows.push({ kind: 'only-b', b: --y });
    else rows.push({ kind: 'only-a', a: --x });
  }
  while (x > 0 && y > 0) rows.push({ kind: 'same', a: --x, b: --y });
  return rows.reverse();
}

/** Rows for a[from..) and b[from..) offset back to the whole runs' indices. */
function shifted(rows: readonly Row[], da: number, db: number): Row[] {
  return rows.map((r) =>
    r.kind === 'same' ? { kind: 'same', a: r.a + da, b: r.b + db } : r.kind === 'only-a' ? { kind: 'only-a', a: r.a + da } : { kind: 'only-b', b: r.b + db },
  );
}

/** Aligns two runs by their records' keys. */
export function align(a: readonly string[], b: readonly string[]): Alignment {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const midA = a.slice(pre, a.length - post);
  const midB = b.slice(pre, b.length - post);
  const head: Row[] = Array.from({ length: pre }, (_, i) => ({ kind: 'same', a: i, b: i }));
  const tail: Row[] = Array.from({ length: post }, (_, i) => ({ kind: 'same', a: a.length - post + i, b: b.length - post + i }));
  const trace = forward(midA, midB);
  if (trace === null) {
    const removed: Row[] = midA.map((_, i) => ({ kind: 'only-a', a: pre + i }));
    const added: Row[] = midB.map((_, i) => ({ kind: 'only-b', b: pre + i }));
    return { rows: [...head, ...removed, ...added, ...tail], exact: false };
  }
  return { rows: [...head, ...shifted(backward(midA, midB, trace), pre, pre), ...tail], exact: true };
}

/** How many records are in one run only. */
export function differing(rows: readonly Row[]): { onlyA: number; onlyB: number } {
  let onlyA = 0;
  let onlyB = 0;
  for (const r of rows) {
    if (r.kind === 'only-a') onlyA++;
    else if (r.kind === 'only-b') onlyB++;
  }
  return { onlyA, onlyB };
}
