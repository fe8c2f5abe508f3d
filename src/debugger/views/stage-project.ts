/**
 * What the stage draws of a presence graph: nested VMs collapsed into one node or expanded, and
 * driver machinery (the timer, UDP and TCP drivers with every process they spawned) behind one
 * node each. Kernel-free, so the main thread projects at once when the user clicks.
 *
 * Data definition:
 *   StageOptions = { expanded, groupDrivers }
 *     expanded      the nested VMs (VM process keys) drawn as containers; every other nested VM is
 *                   one node that shows only its meta-level endpoints (its relay ports)
 *   Projection   = { graph, kinds, members, node(key), port(id), edge(id) }
 *     graph         the presence graph as drawn: hidden processes left out, a collapsed VM as a
 *                   process with its relay ports, a driver group as its root with one port per
 *                   orientation; edges re-attached to what is drawn and merged when they coincide
 *     kinds         how each drawn node is drawn: process, vm (container), collapsed-vm, drivers
 *     members       how many processes a collapsed VM or a driver group stands for
 *     node / port / edge   where a process, endpoint or edge of the full graph is drawn (null: nowhere)
 * Rules: a process inside a collapsed VM is drawn as the outermost collapsed VM around it; an inner
 * meta-endpoint of a VM's direct child is drawn as the VM's relay port for it; an endpoint of a
 * driver group's member as the group's port of its orientation.
 */
import type { GraphEdge, GraphEndpoint, GraphProcess, PresenceGraph } from './graph.ts';
import { endpointId, endpointProc, GROUND_VM, vmOfKey } from './ids.ts';

/** The drivers whose machinery the filter hides (the processes named so, and all they spawn). */
export const DRIVER_NAMES: readonly string[] = ['timer', 'udp', 'tcp'];

export interface StageOptions {
  readonly expanded: ReadonlySet<string>;
  readonly groupDrivers: boolean;
}

export type NodeKind = 'process' | 'vm' | 'collapsed-vm' | 'drivers';

export interface Projection {
  readonly graph: PresenceGraph;
  readonly kinds: ReadonlyMap<string, NodeKind>;
  readonly members: ReadonlyMap<string, number>;
  node(key: string): string | null;
  port(id: string): string | null;
  edge(id: string): string | null;
}

/** The VM keys around a process, outermost first: "3/2/1" → ["3", "3/2"]. */
function vmChain(key: string): string[] {
  const out: string[] = [];
  for (let vm = vmOfKey(key); vm !== GROUND_VM; vm = vmOfKey(vm)) out.unshift(vm);
  return out;
}

/** The driver group each driver-machinery process belongs to (its root's key). */
function driverGroups(procs: ReadonlyMap<string, GraphProcess>): Map<string, string> {
  const group = new Map<string, string>();
  const rootOf = (p: GraphProcess, depth: number): string | null => {
    const known = group.get(p.key);
    if (known !== undefined) return known;
    if (DRIVER_NAMES.includes(p.name)) return p.key;
    const parent = p.parent === null ? undefined : procs.get(p.parent);
    return parent === undefined || depth > procs.size ? null : rootOf(parent, depth + 1);
  };
  for (const p of procs.values()) {
    const root = rootOf(p, 0);
    if (root !== null) group.set(p.key, root);
  }
  return group;
}

/** A driver group's port for the endpoints of one orientation ("*publishers" / "*subscribers"). */
const groupPort = (root: string, o: GraphEndpoint['orientation']): string =>
  endpointId(root, `*${o}s`, false);

export function project(graph: PresenceGraph, o: StageOptions): Projection {
  const procs = new Map(graph.processes.map((p) => [p.key, p]));
  const endpoints = new Map(graph.processes.flatMap((p) => p.endpoints.map((e) => [e.id, e] as const)));
  const groups = o.groupDrivers ? driverGroups(procs) : new Map<string, string>();
  const repMemo = new Map<string, string | null>();
  const node = (key: string): string | null => {
    if (repMemo.has(key)) return repMemo.get(key)!;
    const collapsed = vmChain(key).find((vm) => !o.expanded.has(vm));
    const rep = collapsed ?? groups.get(key) ?? key;
    const out = procs.has(rep) ? rep : null;
    repMemo.set(key, out);
    return out;
  };
  const port = (id: string): string | null => portOf(id, node, endpoints, groups);
  const { processes, kinds, members } = drawnProcesses(graph, o, node, groups);
  const drawnPorts = new Set(processes.flatMap((p) => p.endpoints.map((e) => e.id)));
  const { edges, edgeMap } = drawnEdges(graph.edges, (id) => {
    const p = port(id);
    return p !== null && drawnPorts.has(p) ? p : null;
  });
  const vms = graph.vms.filter((v) => v.key === GROUND_VM || kinds.get(v.key) === 'vm');
  return {
    graph: { vms, processes, edges },
    kinds,
    members,
    node,
    port,
    edge: (id) => edgeMap.get(id) ?? null,
  };
}

