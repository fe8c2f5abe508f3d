/**
 * Sequence diagrams as text: Mermaid `sequenceDiagram` and PlantUML, split into several diagrams so
 * that each stays within Mermaid's documented limits (config maxTextSize 50,000 characters,
 * maxEdges 500).
 *
 * Data definition:
 *   the arrows and notes are exactly the sequence chart's (views/sequence.ts seqEvent, fed with the
 *   decoded records): message ->>, feedback -->>, presence -), absence -x, spawn --), ground
 *   (from the outside world) ->>; quit and crash are notes over the process
 *   participants = the processes a part uses, grouped by VM (Mermaid `box`, PlantUML `box`), plus
 *   "outside" for ground events; ids P1, P2, … (and W) are stable across parts
 *   parts: a part is flushed when one more line would take it past maxChars or maxEdges; every part
 *   is a complete diagram (its own header, participants and title "…, part N")
 * Escaping: Mermaid text uses entity codes (#35; # , #59; ; , #60; < , #62; > , #38; & , #37; % , #quot;)
 *   and no newline; PlantUML labels double backslashes and escape creole markup with ~; names in
 *   declarations keep only plain characters.
 * Rule: streaming. Only the current part is held in memory.
 */
import { prettyVmPath, type VmPath } from '../../kernel/index.ts';
import { seqEvent, type SeqEvent, type SeqKind } from '../views/sequence.ts';
import { recordFromJson, type RecordJson, type TraceHeader, type TraceItem } from '../trace/index.ts';
import { CausalIndex } from './causal.ts';
import type { ExportSink, Exporter } from './types.ts';

export interface DiagramLimits {
  /** Characters per diagram, whole text included; a diagram has fewer than this. */
  readonly maxChars: number;
  /** Arrows per diagram, at most. */
  readonly maxEdges: number;
  /** Labels longer than this are cut (with …). */
  readonly maxLabel: number;
}

/** Mermaid's defaults (mermaid.js.org config schema: maxTextSize 50000, maxEdges 500). */
export const MERMAID_LIMITS: DiagramLimits = { maxChars: 50_000, maxEdges: 500, maxLabel: 120 };

type Dialect = 'mermaid' | 'plantuml';

interface Participant {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** The VM's label, or "" for the outside world. */
  readonly vm: string;
}

const OUTSIDE: Participant = { id: 'W', key: '(outside)', name: 'outside world', vm: '' };

const BOX_COLORS = ['rgb(240,244,255)', 'rgb(240,255,244)', 'rgb(255,248,236)', 'rgb(248,240,255)'];
const PLANTUML_COLORS = ['#F0F4FF', '#F0FFF4', '#FFF8EC', '#F8F0FF'];

/** Mermaid text: entity codes for what the grammar or the HTML sanitizer would take. */
export function mermaidText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029\t]+/g, ' ').replace(/[#;<>&"%]/g, (c) => {
    switch (c) {
      case '%':
        return '#37;';
      case '#':
        return '#35;';
      case ';':
        return '#59;';
      case '<':
        return '#60;';
      case '>':
        return '#62;';
      case '&':
        return '#38;';
      default:
        return '#quot;';
    }
  });
}

/**
 * PlantUML label text: one line; backslashes doubled (PlantUML reads \n as a line break); creole
 * markup (**, //, "", --, __, ~~, [[, <tags>) escaped with ~ so that it shows as typed.
 */
