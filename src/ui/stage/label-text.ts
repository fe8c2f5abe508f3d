/**
 * The texts of the stage's labels and what they measure: the forms each label may take (longest
 * first; the label layer shows the first that fits), and a cached width measurer (canvas
 * measureText in the stage's own font, so a placed box is the drawn text's box).
 */
import type { GraphEndpoint } from '../../debugger/views/graph.ts';
import type { NodeKind } from '../../debugger/views/stage-project.ts';
import { abbreviations } from '../../debugger/views/stage-text.ts';
import { shown } from '../../debugger/views/shown.ts';

/** Fewer characters than this (with its "…") is not worth showing of a cut name. */
const MIN_CUT_CHARS = 4;
/** Widths remembered before the cache is cleared (bounds memory on long runs). */
const MEASURE_CACHE = 20_000;

export const glyphOf = (ep: GraphEndpoint): string => (ep.orientation === 'publisher' ? '▲' : '▼');

/** A name cut to each length that keeps at least MIN_CUT_CHARS characters, longest first. */
function cuts(text: string): string[] {
  const out: string[] = [];
  for (let n = text.length - 1; n >= MIN_CUT_CHARS; n = n > 24 ? Math.floor(n * 0.8) : n - 2)
    out.push(shown(text, n + 1));
  return out;
}

export function nodeForms(name: string, kind: NodeKind, members: number): string[] {
  switch (kind) {
    case 'collapsed-vm':
      return [`▸ ${name} · ${members} processes`, `▸ ${name}`, ...cuts(`▸ ${name}`)];
    case 'drivers':
      return [`${name} driver · ${members} processes`, `${name} driver`, ...cuts(name)];
    case 'vm':
      return [`▾ ${name} · nested VM`, `▾ ${name}`, ...cuts(`▾ ${name}`)];
    case 'process':
      return [name, ...cuts(name)];
  }
}

/** A port's label: its name and its topic, the topic shortened step by step, then the name alone. */
export function portForms(ep: GraphEndpoint): string[] {
  const name = `${glyphOf(ep)} ${ep.name}`;
  return [...abbreviations(ep.topic).map((t) => `${name}  ${t}`), name, ...cuts(name)];
}

/** The whole text of a focused endpoint (a callout: it wraps, it is never shortened). */
export const portWhole = (ep: GraphEndpoint): string => `${glyphOf(ep)} ${ep.name}: ${ep.topic}`;

export class Measurer {
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly cache = new Map<string, number>();

  constructor(private readonly family: string) {
    this.ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  }

  width(text: string, px: number, bold = false): number {
    const font = `${bold ? 'bold ' : ''}${px}px ${this.family}`;
    const key = `${font}\u0000${text}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    if (this.cache.size > MEASURE_CACHE) this.cache.clear();
    let w = text.length * px * 0.62;
    if (this.ctx !== null) {
      this.ctx.font = font;
      w = this.ctx.measureText(text).width;
    }
    this.cache.set(key, w);
    return w;
  }

  /** The first form no wider than `max`, with its width; null if none fits. */
  fit(forms: readonly string[], px: number, max: number, bold = false): { text: string; w: number } | null {
    for (const f of forms) {
      const w = this.width(f, px, bold);
      if (w <= max) return { text: f, w };
    }
    return null;
  }

  /** `text` broken into lines no wider than `max` (at spaces and after commas; a long word alone). */
  wrap(text: string, px: number, max: number): { lines: string[]; w: number } {
    const words = text.split(/(?<=[ ,])/);
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      if (line !== '' && this.width(line + word, px) > max) {
        lines.push(line.trimEnd());
        line = word.trimStart();
      } else line += word;
    }
    if (line !== '') lines.push(line.trimEnd());
    return { lines, w: Math.max(0, ...lines.map((l) => this.width(l, px))) };
  }
}
