/**
 * What the presence graph's layout needs to know, derived from the PresenceGraph view-model:
 * containers (the ground VM and each nested VM — a nested VM is its VM process's box), process
 * nodes inside their VM, endpoints as ports (publishers EAST, subscribers WEST), and edges placed
 * in the container that holds both ends.
 *
 * Data definition:
 *   LayoutInput = { key, nodes (parents before children), edges, endpoints }
 *     key        the structure signature: node, port and edge ids (with parents and sides). Two
 *                inputs with the same key lay out the same way, so only colours may differ
 *   InputNode  = { id, parent, kind: 'vm' | 'process', ports, rows, depth }
 *     id         "ground" or a process key; a VM process's node is its container
 *     rows       how many endpoint rows a process box shows (one per endpoint, meta ones too)
 *   InputPort  = { id (the endpoint id), node, side, row }
 *     row        the endpoint's row in its process box; on a VM container, the index on its side
 *   InputEdge  = { id, source (publisher port), target (subscriber port), container, kind }
 * Rule: a VM process's own endpoints (the relays of its children's at-meta-level endpoints) are
 * ports on its container's boundary; a relay edge joins an inner meta port to that boundary port.
 */
import type { GraphEdge, PresenceGraph } from '../../debugger/views/graph.ts';

export const GROUND = 'ground';

export type Side = 'WEST' | 'EAST';
export type NodeKind = 'vm' | 'process';

export interface InputPort {
  readonly id: string;
  readonly node: string;
  readonly side: Side;
  readonly row: number;
}

export interface InputNode {
  readonly id: string;
  readonly parent: string | null;
  readonly kind: NodeKind;
  readonly ports: readonly InputPort[];
  readonly rows: number;
  readonly depth: number;
}

export interface InputEdge {
  readonly id: string;
  readonly kind: GraphEdge['kind'];
  readonly source: string;
  readonly target: string;
  readonly container: string;
}

export interface LayoutInput {
  readonly key: string;
  readonly nodes: readonly InputNode[];
  readonly edges: readonly InputEdge[];
  readonly endpoints: number;
}

/** Where an edge lives: the VM that holds both ends (for a relay edge, the VM it crosses into). */
function edgeContainer(a: InputNode, b: InputNode): string {
  if (a.parent === b.id) return b.id;
  if (b.parent === a.id) return a.id;
  return a.parent ?? GROUND;
}

export function layoutInput(graph: PresenceGraph): LayoutInput {
  const vmKeys = new Set(graph.processes.filter((p) => p.isVm).map((p) => p.key));
  // A process whose VM is not drawn (it should not happen) is shown in the ground VM.
  const parentOf = (vm: string): string => (vm !== GROUND && vmKeys.has(vm) ? vm : GROUND);
  const depthOf = new Map<string, number>([[GROUND, 0]]);
  const nodes: InputNode[] = [{ id: GROUND, parent: null, kind: 'vm', ports: [], rows: 0, depth: 0 }];
  // Parents before children: order processes by VM depth, then as the model lists them.
  const ordered = [...graph.processes].sort(
    (a, b) => (a.vm === GROUND ? 0 : a.vm.split('/').length) - (b.vm === GROUND ? 0 : b.vm.split('/').length),
  );
  const byId = new Map<string, InputNode>();
  const portNode = new Map<string, InputNode>();
  for (const p of ordered) {
    const parent = parentOf(p.vm);
    const depth = (depthOf.get(parent) ?? 0) + 1;
    depthOf.set(p.key, depth);
    const kind: NodeKind = p.isVm ? 'vm' : 'process';
    let west = 0;
    let east = 0;
    const ports = p.endpoints.map((e, i): InputPort => {
      const side: Side = e.orientation === 'publisher' ? 'EAST' : 'WEST';
      const row = kind === 'process' ? i : side === 'EAST' ? east++ : west++;
      return { id: e.id, node: p.key, side, row };
    });
    const node: InputNode = {
      id: p.key,
      parent,
      kind,
      ports,
      rows: kind === 'process' ? ports.length : 0,
      depth,
    };
    nodes.push(node);
    byId.set(p.key, node);
    for (const port of ports) portNode.set(port.id, node);
  }
  const edges: InputEdge[] = [];
  for (const e of graph.edges) {
    const a = portNode.get(e.publisher);
    const b = portNode.get(e.subscriber);
    if (a === undefined || b === undefined) continue;
    edges.push({
      id: e.id,
      kind: e.kind,
      source: e.publisher,
      target: e.subscriber,
      container: edgeContainer(a, b),
    });
  }
  const endpoints = portNode.size;
  return { key: structureKey(nodes, edges), nodes, edges, endpoints };
}

function structureKey(nodes: readonly InputNode[], edges: readonly InputEdge[]): string {
  const parts: string[] = [];
  for (const n of nodes) {
    parts.push(`${n.kind === 'vm' ? 'V' : 'P'}${n.id}<${n.parent ?? ''}`);
    for (const p of n.ports) parts.push(`${p.side === 'EAST' ? '>' : '<'}${p.id}@${p.row}`);
  }
  for (const e of edges) parts.push(`~${e.id}`);
  return parts.join('\n');
}