export function plantumlText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/[\r\n\u2028\u2029\t]+/g, ' ')
    .replace(/\*\*|\/\/|""|--|__|~~|\[\[|</g, (m) => `~${m}`);
}

/** Names in declarations (participants, boxes): plain characters only. */
function declName(s: string): string {
  return s.replace(/[^A-Za-z0-9 _.,:/()+@=-]/g, '_').trim() || '_';
}

function cut(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

const MERMAID_ARROWS: Readonly<Record<Exclude<SeqKind, 'quit' | 'crash'>, string>> = {
  message: '->>', feedback: '-->>', presence: '-)', absence: '-x', spawn: '--)', ground: '->>',
};
const PLANTUML_ARROWS: Readonly<Record<Exclude<SeqKind, 'quit' | 'crash'>, string>> = {
  message: '->', feedback: '-->', presence: '->>', absence: '->x', spawn: '-->>', ground: '->',
};

export class SequenceExporter implements Exporter {
  private readonly index = new CausalIndex();
  private readonly ids = new Map<string, Participant>();
  private header: TraceHeader | null = null;
  private part = 0;
  private body: string[] = [];
  private bodyChars = 0;
  private edges = 0;
  private used = new Map<string, Participant>();
  private records = 0;
  private firstRecord: number | null = null;
  private lastRecord: number | null = null;

  constructor(
    private readonly dialect: Dialect,
    private readonly sink: ExportSink,
    private readonly limits: DiagramLimits = MERMAID_LIMITS,
  ) {}

  push(item: TraceItem): void {
    if (item.type === 'header') this.header = item.header;
    else if (item.type === 'record') this.record(item.record);
  }

  finish(): void {
    if (this.body.length > 0 || this.part === 0) this.flush();
  }

  private participant(key: string | null): Participant {
    if (key === null) return OUTSIDE;
    let p = this.ids.get(key);
    if (p === undefined) {
      const slash = key.lastIndexOf('/');
      const vm = slash < 0 ? [] : key.slice(0, slash).split('/').map(Number);
      const pid = Number(key.slice(slash + 1));
      p = { id: `P${this.ids.size + 1}`, key, name: `${this.index.nameOf(vm, pid)} (p${pid})`, vm: vm.length === 0 ? 'ground VM' : `VM ${prettyVmPath(vm as unknown as VmPath)}` };
      this.ids.set(key, p);
    }
    return p;
  }

  private record(r: RecordJson): void {
    this.index.add(r);
    this.records++;
    if (r.kind !== 'deliver' && r.kind !== 'boot' && r.kind !== 'quit') return;
    const e = seqEvent(recordFromJson(r), this.records - 1, this.index.byId);
    if (e === null) return;
    const marker = e.kind === 'quit' || e.kind === 'crash';
    const from = marker ? null : this.participant(e.from);
    const to = this.participant(e.to);
    const line = this.line(e, from ?? to, to, r.id);
    const isEdge = !marker;
    const ends = from === null ? [to] : [from, to];
    const newParts = ends.filter((p, i, a) => !this.used.has(p.key) && a.indexOf(p) === i);
    const extra = this.declarationsSize([...this.used.values(), ...newParts]) + this.frameSize();
    if (this.body.length > 0 && (this.bodyChars + line.length + extra >= this.limits.maxChars || (isEdge && this.edges + 1 > this.limits.maxEdges))) {
      this.flush();
    }
    for (const p of ends) this.used.set(p.key, p);
    this.body.push(line);
    this.bodyChars += line.length;
    if (isEdge) this.edges++;
    this.firstRecord ??= r.id;
    this.lastRecord = r.id;
  }

  private line(e: SeqEvent, from: Participant, to: Participant, id: number): string {
    const label = cut(e.label, this.limits.maxLabel);
    if (this.dialect === 'mermaid') {
      if (e.kind === 'quit' || e.kind === 'crash') return `  Note over ${to.id}: ${mermaidText(`#${id} ${e.kind === 'crash' ? 'crash ' : ''}${label}`)}\n`;
      const text = e.kind === 'spawn' ? `spawn ${label}` : e.kind === 'presence' || e.kind === 'absence' ? `${e.kind} ${label}` : label;
      return `  ${from.id}${MERMAID_ARROWS[e.kind]}${to.id}: ${mermaidText(`#${id} ${text}`)}\n`;
    }
    // A label starting with # would be a numbered list item: ~ escapes it.
    if (e.kind === 'quit' || e.kind === 'crash') return `note over ${to.id} : ~#${id} ${plantumlText(`${e.kind === 'crash' ? 'crash ' : ''}${label}`)}\n`;
    const text = e.kind === 'spawn' ? `spawn ${label}` : e.kind === 'presence' || e.kind === 'absence' ? `${e.kind} ${label}` : label;
    return `${from.id} ${PLANTUML_ARROWS[e.kind]} ${to.id} : ~#${id} ${plantumlText(text)}\n`;
  }

  private title(): string {
    const h = this.header;
    const what = h === null ? 'os2 Lab trace' : `os2 Lab: ${h.scenario} (seed ${h.seed})`;
    const range = this.firstRecord === null ? '' : `, records ${this.firstRecord} to ${this.lastRecord}`;
    return declName(`${what}, part ${this.part + 1}${range}`);
  }

  /** The size of the fixed text (first line, title, closing line), with room for longer ids. */
  private frameSize(): number {
    return `sequenceDiagram\n  title ${this.title()}\n@enduml\n`.length + 16;
  }

  private declarations(ps: readonly Participant[]): string[] {
    const byVm = new Map<string, Participant[]>();
    for (const p of ps) byVm.set(p.vm, [...(byVm.get(p.vm) ?? []), p]);
    const out: string[] = [];
    let color = 0;
    for (const [vm, members] of [...byVm.entries()].sort(([a], [b]) => (a === b ? 0 : a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))) {
      members.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
      if (this.dialect === 'mermaid') {
        if (vm !== '') out.push(`  box ${BOX_COLORS[color++ % BOX_COLORS.length]} ${declName(vm)}\n`);
        const indent = vm === '' ? '  ' : '    ';
        for (const p of members) out.push(`${indent}participant ${p.id} as ${declName(p.name)}\n`);
        if (vm !== '') out.push('  end\n');
      } else {
        if (vm !== '') out.push(`box "${declName(vm)}" ${PLANTUML_COLORS[color++ % PLANTUML_COLORS.length]}\n`);
        for (const p of members) out.push(`participant "${declName(p.name)}" as ${p.id}\n`);
        if (vm !== '') out.push('end box\n');
      }
    }
    return out;
  }

  private declarationsSize(ps: readonly Participant[]): number {
    return this.declarations(ps).reduce((n, l) => n + l.length, 0);
  }

  private flush(): void {
    const decls = this.declarations([...this.used.values()]);
    const title = this.title();
    const text = this.dialect === 'mermaid'
      ? [`sequenceDiagram\n  title ${title}\n`, ...decls, ...this.body].join('')
      : [`@startuml\ntitle ${title}\n`, ...decls, ...this.body, '@enduml\n'].join('');
    this.part++;
    const sep = this.dialect === 'plantuml' && this.part > 1 ? '\n' : '';
    this.sink(sep + text, this.dialect === 'mermaid' ? this.part : 1);
    this.body = [];
    this.bodyChars = 0;
    this.edges = 0;
    this.used = new Map();
    this.firstRecord = null;
    this.lastRecord = null;
  }
}
