/**
 * LayoutInput → elk JSON, and elk's answer → boxes relative to their parents.
 *
 * The elk graph: a root holding the ground VM's container; every container (ground VM, nested VM
 * box) is laid out by ELK Layered left to right; processes have FIXED_POS ports (exactly at their
 * endpoint rows), VM containers FIXED_SIDE ports on their boundary. Each edge is declared in the
 * container that holds both its ends. A container with boxes from the previous layout is laid out
 * interactively: every box is seeded with its previous position, so the layers and their order
 * stay as they were, and new boxes are seeded next to the boxes they connect to.
 * Each container is its own layout run (hierarchyHandling SEPARATE_CHILDREN): no edge leaves its VM
 * (a relay ends on the VM's own boundary port, which elk handles inside the container's run), so
 * one run over the whole hierarchy (INCLUDE_CHILDREN) gains nothing; measured on dns-proxy at
 * record 700 (7 nested VMs, 53 boxes), INCLUDE_CHILDREN took 1.1 s and gave a 1427 × 3194 drawing
 * (children of each VM stacked), SEPARATE_CHILDREN 0.46 s and 1661 × 1895 (unconnected children
 * packed side by side). Large graphs also lower elk's thoroughness.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort, LayoutOptions } from 'elkjs/lib/elk-api.js';
import { NODE_SPACING, PROC_W, VM_HEAD, VM_PAD, VM_PAD_B, procPortOffset } from './geometry.ts';
import { GROUND, type InputNode, type LayoutInput } from './input.ts';
import type { GraphLayout, RelRect } from './types.ts';
import { nodeHeight } from './stabilize.ts';

/** Endpoints above which a graph is "large": cheaper elk options and a notice in the panel. */
export const LARGE_GRAPH_ENDPOINTS = 300;

export const nodeElkId = (id: string): string => `n:${id}`;
export const portElkId = (id: string): string => `p:${id}`;
const edgeElkId = (id: string): string => `e:${id}`;

export interface ElkGraphOptions {
  readonly large: boolean;
}

function containerOptions(large: boolean, interactive: boolean): LayoutOptions {
  return {
    'org.eclipse.elk.algorithm': 'layered',
    'org.eclipse.elk.direction': 'RIGHT',
    'org.eclipse.elk.hierarchyHandling': 'SEPARATE_CHILDREN',
    'org.eclipse.elk.padding': `[top=${VM_HEAD + 8},left=${VM_PAD},bottom=${VM_PAD_B},right=${VM_PAD}]`,
    'org.eclipse.elk.spacing.nodeNode': String(NODE_SPACING),
    'org.eclipse.elk.layered.spacing.nodeNodeBetweenLayers': '70',
    'org.eclipse.elk.spacing.edgeNode': '12',
    'org.eclipse.elk.layered.thoroughness': large ? '2' : '7',
    ...(interactive
      ? {
          'org.eclipse.elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
          'org.eclipse.elk.layered.layering.strategy': 'INTERACTIVE',
          'org.eclipse.elk.layered.crossingMinimization.semiInteractive': 'true',
          'org.eclipse.elk.separateConnectedComponents': 'false',
        }
      : {}),
  };
}

/** Seed positions (relative to the parent) for boxes that were laid out before, and guesses for new ones. */
export function seedPositions(
  input: LayoutInput,
  prev: GraphLayout | null,
): Map<string, { x: number; y: number }> {
  const seeds = new Map<string, { x: number; y: number }>();
  if (prev === null) return seeds;
  for (const n of input.nodes) {
    const box = prev.nodes.get(n.id);
    if (box !== undefined && box.parent === n.parent) seeds.set(n.id, { x: box.x, y: box.y });
  }
  // A new box goes to the right of the publishers it hears and left of the subscribers it tells.
  const owner = new Map<string, string>();
  for (const n of input.nodes) for (const p of n.ports) owner.set(p.id, n.id);
  const guesses = new Map<string, { x: number; y: number; n: number }>();
  const guess = (id: string, x: number, y: number): void => {
    const g = guesses.get(id) ?? { x: 0, y: 0, n: 0 };
    guesses.set(id, { x: g.x + x, y: g.y + y, n: g.n + 1 });
  };
  for (const e of input.edges) {
    const a = owner.get(e.source);
    const b = owner.get(e.target);
    if (a === undefined || b === undefined || a === e.container || b === e.container) continue;
    const sa = seeds.get(a);
    const sb = seeds.get(b);
    if (sa !== undefined && sb === undefined) guess(b, sa.x + PROC_W + 70, sa.y);
    if (sb !== undefined && sa === undefined) guess(a, sb.x - PROC_W - 70, sb.y);
  }
  for (const [id, g] of guesses) seeds.set(id, { x: g.x / g.n, y: g.y / g.n });
  return seeds;
}

