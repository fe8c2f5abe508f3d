/**
 * "Why did this happen?": the chain of causes from a record back to its root — the ground event
 * (or the boot) that started it. Read straight from the records' cause links.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { MAX_WHY_LINKS } from '../engine/constants.ts';

export interface WhyLink {
  readonly index: number;
  readonly record: TraceRecord;
}

/** From the record at `index` back to the root, nearest first. Bounded by `maxLinks`. */
export function whyChain(
  records: readonly TraceRecord[],
  index: number,
  indexOfId: (id: number) => number | null,
  maxLinks = MAX_WHY_LINKS,
): WhyLink[] {
  const out: WhyLink[] = [];
  let i: number | null = index;
  while (i !== null && out.length < maxLinks) {
    const r: TraceRecord | undefined = records[i];
    if (r === undefined) break;
    out.push({ index: i, record: r });
    i = r.cause === null ? null : indexOfId(r.cause);
  }
  return out;
}

/** The records directly caused by the record at `index` (its consequences), in order. */
export function consequences(records: readonly TraceRecord[], index: number, limit = 200): number[] {
  const id = records[index]?.id;
  const out: number[] = [];
  if (id === undefined) return out;
  for (let i = index + 1; i < records.length && out.length < limit; i++) if (records[i]!.cause === id) out.push(i);
  return out;
}

/**
 * The conversation a record belongs to: the root of its cause chain and everything that root
 * caused, transitively (records before `upTo`, at most `maxScan` after the root). The sequence chart uses it to
 * show one conversation alone — one DNS query, one connection.
 */
export function conversationOf(
  records: readonly TraceRecord[],
  index: number,
  indexOfId: (id: number) => number | null,
  upTo = records.length,
  maxScan = 50_000,
): Set<number> {
  const chain = whyChain(records, index, indexOfId);
  const root = chain[chain.length - 1];
  const out = new Set<number>();
  if (root === undefined) return out;
  const ids = new Set<number>([root.record.id]);
  out.add(root.index);
  for (let i = root.index + 1; i < Math.min(upTo, records.length) && i <= root.index + maxScan; i++) {
    const r = records[i]!;
    if (r.cause !== null && ids.has(r.cause)) {
      ids.add(r.id);
      out.add(i);
    }
  }
  return out;
}
