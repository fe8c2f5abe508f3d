/**
 * The presence graph: endpoints grouped by process and VM; an edge between a publisher and a
 * subscriber of the same VM whose topics overlap; relay edges from an inner process's
 * at-meta-level endpoint to the port it becomes on its VM process.
 *
 * Data definition:
 *   GraphEndpoint = { id, proc, name, orientation, interest, topic, meta }
 *   GraphEdge     = { id, kind: 'overlap' | 'relay', publisher, subscriber, intersection,
 *                     pubSeesSub, subSeesPub, live }  (live: at least one side is told — it carries presence)
 *   PresenceGraph = { vms, processes, edges }
 * Rule: overlap ⇔ opposite orientations and unifiable topics (the kernel's own `intersect`);
 * seeing follows the kernel's `visible` table. Intersections are memoised per topic pair.
 */
import { intersect, pretty, visible, type Orientation, type Role, type Term } from '../../kernel/index.ts';
import { procKey, type Model, type ProcView } from '../model.ts';
import { endpointId } from './ids.ts';

export interface GraphEndpoint {
  readonly id: string;
  readonly proc: string;
  readonly name: string;
  readonly orientation: Orientation;
  readonly interest: Role['interest'];
  readonly topic: string;
  readonly meta: boolean;
}

export interface GraphProcess {
  readonly key: string;
  readonly name: string;
  readonly pid: number;
  /** "ground", or the key of the VM process that contains it. */
  readonly vm: string;
  readonly isVm: boolean;
  /** The key of the process that spawned it (same VM), or null (the VM's boot process). */
  readonly parent: string | null;
  readonly endpoints: readonly GraphEndpoint[];
}

export interface GraphEdge {
  readonly id: string;
  readonly kind: 'overlap' | 'relay';
  readonly publisher: string;
  readonly subscriber: string;
  readonly intersection: string;
  readonly pubSeesSub: boolean;
  readonly subSeesPub: boolean;
  readonly live: boolean;
}

export interface PresenceGraph {
  readonly vms: readonly { readonly key: string; readonly name: string; readonly parent: string | null }[];
  readonly processes: readonly GraphProcess[];
  readonly edges: readonly GraphEdge[];
}

export { endpointId } from './ids.ts';

const vmKeyOf = (p: ProcView): string => (p.vm.length === 0 ? 'ground' : p.vm.join('/'));

/** A cheap first filter: topics with different heads (struct name/arity, list length, atom) never meet. */
function head(t: Term): string {
  if (t === null || typeof t !== 'object') return `a:${JSON.stringify(t)}`;
  if (Array.isArray(t)) return `l:${t.length}`;
  if (t instanceof Uint8Array) return 'b';
  if ('struct' in t) return `s:${t.struct}/${t.fields.length}`;
  if ('wild' in t) return '*';
  return `e:${(t as { evt: string }).evt}`;
}

interface Ep {
  readonly view: GraphEndpoint;
  readonly role: Role;
}

export class PresenceGraphBuilder {
  private readonly memo = new Map<string, string | null>();
  private static readonly MEMO_LIMIT = 50_000;

  /** Printed topics by role: roles are shared between models, so this is computed once per endpoint. */
  private readonly printed = new WeakMap<Role, string>();

  /** `print` prints topics (the engine's Printer's term printer: payloads decoded in the app). */
  constructor(private readonly print: (t: Term) => string = pretty) {}

  private topicText(r: Role): string {
    let t = this.printed.get(r);
    if (t === undefined) this.printed.set(r, (t = this.print(r.topic)));
    return t;
  }

