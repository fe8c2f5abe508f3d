/**
 * What the presence graph writes: clipped names, endpoint glyphs and classes, and the hover cards
 * of endpoints, edges and process boxes.
 */
import { plural } from '../../debugger/views/plural.ts';
import type { GraphEdge, GraphEndpoint, GraphProcess } from '../../debugger/views/graph.ts';
import { GROUND } from './input.ts';

/** Characters that fit in a row and in a title (monospace at 11 px). */
export const NAME_CHARS = 16;
export const TOPIC_CHARS = 28;
export const TITLE_CHARS = 36;

export interface HoverInfo {
  readonly title: string;
  readonly lines: readonly string[];
  /** Client coordinates of the pointer. */
  readonly x: number;
  readonly y: number;
}

export function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** The CSS classes of an endpoint (its row or boundary port): orientation, interest, meta, fresh. */
export function epClasses(ep: GraphEndpoint, fresh: boolean): string {
  return [
    'pg-ep',
    `pg-${ep.orientation}`,
    `pg-${ep.interest}`,
    ep.meta ? 'pg-meta' : '',
    fresh ? 'pg-fresh' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** ▲ publisher, ▼ subscriber; ⇡ at the meta level. */
export function glyph(ep: GraphEndpoint): string {
  return `${ep.orientation === 'publisher' ? '▲' : '▼'}${ep.meta ? '⇡' : ''}`;
}

function visibility(e: GraphEdge): string {
  if (e.kind === 'relay') return 'relay: the VM carries this at-meta-level endpoint to its own VM';
  if (e.pubSeesSub && e.subSeesPub) return 'both sides are told of each other (carries presence)';
  if (e.pubSeesSub) return 'only the publisher is told (the subscriber observes unseen)';
  if (e.subSeesPub) return 'only the subscriber is told (the publisher observes unseen)';
  return 'neither side is told (both observe)';
}

export function endpointHover(ep: GraphEndpoint, ev: MouseEvent): HoverInfo {
  return {
    title: `${ep.orientation} · ${ep.interest}${ep.meta ? ' · at meta level' : ''}`,
    lines: [`endpoint ${ep.name} of p${ep.proc}`, `topic ${ep.topic}`],
    x: ev.clientX,
    y: ev.clientY,
  };
}

export function edgeHover(e: GraphEdge, ev: MouseEvent): HoverInfo {
  return {
    title: e.kind === 'relay' ? 'relay edge' : e.live ? 'overlap carrying presence' : 'overlap (silent)',
    lines: [`${e.publisher} → ${e.subscriber}`, `intersection ${e.intersection}`, visibility(e)],
    x: ev.clientX,
    y: ev.clientY,
  };
}

export function processHover(p: GraphProcess, ev: MouseEvent): HoverInfo {
  return {
    title: `p${p.key} ${p.name}`,
    lines: [
      `pid ${p.pid} in ${p.vm === GROUND ? 'the ground VM' : `VM p${p.vm}`}`,
      plural(p.endpoints.length, 'endpoint'),
    ],
    x: ev.clientX,
    y: ev.clientY,
  };
}
