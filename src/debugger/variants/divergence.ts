/**
 * Where an edited program's run first departs from the previous run (issue 14, item 3). Records
 * are aligned by who did them, not by their number: a record's identity is its process's name path
 * (the names of its VMs and its own, the nth process of a name in a VM getting "#n") and its
 * ordinal among that process's records — so one more record early on does not shift every later one.
 * Pure and framework-free.
 *
 * Data definition:
 *   Mark       = { vm, pid, born }   a record's actor (pid null: the VM itself) and, for a boot, the
 *                                    name of the process it starts
 *   RunKeys    = { marks, keys }     one Mark and one content key (keys.ts) per record, in order
 *   Divergence = { at, a, b, kind }  the first record that differs, in the new run's order:
 *     'changed'  b's record b has a partner a in the old run with another content
 *     'only-b'   b's record b has no partner (a is null)
 *     'only-a'   the old run's record a has no partner; it would have come before b's record b
 *                (b null: after the new run's last record)
 *     at         how many of the new run's records come before the divergence
 * Rule: no divergence iff every record of each run has a partner with the same content.
 */

export interface Mark {
  readonly vm: readonly number[];
  readonly pid: number | null;
  /** The started process's name, for a boot record. */
  readonly born: string | null;
}

export interface RunKeys {
  readonly marks: readonly Mark[];
  readonly keys: readonly string[];
}

export interface Divergence {
  readonly kind: 'changed' | 'only-b' | 'only-a';
  readonly at: number;
  readonly a: number | null;
  readonly b: number | null;
  /** The diverging record's identity, e.g. "ground/server/member#2 @3". */
  readonly identity: string;
}

/** Each record's identity: "<name path> @<ordinal>". */
export function identities(marks: readonly Mark[]): string[] {
  const names = new Map<string, string>(); // "vm/…/pid" → name path
  const seen = new Map<string, number>(); // name path → processes born under it so far
  const ordinals = new Map<string, number>();
  const pathOf = (vm: readonly number[]) => (vm.length === 0 ? 'ground' : names.get(vm.join('/')) ?? `ground/?${vm.join('/')}`);
  return marks.map((m) => {
    const vmPath = pathOf(m.vm);
    if (m.born !== null && m.pid !== null) {
      const base = `${vmPath}/${m.born}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      names.set([...m.vm, m.pid].join('/'), n === 1 ? base : `${base}#${n}`);
    }
    const who = m.pid === null ? `${vmPath}/-` : names.get([...m.vm, m.pid].join('/')) ?? `${vmPath}/p${m.pid}`;
    const k = (ordinals.get(who) ?? 0) + 1;
    ordinals.set(who, k);
    return `${who} @${k}`;
  });
}

/** The first divergence of `b` (the new run) from `a` (the previous one), or null when they agree. */
export function firstDivergence(a: RunKeys, b: RunKeys): Divergence | null {
  const ia = identities(a.marks);
  const ib = identities(b.marks);
  const inA = new Map(ia.map((id, j) => [id, j]));
  const inB = new Set(ib);
  // The old run's first record the new one lacks: it diverges where the new run passes it by.
  const missing = ia.findIndex((id) => !inB.has(id));
  for (let i = 0; i < ib.length; i++) {
    const j = inA.get(ib[i]!);
    if (missing !== -1 && (j === undefined || j > missing)) return { kind: 'only-a', at: i, a: missing, b: i, identity: ia[missing]! };
    if (j === undefined) return { kind: 'only-b', at: i, a: null, b: i, identity: ib[i]! };
    if (a.keys[j] !== b.keys[i]) return { kind: 'changed', at: i, a: j, b: i, identity: ib[i]! };
  }
  if (missing !== -1) return { kind: 'only-a', at: ib.length, a: missing, b: null, identity: ia[missing]! };
  return null;
}