function portOf(
  id: string,
  node: (key: string) => string | null,
  endpoints: ReadonlyMap<string, GraphEndpoint>,
  groups: ReadonlyMap<string, string>,
): string | null {
  const proc = endpointProc(id);
  const rep = node(proc);
  const ep = endpoints.get(id);
  if (rep === null || ep === undefined) return null;
  if (rep === proc) return groups.get(proc) === proc ? groupPort(proc, ep.orientation) : id;
  if (groups.get(proc) === rep) return groupPort(rep, ep.orientation);
  // A direct child's meta-endpoint is its collapsed VM's relay port.
  if (ep.meta && vmOfKey(proc) === rep) {
    const relay = endpointId(rep, `${proc.slice(rep.length + 1)}/${ep.name}`, false);
    return endpoints.has(relay) ? relay : null;
  }
  return null;
}

function drawnProcesses(
  graph: PresenceGraph,
  o: StageOptions,
  node: (key: string) => string | null,
  groups: ReadonlyMap<string, string>,
) {
  const kinds = new Map<string, NodeKind>();
  const members = new Map<string, number>();
  for (const p of graph.processes) {
    const rep = node(p.key);
    if (rep !== null && rep !== p.key) members.set(rep, (members.get(rep) ?? 1) + 1);
  }
  const processes: GraphProcess[] = [];
  for (const p of graph.processes) {
    if (node(p.key) !== p.key) continue;
    if (groups.get(p.key) === p.key) {
      kinds.set(p.key, 'drivers');
      processes.push({ ...p, isVm: false, endpoints: groupEndpoints(p, graph, groups) });
    } else if (p.isVm && !o.expanded.has(p.key)) {
      kinds.set(p.key, 'collapsed-vm');
      processes.push({ ...p, isVm: false });
    } else {
      kinds.set(p.key, p.isVm ? 'vm' : 'process');
      processes.push(p);
    }
  }
  return { processes, kinds, members };
}

/** A driver group's ports: one per orientation its members have endpoints of. */
function groupEndpoints(
  root: GraphProcess,
  graph: PresenceGraph,
  groups: ReadonlyMap<string, string>,
): GraphEndpoint[] {
  const eps = graph.processes.filter((p) => groups.get(p.key) === root.key).flatMap((p) => p.endpoints);
  const out: GraphEndpoint[] = [];
  for (const orientation of ['subscriber', 'publisher'] as const) {
    const n = eps.filter((e) => e.orientation === orientation).length;
    if (n === 0) continue;
    out.push({
      id: groupPort(root.key, orientation),
      proc: root.key,
      name: `all ${orientation}s`,
      orientation,
      interest: 'participant',
      topic: `${n} ${orientation} endpoints`,
      meta: false,
    });
  }
  return out;
}

/** Edges between what is drawn; edges that land on the same two ports are one (live if any is). */
function drawnEdges(all: readonly GraphEdge[], port: (id: string) => string | null) {
  const edges = new Map<string, GraphEdge>();
  const edgeMap = new Map<string, string>();
  for (const e of all) {
    const pub = port(e.publisher);
    const sub = port(e.subscriber);
    if (pub === null || sub === null || endpointProc(pub) === endpointProc(sub)) continue;
    const same = pub === e.publisher && sub === e.subscriber;
    const id = same ? e.id : `${pub}→${sub}`;
    edgeMap.set(e.id, id);
    const had = edges.get(id);
    if (had === undefined)
      edges.set(id, same ? e : { ...e, id, publisher: pub, subscriber: sub, kind: 'overlap' });
    else
      edges.set(id, {
        ...had,
        live: had.live || e.live,
        pubSeesSub: had.pubSeesSub || e.pubSeesSub,
        subSeesPub: had.subSeesPub || e.subSeesPub,
      });
  }
  return { edges: [...edges.values()], edgeMap };
}
