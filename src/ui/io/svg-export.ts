/**
 * Pictures of the diagrams (issue 6): the current VM tree, presence graph and sequence chart as a
 * standalone SVG (every element's computed style written inline, so the file looks the same
 * without the app's CSS) and as a PNG drawn from that SVG on an offscreen canvas at 2× scale.
 *
 *   presence graph  the panel's <svg>, the whole graph (the pan/zoom transform is dropped and the
 *                   picture framed on the graph's bounding box)
 *   sequence chart  the chart's two <svg>s (lifeline heads and events) stacked into one, the events
 *                   cut to the rows drawn (those around the view: the chart draws no others)
 *   stage           the stage's <svg> as shown (its view and its screen-space labels together)
 *   VM tree         drawn from the tree as shown (collapsed branches and exited processes as on
 *                   screen): one text row per visible node, indented by its level
 */
import type { PanelId } from '../../tour/stops.ts';

/** The diagram panels, and the stage (not a grid panel: its own tools save its picture). */
export type PicturePanel = Extract<PanelId, 'vm-tree' | 'presence-graph' | 'sequence-chart'> | 'stage';
export const PICTURE_PANELS: readonly PicturePanel[] = ['vm-tree', 'presence-graph', 'sequence-chart'];

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The computed properties that decide how SVG content looks. */
const STYLE_PROPS = [
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-dashoffset',
  'stroke-linecap', 'stroke-linejoin', 'opacity', 'visibility', 'display', 'font-family', 'font-size', 'font-weight',
  'font-style', 'text-anchor', 'dominant-baseline', 'text-decoration', 'letter-spacing', 'paint-order', 'color',
  'marker-start', 'marker-mid', 'marker-end',
] as const;

/** Copies the computed style of `src` and its descendants onto the matching elements of `dst` (a clone of it). */
export function inlineStyles(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  const decl: string[] = [];
  for (const p of STYLE_PROPS) {
    let v = cs.getPropertyValue(p);
    if (v === '') continue;
    if (p.startsWith('marker-')) {
      if (v === 'none') continue;
      v = localUrl(v);
    }
    decl.push(`${p}:${v}`);
  }
  (dst as SVGElement).setAttribute('style', decl.join(';'));
  dst.removeAttribute('class');
  dst.removeAttribute('tabindex');
  dst.removeAttribute('role');
  const a = src.children;
  const b = dst.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i]!, b[i]!);
}

/** url("http://host/page#id") → url(#id): a computed marker reference, made local to the file. */
function localUrl(v: string): string {
  const m = /#([^")']+)/.exec(v);
  return m === null ? v : `url(#${m[1]})`;
}

