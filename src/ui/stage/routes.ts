/**
 * Where the stage draws a motion: its anchors (a process and maybe an endpoint of the full graph)
 * resolved through the projection to what is drawn (a collapsed VM, a driver group), and the
 * route between them — along the drawn edge when both ends are its ends, else a line, through the
 * boundary of every expanded VM it crosses. Also what the step highlights: the drawn nodes, ports
 * and edges it involves, and its notes.
 */
import type { Projection } from '../../debugger/views/stage-project.ts';
import type { Anchor, StageMotion, StageView } from '../../debugger/views/stage-types.ts';
import { vmOfKey } from '../../debugger/views/ids.ts';
import type { GraphLayout, NodeBox } from '../graph/types.ts';
import type { Focus } from './label-layer.ts';
import type { Point, Route } from './motion-layer.ts';

/** Above this many focused endpoints, only the first are shown whole. */
const MAX_FOCUS_PORTS = 4;

const center = (b: NodeBox): Point => ({ x: b.ax + b.w / 2, y: b.ay + b.h / 2 });

/** Where the line from `p` (inside `b`) to `q` leaves the box `b`. */
export function exitPoint(p: Point, q: Point, b: NodeBox): Point {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const ts = [
    dx > 0 ? (b.ax + b.w - p.x) / dx : dx < 0 ? (b.ax - p.x) / dx : Infinity,
    dy > 0 ? (b.ay + b.h - p.y) / dy : dy < 0 ? (b.ay - p.y) / dy : Infinity,
  ];
  const t = Math.max(0, Math.min(1, ...ts));
  return { x: p.x + dx * t, y: p.y + dy * t };
}

export class Router {
  constructor(
    private readonly p: Projection,
    private readonly layout: GraphLayout,
    private readonly edgeEl: (id: string) => SVGPathElement | null,
  ) {}

  /** The drawn node of a process and, if drawn, the port of an endpoint. */
  resolve(a: Anchor): { node: string; port: string | null } | null {
    const node = this.p.node(a.node);
    if (node === null) return null;
    return { node, port: a.port === null ? null : this.p.port(a.port) };
  }

  point(a: Anchor): Point | null {
    const r = this.resolve(a);
    if (r === null) return null;
    const port = r.port === null ? undefined : this.layout.ports.get(r.port);
    if (port !== undefined) return { x: port.ax, y: port.ay };
    const box = this.layout.nodes.get(r.node);
    return box === undefined ? null : center(box);
  }

  /** The expanded VMs among `vms` (their boxes), innermost first. */
  private expanded(vms: readonly string[]): NodeBox[] {
    return vms.flatMap((v) =>
      this.p.kinds.get(v) === 'vm' ? [this.layout.nodes.get(v)!].filter(Boolean) : [],
    );
  }

  route(m: StageMotion): Route | null {
    switch (m.kind) {
      case 'deliver':
      case 'presence':
      case 'absence':
        return m.from === null
          ? this.fromWorld(m.to)
          : this.between(m.from, m.to, m.edge, m.kind === 'deliver' ? m.via : []);
      case 'spawn':
        return m.parent === null
          ? null
          : this.between({ node: m.parent, port: null }, { node: m.child, port: null }, null, []);
      case 'send': {
        if (!m.meta) return null;
        const from = this.point({ node: m.proc, port: null });
        const vm = this.expanded([m.vm])[0];
        if (from === null || vm === undefined) return null;
        return {
          points: [from, { x: vm.ax + vm.w, y: from.y }],
          edge: null,
          reversed: false,
          crosses: [m.vm],
        };
      }
      default:
        return null;
    }
  }

  /** From the world (a ground event): a short drop from above onto the endpoint. */
  private fromWorld(to: Anchor): Route | null {
    const end = this.point(to);
    return end === null
      ? null
      : { points: [{ x: end.x, y: end.y - 80 }, end], edge: null, reversed: false, crosses: [] };
  }

  private between(from: Anchor, to: Anchor, edge: string | null, via: readonly string[]): Route | null {
    const a = this.point(from);
    const b = this.point(to);
    if (a === null || b === null) return null;
    const ra = this.resolve(from);
    const drawn = edge === null ? null : this.p.edge(edge);
    const el = drawn === null ? null : this.edgeEl(drawn);
    const crossVms = this.expanded(via);
    const inward =
      ra !== null &&
      this.p.kinds.get(ra.node) === 'vm' &&
      vmOfKey(this.resolve(to)?.node ?? '') !== vmOfKey(ra.node);
    const crosses = [...crossVms.map((v) => v.id), ...(inward ? [ra.node] : [])];
    if (el !== null && crossVms.length === 0) {
      // The edge runs publisher → subscriber: a message to a subscriber follows it, feedback returns along it.
      const end = this.resolve(to)?.port;
      if (end === el.dataset.subscriber) return { points: [a, b], edge: el, reversed: false, crosses };
      if (end === el.dataset.publisher) return { points: [a, b], edge: el, reversed: true, crosses };
    }
    const points: Point[] = [a];
    for (const box of crossVms) points.push(exitPoint(points[points.length - 1]!, b, box));
    points.push(b);
    return { points, edge: null, reversed: false, crosses };
  }

  /** What the step involves, as drawn: nodes, ports, edges, and its notes. */
  focus(stage: StageView, selected: string | null): Focus & { edges: ReadonlySet<string> } {
    const motions = stage.motions;
    const actors = new Set<string>(stage.actors.flatMap((k) => this.p.node(k) ?? []));
    const ports = new Set<string>();
    const edges = new Set<string>();
    const notes: { node: string; text: string; kind: string }[] = [];
    const add = (a: Anchor | null, focusPort: boolean) => {
      const r = a === null ? null : this.resolve(a);
      if (r === null) return;
      actors.add(r.node);
      if (focusPort && r.port !== null && ports.size < MAX_FOCUS_PORTS) ports.add(r.port);
    };
    for (const m of motions) {
      if (m.kind === 'deliver' || m.kind === 'absence' || m.kind === 'presence') {
        add(m.from, false);
        add(m.to, true);
        const e = m.edge === null ? null : this.p.edge(m.edge);
        if (e !== null) edges.add(e);
      } else if (m.kind === 'spawn') {
        add(m.parent === null ? null : { node: m.parent, port: null }, false);
        add({ node: m.child, port: null }, false);
      } else if (m.kind === 'endpoint') add({ node: m.proc, port: m.port }, m.change !== 'removed');
      else add({ node: m.proc, port: null }, false);
      const note = noteOf(m);
      const at = note === null ? null : this.resolve(note.anchor);
      if (note !== null && at !== null) notes.push({ node: at.node, text: note.text, kind: m.kind });
    }
    return { actors, selected: selected === null ? null : this.p.node(selected), ports, notes, edges };
  }
}

function noteOf(m: StageMotion): { anchor: Anchor; text: string } | null {
  switch (m.kind) {
    case 'absence':
      return { anchor: m.to, text: `absence: ${m.reason ?? ''}` };
    case 'crash':
      return { anchor: { node: m.proc, port: null }, text: `crashed: ${m.text}` };
    case 'quit':
      return m.killedBy !== null || (m.text !== 'false' && m.text !== 'collected')
        ? {
            anchor: { node: m.proc, port: null },
            text: `${m.killedBy === null ? 'quit' : `killed by p${m.killedBy}`}: ${m.text}`,
          }
        : null;
    default:
      return null;
  }
}