export function toElkGraph(input: LayoutInput, prev: GraphLayout | null, opts: ElkGraphOptions): ElkNode {
  const seeds = seedPositions(input, prev);
  const interactive = containersWithSurvivors(input, prev);
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      ...containerOptions(opts.large, false),
      'org.eclipse.elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: [],
  };
  for (const n of input.nodes) {
    const box = n.kind === 'vm' ? vmContainer(n, opts.large, interactive.has(n.id)) : processBox(n, prev);
    const node = seeded(box, seeds.get(n.id));
    elkNodes.set(n.id, node);
    const parent = n.parent === null ? root : elkNodes.get(n.parent);
    parent?.children?.push(node);
  }
  for (const e of input.edges) {
    const edge: ElkExtendedEdge = {
      id: edgeElkId(e.id),
      sources: [portElkId(e.source)],
      targets: [portElkId(e.target)],
    };
    const holder = elkNodes.get(e.container) ?? elkNodes.get(GROUND);
    holder?.edges?.push(edge);
  }
  return root;
}

/**
 * The containers laid out interactively: those with some child on screen before. A new one (or
 * one whose children are all new) is laid out afresh, its unconnected children packed side by
 * side rather than stacked.
 */
function containersWithSurvivors(input: LayoutInput, prev: GraphLayout | null): Set<string> {
  const survivors = new Set<string>();
  for (const n of input.nodes) {
    const box = prev?.nodes.get(n.id);
    if (n.parent !== null && box !== undefined && box.parent === n.parent) survivors.add(n.parent);
  }
  return survivors;
}

/** A VM container: its own layered run, its boundary ports on fixed sides in their order. */
function vmContainer(n: InputNode, large: boolean, interactive: boolean): ElkNode {
  const ports: ElkPort[] = n.ports.map((p) => ({
    id: portElkId(p.id),
    width: 1,
    height: 1,
    layoutOptions: { 'org.eclipse.elk.port.side': p.side, 'org.eclipse.elk.port.index': String(p.row) },
  }));
  return {
    id: nodeElkId(n.id),
    layoutOptions: {
      ...containerOptions(large, interactive),
      'org.eclipse.elk.portConstraints': 'FIXED_SIDE',
    },
    ports,
    children: [],
    edges: [],
  };
}

/** A process box: fixed size, a port fixed exactly at each endpoint row. */
function processBox(n: InputNode, prev: GraphLayout | null): ElkNode {
  const ports: ElkPort[] = n.ports.map((p) => {
    const at = procPortOffset(p.side, p.row);
    return {
      id: portElkId(p.id),
      x: at.x,
      y: at.y,
      width: 0,
      height: 0,
      layoutOptions: { 'org.eclipse.elk.port.side': p.side },
    };
  });
  return {
    id: nodeElkId(n.id),
    width: PROC_W,
    height: nodeHeight(n, prev),
    layoutOptions: { 'org.eclipse.elk.portConstraints': 'FIXED_POS' },
    ports,
  };
}

/** The node with its seed position (where it was, or a guess), which interactive layout keeps. */
function seeded(node: ElkNode, s: { x: number; y: number } | undefined): ElkNode {
  if (s === undefined) return node;
  return {
    ...node,
    x: s.x,
    y: s.y,
    layoutOptions: {
      ...node.layoutOptions,
      'org.eclipse.elk.position': `(${s.x.toFixed(1)},${s.y.toFixed(1)})`,
    },
  };
}

/** elk's answer as boxes relative to their parents, keyed by node id. */
export function readElk(result: ElkNode): Map<string, RelRect> {
  const out = new Map<string, RelRect>();
  const walk = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      if (c.id.startsWith('n:'))
        out.set(c.id.slice(2), { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? 0 });
      walk(c);
    }
  };
  walk(result);
  return out;
}