function xml(el: Element): string {
  return new XMLSerializer().serializeToString(el);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function panelOf(panel: PicturePanel, root: ParentNode = document): HTMLElement {
  const el = root.querySelector<HTMLElement>(`section[data-panel="${panel}"]`);
  if (el === null) throw new Error(`the ${panel} panel is not on screen`);
  return el;
}

/** The paper colour behind a panel (the first opaque background up the tree). */
function paperOf(el: Element): string {
  for (let e: Element | null = el; e !== null; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg !== '' && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

export interface Picture {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

function wrap(width: number, height: number, viewBox: string, paper: string, body: string, title: string): Picture {
  const w = Math.max(1, Math.ceil(width));
  const h = Math.max(1, Math.ceil(height));
  const svg =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="${viewBox}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect x="${viewBox.split(' ')[0]}" y="${viewBox.split(' ')[1]}" width="100%" height="100%" fill="${paper}"/>` +
    body +
    `</svg>\n`;
  return { svg, width: w, height: h };
}

function presenceGraph(section: HTMLElement, title: string): Picture {
  const svg = section.querySelector<SVGSVGElement>('svg.pg-svg');
  const viewport = svg?.querySelector<SVGGElement>('g.pg-viewport');
  if (svg == null || viewport == null) throw new Error('the presence graph has not been drawn yet');
  const box = viewport.getBBox();
  const pad = 16;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  // The viewport's pan/zoom goes: the picture is framed on the whole graph (found by position, as
  // the clone has lost its classes).
  const index = [...svg.children].indexOf(viewport);
  clone.children[index]?.removeAttribute('transform');
  const x = box.x - pad;
  const y = box.y - pad;
  const w = box.width + 2 * pad;
  const h = box.height + 2 * pad;
  const inner = [...clone.childNodes].map((n) => (n instanceof Element ? xml(n) : '')).join('');
  return wrap(w, h, `${x} ${y} ${w} ${h}`, paperOf(section.querySelector('.pg-wrap') ?? section), inner, title);
}

function stage(section: HTMLElement, title: string): Picture {
  const svg = section.querySelector<SVGSVGElement>('svg.st-svg');
  if (svg === null) throw new Error('the stage has not been drawn yet');
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const inner = [...clone.childNodes].map((n) => (n instanceof Element ? xml(n) : '')).join('');
  return wrap(width, height, `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, paperOf(section.querySelector('.st-wrap') ?? section), inner, title);
}

function sequenceChart(section: HTMLElement, title: string): Picture {
  const head = section.querySelector<SVGSVGElement>('svg.seq-head');
  const body = section.querySelector<SVGSVGElement>('svg.seq-body');
  if (head === null || body === null) throw new Error('the sequence chart has no events around this step');
  const hw = Number(head.getAttribute('width'));
  const hh = Number(head.getAttribute('height'));
  const bw = Number(body.getAttribute('width'));
  const bh = Number(body.getAttribute('height'));
  const parts = [head, body].map((src) => {
    const c = src.cloneNode(true) as SVGSVGElement;
    inlineStyles(src, c);
    return [...c.childNodes].map((n) => (n instanceof Element ? xml(n) : '')).join('');
  });
  const w = Math.max(hw, bw);
  // Only the rows around the view are drawn (the chart is virtualised): the picture shows those,
  // the body cut to them by a nested <svg>'s viewBox.
  const rows = [...body.querySelectorAll('rect.seq-hit')].map((r) => {
    const y = Number(r.getAttribute('y'));
    return { top: y, bottom: y + Number(r.getAttribute('height')) };
  });
  const top = rows.length === 0 ? 0 : Math.min(...rows.map((r) => r.top));
  const shown = (rows.length === 0 ? bh : Math.max(...rows.map((r) => r.bottom))) - top;
  const inner =
    `<g style="font-size:${getComputedStyle(head).fontSize};font-family:${escapeXml(getComputedStyle(head).fontFamily)}">${parts[0]}</g>` +
    `<svg x="0" y="${hh}" width="${bw}" height="${shown}" viewBox="0 ${top} ${bw} ${shown}" style="font-size:${getComputedStyle(body).fontSize};font-family:${escapeXml(getComputedStyle(body).fontFamily)}">${parts[1]}</svg>`;
  return wrap(w, hh + shown, `0 0 ${w} ${hh + shown}`, paperOf(section.querySelector('.seq-scroll') ?? section), inner, title);
}

const ROW_H = 20;
const INDENT = 18;
const PAD = 10;

/** A drawn icon of a row (an inline <svg>), placed with its baseline at `y`. */
function iconAt(icon: SVGSVGElement, x: number, y: number, color: string): string {
  const box = icon.getBoundingClientRect();
  const at = `x="${x.toFixed(1)}" y="${(y - box.height).toFixed(1)}" width="${box.width.toFixed(1)}" height="${box.height.toFixed(1)}"`;
  return `<svg ${at} viewBox="${icon.getAttribute('viewBox') ?? ''}" style="color:${color}">${icon.innerHTML}</svg>`;
}

function vmTree(section: HTMLElement, title: string): Picture {
  const items = [...section.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  if (items.length === 0) throw new Error('the VM tree is empty');
  // One canvas measures text widths in each span's own font.
  const ctx = document.createElement('canvas').getContext('2d');
  const rows: string[] = [];
  let width = 0;
  items.forEach((li, i) => {
    const row = li.querySelector<HTMLElement>(':scope > .tree-row');
    if (row === null) return;
    const level = Number(li.getAttribute('aria-level') ?? '1');
    const y = PAD + i * ROW_H + ROW_H * 0.7;
    let x = PAD + (level - 1) * INDENT;
    const rowStyle = getComputedStyle(row);
    const hl = row.classList.contains('selected') ? rowStyle.backgroundColor : null;
    const spans: string[] = [];
    const leaves = [...row.querySelectorAll<HTMLElement>('span')].filter((s) => s.children.length === 0);
    for (const s of leaves) {
      const text = (s.textContent ?? '').trim();
      const cs = getComputedStyle(s);
      const icon = s.previousElementSibling;
      if (icon instanceof SVGSVGElement) {
        spans.push(iconAt(icon, x, y, cs.color));
        x += icon.getBoundingClientRect().width + 1;
      }
      const font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      if (ctx !== null) ctx.font = font;
      const w = s.classList.contains('twisty') ? 14 : ctx === null ? text.length * 8 : ctx.measureText(text).width;
      if (text !== '') {
        const deco = cs.textDecorationLine !== 'none' ? `;text-decoration:${cs.textDecorationLine}` : '';
        spans.push(
          `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" style="fill:${cs.color};font:${escapeXml(font)}${deco}">${escapeXml(text)}</text>`,
        );
      }
      x += w + (text === '' && !s.classList.contains('twisty') ? 0 : 5);
    }
    width = Math.max(width, x + PAD);
    const bg = hl === null ? '' : `<rect x="${PAD + (level - 1) * INDENT - 3}" y="${PAD + i * ROW_H}" width="${(x - PAD - (level - 1) * INDENT + 6).toFixed(1)}" height="${ROW_H}" rx="4" fill="${hl}"/>`;
    rows.push(bg + spans.join(''));
  });
  const height = 2 * PAD + items.length * ROW_H;
  return wrap(width, height, `0 0 ${Math.ceil(width)} ${height}`, paperOf(section.querySelector('.panel-body') ?? section), rows.join(''), title);
}

/** The panel's current picture as a standalone SVG document. */
export function panelPicture(panel: PicturePanel, title: string, root: ParentNode = document): Picture {
  const section = panelOf(panel, root);
  switch (panel) {
    case 'presence-graph':
      return presenceGraph(section, title);
    case 'sequence-chart':
      return sequenceChart(section, title);
    case 'vm-tree':
      return vmTree(section, title);
    case 'stage':
      return stage(section, title);
  }
}

/** The picture as a PNG, drawn at `scale`× on an offscreen canvas. */
export async function pictureToPng(p: Picture, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([p.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the picture could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(p.width * scale);
    canvas.height = Math.ceil(p.height * scale);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas in this browser');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, p.width, p.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b === null ? reject(new Error('the PNG could not be made')) : resolve(b)), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
