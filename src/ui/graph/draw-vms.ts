/**
 * The VM containers of the presence graph: a frame per VM (the ground VM and each nested VM,
 * outermost first so inner frames lie on top), and on it the boundary ports of the VM's relays.
 * A nested VM's frame is its VM process: it selects the process.
 */
import { select } from 'd3';
import type { GraphEndpoint, GraphProcess } from '../../debugger/views/graph.ts';
import { GROUND } from './input.ts';
import { selectsProcess, translateTo, type G, type JoinContext, type Layer } from './joins.ts';
import { NAME_CHARS, TITLE_CHARS, clip, endpointHover, epClasses, glyph } from './labels.ts';
import type { GraphLayout, NodeBox, PortPos } from './types.ts';
import { setAttr, setClass, setText, writeAttr } from './write.ts';

interface VmDatum {
  readonly box: NodeBox;
  /** The VM process; null for the ground VM. */
  readonly proc: GraphProcess | null;
  readonly ports: readonly BoundaryPort[];
}

interface BoundaryPort {
  readonly ep: GraphEndpoint;
  readonly at: PortPos;
  /** Its place among the ports on its side. */
  readonly index: number;
}

export function drawVms(
  layer: Layer,
  layout: GraphLayout,
  procs: ReadonlyMap<string, GraphProcess>,
  ctx: JoinContext,
): void {
  joinBoundaryPorts(joinVmFrames(layer, vmData(layout, procs), ctx), ctx);
}

/** The VMs laid out, outermost first. */
function vmData(layout: GraphLayout, procs: ReadonlyMap<string, GraphProcess>): VmDatum[] {
  const data: VmDatum[] = [];
  for (const box of layout.nodes.values()) {
    if (box.kind !== 'vm') continue;
    const proc = box.id === GROUND ? null : (procs.get(box.id) ?? null);
    if (box.id !== GROUND && proc === null) continue;
    const counts = { WEST: 0, EAST: 0 };
    const ports = (proc?.endpoints ?? []).flatMap((ep) => {
      const at = layout.ports.get(ep.id);
      return at === undefined ? [] : [{ ep, at, index: counts[at.side]++ }];
    });
    data.push({ box, proc, ports });
  }
  return data.sort((a, b) => depth(a.box, layout) - depth(b.box, layout));
}

function depth(box: NodeBox, layout: GraphLayout): number {
  let n = 0;
  for (let p = box.parent; p !== null; p = layout.nodes.get(p)?.parent ?? null) n++;
  return n;
}

function joinVmFrames(layer: Layer, data: readonly VmDatum[], ctx: JoinContext): G<VmDatum> {
  const { motion, selected } = ctx;
  const sel = layer
    .selectAll<SVGGElement, VmDatum>('g.pg-vm')
    .data(data, (d) => d.box.id)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'pg-vm');
        g.append('rect').attr('class', 'pg-vm-frame').attr('rx', 10);
        g.append('text').attr('class', 'pg-vm-title').attr('x', 12).attr('y', 18);
        g.append('g').attr('class', 'pg-vm-ports');
        // A nested VM's frame selects its VM process (the ground VM is no process).
        selectsProcess(
          g.filter((d) => d.proc !== null),
          (d) => d.proc!.key,
          (key) => ctx.cb.onSelect(key),
        );
        return motion.fadeIn(g);
      },
      (update) => motion.revive(update),
      (exit) => motion.fadeOut(exit),
    );
  sel.order();
  setAttr(sel, 'data-key', (d) => d.box.id);
  setAttr(sel, 'data-x', (d) => d.box.ax.toFixed(1));
  setAttr(sel, 'data-y', (d) => d.box.ay.toFixed(1));
  setClass(sel, 'pg-ground', (d) => d.proc === null);
  setClass(sel, 'pg-selected', (d) => d.proc !== null && d.proc.key === selected);
  motion.moveTo(sel, (d) => translateTo(d.box));
  const frame = sel.select<SVGRectElement>('rect.pg-vm-frame');
  setAttr(frame, 'width', (d) => d.box.w);
  setAttr(frame, 'height', (d) => d.box.h);
  setText(sel.select<SVGTextElement>('text.pg-vm-title'), (d) =>
    d.proc === null ? 'ground VM' : `p${d.proc.key} ${clip(d.proc.name, TITLE_CHARS)} · nested VM`,
  );
  const nested = (d: VmDatum) => d.proc !== null;
  setAttr(sel, 'role', (d) => (nested(d) ? 'button' : null));
  setAttr(sel, 'tabindex', (d) => (nested(d) ? 0 : null));
  setAttr(sel, 'aria-label', (d) => (d.proc === null ? null : `p${d.proc.key} ${d.proc.name} (nested VM)`));
  setAttr(sel, 'aria-pressed', (d) => (d.proc === null ? null : String(d.proc.key === selected)));
  return sel;
}

/** The relays' ports on each frame's boundary, labelled with their endpoint's name. */
function joinBoundaryPorts(frames: G<VmDatum>, ctx: JoinContext): void {
  const { motion, cb } = ctx;
  const fresh = ctx.change?.addedEndpoints;
  const ports = frames
    .select<SVGGElement>('g.pg-vm-ports')
    .selectAll<SVGGElement, BoundaryPort>('g.pg-vm-port')
    .data(
      (d) => d.ports,
      (p) => p.ep.id,
    )
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .on('mouseenter mousemove', (ev: MouseEvent, p) => cb.onHover(endpointHover(p.ep, ev)))
          .on('mouseleave', () => cb.onHover(null));
        g.append('rect').attr('x', -5).attr('y', -5).attr('width', 10).attr('height', 10).attr('rx', 2);
        g.append('text').attr('class', 'pg-port-label').attr('y', -7);
        return motion.fadeIn(g);
      },
      (update) => motion.revive(update),
      (exit) => motion.fadeOut(exit),
    );
  setAttr(ports, 'class', (p) => `pg-vm-port ${epClasses(p.ep, fresh?.has(p.ep.id) ?? false)}`);
  setAttr(ports, 'data-endpoint', (p) => p.ep.id);
  ports.each(function (p) {
    const box = (select(this.parentNode as SVGGElement).datum() as VmDatum).box;
    writeAttr(this, 'transform', `translate(${(p.at.ax - box.ax).toFixed(1)},${(p.at.ay - box.ay).toFixed(1)})`);
  });
  const label = ports.select<SVGTextElement>('text');
  setAttr(label, 'x', (p) => (p.at.side === 'EAST' ? 8 : -8));
  setAttr(label, 'text-anchor', (p) => (p.at.side === 'EAST' ? 'start' : 'end'));
  setText(label, (p) => `${glyph(p.ep)} ${clip(p.ep.name, NAME_CHARS)}`);
}
