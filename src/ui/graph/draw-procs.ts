/**
 * The process boxes of the presence graph: a title, then one row per endpoint (its glyph, name and
 * topic) with its port on the box's edge — subscribers on the left, publishers on the right.
 * A box selects its process.
 */
import { select } from 'd3';
import type { GraphEndpoint, GraphProcess, PresenceGraph } from '../../debugger/views/graph.ts';
import { PROC_HEAD, ROW } from './geometry.ts';
import { selectsProcess, translateTo, type G, type JoinContext, type Layer } from './joins.ts';
import {
  NAME_CHARS,
  TITLE_CHARS,
  TOPIC_CHARS,
  clip,
  endpointHover,
  epClasses,
  glyph,
  processHover,
} from './labels.ts';
import type { GraphLayout, NodeBox } from './types.ts';
import { setAttr, setClass, setText, writeAttr, writeText } from './write.ts';

interface ProcDatum {
  readonly box: NodeBox;
  readonly proc: GraphProcess;
  readonly rows: readonly EndpointRow[];
}

interface EndpointRow {
  readonly ep: GraphEndpoint;
  /** The row's top, relative to the box. */
  readonly y: number;
}

export function drawProcs(layer: Layer, graph: PresenceGraph, layout: GraphLayout, ctx: JoinContext): void {
  joinEndpointRows(joinProcBoxes(layer, procData(graph, layout), ctx), ctx);
}

/** The processes laid out (a VM process is drawn as its container instead). */
function procData(graph: PresenceGraph, layout: GraphLayout): ProcDatum[] {
  const data: ProcDatum[] = [];
  for (const proc of graph.processes) {
    if (proc.isVm) continue;
    const box = layout.nodes.get(proc.key);
    if (box === undefined) continue;
    const rows = proc.endpoints.flatMap((ep) => {
      const at = layout.ports.get(ep.id);
      return at === undefined ? [] : [{ ep, y: at.ay - box.ay - ROW / 2 }];
    });
    data.push({ box, proc, rows });
  }
  return data;
}

function joinProcBoxes(layer: Layer, data: readonly ProcDatum[], ctx: JoinContext): G<ProcDatum> {
  const { motion, cb, selected } = ctx;
  const sel = layer
    .selectAll<SVGGElement, ProcDatum>('g.pg-proc')
    .data(data, (d) => d.proc.key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'pg-proc');
        g.append('rect').attr('class', 'pg-frame').attr('rx', 6);
        g.append('rect').attr('class', 'pg-head').attr('height', PROC_HEAD).attr('rx', 6);
        g.append('text')
          .attr('class', 'pg-title')
          .attr('x', 8)
          .attr('y', 15)
          .on('mouseenter mousemove', (ev: MouseEvent, d) => cb.onHover(processHover(d.proc, ev)))
          .on('mouseleave', () => cb.onHover(null));
        g.append('g').attr('class', 'pg-rows');
        selectsProcess(
          g,
          (d) => d.proc.key,
          (key) => cb.onSelect(key),
        );
        return motion.fadeIn(g);
      },
      (update) => motion.revive(update),
      (exit) => motion.fadeOut(exit),
    );
  setAttr(sel, 'data-key', (d) => d.proc.key);
  setAttr(sel, 'data-x', (d) => d.box.ax.toFixed(1));
  setAttr(sel, 'data-y', (d) => d.box.ay.toFixed(1));
  // Set again on update: a box that was leaving (fadeOut removes them) may have come back.
  setAttr(sel, 'role', () => 'button');
  setAttr(sel, 'tabindex', () => 0);
  setAttr(sel, 'aria-label', (d) => `p${d.proc.key} ${d.proc.name}`);
  setAttr(sel, 'aria-pressed', (d) => String(d.proc.key === selected));
  setClass(sel, 'pg-selected', (d) => d.proc.key === selected);
  motion.moveTo(sel, (d) => translateTo(d.box));
  const frame = sel.select<SVGRectElement>('rect.pg-frame');
  setAttr(frame, 'width', (d) => d.box.w);
  setAttr(frame, 'height', (d) => d.box.h);
  setAttr(sel.select<SVGRectElement>('rect.pg-head'), 'width', (d) => d.box.w);
  // select() hands each title its box's datum, which its hover handler reads.
  setText(sel.select<SVGTextElement>('text.pg-title'), (d) => `p${d.proc.key} ${clip(d.proc.name, TITLE_CHARS)}`);
  return sel;
}

/** Each box's endpoint rows, sized to the box's width, with the port on the endpoint's side. */
function joinEndpointRows(boxes: G<ProcDatum>, ctx: JoinContext): void {
  const { motion, cb } = ctx;
  const fresh = ctx.change?.addedEndpoints;
  const rows = boxes
    .select<SVGGElement>('g.pg-rows')
    .selectAll<SVGGElement, EndpointRow>('g.pg-ep')
    .data(
      (d) => d.rows,
      (r) => r.ep.id,
    )
    .join(
      (enter) =>
        motion.fadeIn(
          appendRow(enter.append('g'))
            .on('mouseenter mousemove', (ev: MouseEvent, r) => cb.onHover(endpointHover(r.ep, ev)))
            .on('mouseleave', () => cb.onHover(null)),
        ),
      (update) => motion.revive(update),
      (exit) => motion.fadeOut(exit),
    );
  setAttr(rows, 'class', (r) => epClasses(r.ep, fresh?.has(r.ep.id) ?? false));
  setAttr(rows, 'data-endpoint', (r) => r.ep.id);
  motion.moveTo(rows, (r) => `translate(0,${r.y.toFixed(1)})`);
  rows.each(function (r) {
    const w = (select(this.parentNode as SVGGElement).datum() as ProcDatum).box.w;
    writeAttr(this.querySelector('rect.pg-row'), 'width', w - 8);
    writeAttr(this.querySelector('rect.pg-row-inner'), 'width', w - 13);
    writeAttr(this.querySelector('circle.pg-port'), 'cx', r.ep.orientation === 'publisher' ? w : 0);
    writeText(this.querySelector('tspan.pg-ep-name'), `${glyph(r.ep)} ${clip(r.ep.name, NAME_CHARS)} `);
    writeText(this.querySelector('tspan.pg-topic'), clip(r.ep.topic, TOPIC_CHARS));
  });
}

/** A new row's shapes: its band, its inner band, its text (name and topic) and its port. */
function appendRow(g: G<EndpointRow>): G<EndpointRow> {
  g.append('rect')
    .attr('class', 'pg-row')
    .attr('x', 4)
    .attr('y', 1)
    .attr('height', ROW - 2)
    .attr('rx', 3);
  g.append('rect')
    .attr('class', 'pg-row-inner')
    .attr('x', 6.5)
    .attr('y', 3.5)
    .attr('height', ROW - 7)
    .attr('rx', 2);
  const t = g
    .append('text')
    .attr('x', 10)
    .attr('y', ROW - 5);
  t.append('tspan').attr('class', 'pg-ep-name');
  t.append('tspan').attr('class', 'pg-topic');
  g.append('circle')
    .attr('class', 'pg-port')
    .attr('r', 3.5)
    .attr('cy', ROW / 2);
  // Placed before fading in, so a new row does not glide from the top.
  return g.attr('transform', (r) => `translate(0,${r.y.toFixed(1)})`);
}