  private intersection(a: Term, b: Term, aText: string, bText: string): string | null {
    const key = `${aText}\u0000${bText}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    if (this.memo.size > PresenceGraphBuilder.MEMO_LIMIT) this.memo.clear();
    const i = intersect(a, b);
    const out = i === undefined ? null : this.print(i);
    this.memo.set(key, out);
    return out;
  }

  build(model: Model): PresenceGraph {
    const processes: GraphProcess[] = [];
    const byVm = new Map<string, Ep[]>();
    const vms: PresenceGraph['vms'][number][] = [{ key: 'ground', name: 'ground VM', parent: null }];
    for (const p of model.procs.values()) {
      if (!p.alive) continue;
      const eps = [...p.endpoints.values(), ...p.metaEndpoints.values()].map((e) => ({
        view: {
          id: endpointId(p.key, e.name, e.meta), proc: p.key, name: e.name, orientation: e.role.orientation,
          interest: e.role.interest, topic: this.topicText(e.role), meta: e.meta,
        },
        role: e.role,
      }));
      const parent = p.parent === null || p.parent < 0 ? null : procKey(p.vm, p.parent);
      processes.push({ key: p.key, name: p.name, pid: p.pid, vm: vmKeyOf(p), isVm: p.isVm, parent, endpoints: eps.map((e) => e.view) });
      if (p.isVm) vms.push({ key: p.key, name: p.name, parent: vmKeyOf(p) });
      const list = byVm.get(vmKeyOf(p)) ?? [];
      list.push(...eps.filter((e) => !e.view.meta));
      byVm.set(vmKeyOf(p), list);
    }
    const edges: GraphEdge[] = [];
    for (const eps of byVm.values()) edges.push(...this.overlaps(eps));
    edges.push(...relayEdges(processes));
    return { vms, processes, edges };
  }

  private overlaps(eps: readonly Ep[]): GraphEdge[] {
    const subs = new Map<string, Ep[]>();
    for (const e of eps) {
      if (e.role.orientation !== 'subscriber') continue;
      const h = head(e.role.topic);
      subs.set(h, [...(subs.get(h) ?? []), e]);
    }
    const out: GraphEdge[] = [];
    for (const pub of eps) {
      if (pub.role.orientation !== 'publisher') continue;
      const h = head(pub.role.topic);
      const candidates = h === '*' ? [...subs.values()].flat() : [...(subs.get(h) ?? []), ...(subs.get('*') ?? [])];
      for (const sub of candidates) {
        const i = this.intersection(pub.role.topic, sub.role.topic, pub.view.topic, sub.view.topic);
        if (i === null) continue;
        const pubSeesSub = visible(pub.role.interest, sub.role.interest);
        const subSeesPub = visible(sub.role.interest, pub.role.interest);
        out.push({
          id: `${pub.view.id}→${sub.view.id}`, kind: 'overlap', publisher: pub.view.id, subscriber: sub.view.id,
          intersection: i, pubSeesSub, subSeesPub, live: pubSeesSub || subSeesPub,
        });
      }
    }
    return out;
  }
}

/** An inner meta-endpoint c/n is the VM process's endpoint "c/n" one level up. */
function relayEdges(processes: readonly GraphProcess[]): GraphEdge[] {
  const byId = new Map(processes.flatMap((p) => p.endpoints.map((e) => [e.id, e] as const)));
  const out: GraphEdge[] = [];
  for (const p of processes) {
    if (p.vm === 'ground') continue;
    for (const e of p.endpoints) {
      if (!e.meta) continue;
      const port = byId.get(endpointId(p.vm, `${p.pid}/${e.name}`, false));
      if (port === undefined) continue;
      const [publisher, subscriber] = e.orientation === 'publisher' ? [e.id, port.id] : [port.id, e.id];
      out.push({ id: `${e.id}⇢${port.id}`, kind: 'relay', publisher, subscriber, intersection: e.topic, pubSeesSub: true, subSeesPub: true, live: true });
    }
  }
  return out;
}

export interface GraphChange {
  readonly addedEndpoints: ReadonlySet<string>;
  readonly removedEndpoints: ReadonlySet<string>;
  readonly addedEdges: ReadonlySet<string>;
  readonly removedEdges: ReadonlySet<string>;
}

/** What the current step changed: the UI animates these. */
export function graphChange(before: PresenceGraph, after: PresenceGraph): GraphChange {
  const eps = (g: PresenceGraph) => new Set(g.processes.flatMap((p) => p.endpoints.map((e) => e.id)));
  const edges = (g: PresenceGraph) => new Set(g.edges.map((e) => e.id));
  const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => !b.has(x)));
  const [e0, e1, g0, g1] = [eps(before), eps(after), edges(before), edges(after)];
  return { addedEndpoints: minus(e1, e0), removedEndpoints: minus(e0, e1), addedEdges: minus(g1, g0), removedEdges: minus(g0, g1) };
}
