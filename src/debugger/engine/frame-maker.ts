/**
 * Makes frames: the view-models of the cursor a face shows, each section recomputed only when what
 * it depends on changed, and sent only when it differs from what the face already has.
 *
 * Data definition: FrameMaker holds memos (the models at the cursor, the last graph, the log's
 * filtered index, the marker counts) and, per section, the key of what was last sent. It is the
 * engine's private cache: it changes nothing the player can see.
 * Rules:
 *   - Records are compared by identity: a branch makes new record objects after its boundary, so
 *     "the record at i is the same object" means "the run is the same up to i".
 *   - Long scans (the log's filter over a long run) are done in bounded slices: `more` says the
 *     frame is partial and another should be made.
 */
import { applyRecord, type Model } from '../model.ts';
import { PresenceGraphBuilder, graphChange, inspect, vmTree, type PresenceGraph } from '../views/index.ts';
import type { Frame, ViewRequest } from './frame.ts';
import { boundaryAt, modelAt, runAt, type History } from './history.ts';
import { choicesView } from '../views/choices.ts';
import type { PlayerState } from './player.ts';
import { LogIndex } from './log-index.ts';
import { PLAIN_PRINTER, type Printer } from '../views/printer.ts';
import { MarkerIndex } from './marker-index.ts';
import { NamesSection, SequenceSection, statusView, whyView } from './sections.ts';
import { StageSection } from './stage-section.ts';
import { queriesKey, queriesView } from './query-section.ts';
import { watchValues } from './query-watch.ts';
import { InvariantSection } from './invariant-section.ts';

interface Models {
  readonly cursor: number;
  readonly last: unknown;
  readonly model: Model;
  readonly prev: Model | null;
}

type Key = readonly unknown[];
type Draft = { -readonly [P in keyof Frame]?: Frame[P] };

const sameKey = (a: Key | undefined, b: Key): boolean =>
  a !== undefined && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * What a presence graph is made of: each live process's key, name and endpoint maps (immutable,
 * so the same map object means the same endpoints).
 */
function graphParts(model: Model): unknown[] {
  const out: unknown[] = [];
  for (const p of model.procs.values()) if (p.alive) out.push(p.key, p.name, p.endpoints, p.metaEndpoints);
  return out;
}

const sameParts = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

export class FrameMaker {
  private models: Models | null = null;
  private readonly builder: PresenceGraphBuilder;
  private graphs: { model: Model; parts: readonly unknown[]; graph: PresenceGraph }[] = [];
  private readonly logIndex: LogIndex;
  private readonly markerIndex = new MarkerIndex();
  private readonly sequence: SequenceSection;
  private readonly names = new NamesSection();
  private readonly stage: StageSection;
  private readonly invariants = new InvariantSection();
  private sent: { [K in keyof Frame]?: Key } = {};

  /** `print` prints every record and term the frames carry (payloads decoded, in the app). */
  constructor(private readonly print: Printer = PLAIN_PRINTER) {
    this.logIndex = new LogIndex(print);
    this.sequence = new SequenceSection(print);
    this.stage = new StageSection(print);
    this.builder = new PresenceGraphBuilder(print.term);
  }

  /** Forget what the face has (a new face): the next frame is whole. */
  resetFace(): void {
    this.sent = {};
    this.stage.reset();
  }

  /** The model at the cursor and one record before it (null at the start). */
  modelsAt(h: History, cursor: number): Models {
    const last = h.records.get(cursor - 1);
    const m = this.models;
    if (m !== null && m.cursor === cursor && m.last === last) return m;
    const prev = cursor === 0 ? null : modelAt(h, cursor - 1);
    const model = prev === null ? modelAt(h, 0) : last === undefined ? prev : applyRecord(prev, last);
    this.models = { cursor, last, model, prev };
    return this.models;
  }

  /**
   * The presence graph of a model: the same object as a remembered model's when the graph is made
   * of the same things (most records change a state, not who is alive or their endpoints), so a
   * step that changes no endpoint rebuilds nothing and sends no graph.
   */
  private graphOf(model: Model): PresenceGraph {
    const hit = this.graphs.find((g) => g.model === model);
    if (hit !== undefined) return hit.graph;
    const parts = graphParts(model);
    const same = this.graphs.find((g) => sameParts(g.parts, parts));
    const graph = same?.graph ?? this.builder.build(model);
    this.graphs = [{ model, parts, graph }, ...this.graphs.slice(0, 2)];
    return graph;
  }

  /** Puts the section in the frame if its key differs from the one last sent. */
  private offer<K extends keyof Frame>(frame: Draft, section: K, key: Key, value: () => Frame[K]): void {
    if (sameKey(this.sent[section], key)) return;
    this.sent[section] = key;
    frame[section] = value();
  }

  make(s: PlayerState, req: ViewRequest): { frame: Frame; more: boolean } {
    const h = s.history;
    const { model, prev } = this.modelsAt(h, s.cursor);
    const frame: Draft = {};
    const tree = req.tree;
    this.offer(frame, 'tree', tree === null ? [null] : [model, tree.showExited], () => (tree === null ? null : vmTree(model, tree.showExited)));
    const graphs = req.graph ? [this.graphOf(model), prev === null ? null : this.graphOf(prev)] : [null];
    this.offer(frame, 'graph', graphs, () => (req.graph ? this.graphWithChange(model, prev) : null));
    const proc = s.selection.process;
    const inspecting = req.inspector && proc !== null;
    this.offer(frame, 'inspector', inspecting ? [model, proc, prev] : [null], () => (inspecting ? inspect(model, proc, prev, this.print) : null));
    const at = s.selection.record ?? (s.cursor > 0 ? s.cursor - 1 : null);
    const asking = req.inspector && at !== null;
    this.offer(frame, 'why', asking ? [h.records.get(at), at, req.whyLinks] : [null], () =>
      asking ? whyView(h, at, req.whyLinks, this.print) : null,
    );
    const more = this.sectionLog(frame, s, req);
    const seq = req.sequence === null ? null : this.sequence.view(h, s.cursor, req.sequence.conversationOnly, req.hideFuture);
    this.offer(frame, 'sequence', seq === null ? [null] : seq.key, () => seq?.view ?? null);
    const markers = req.markers === null ? null : this.markerIndex.buckets(h.records, req.markers, req.hideFuture ? s.cursor : null);
    this.offer(frame, 'markers', [markers], () => markers);
    this.sectionStage(frame, s, req, model, at);
    this.offer(frame, 'queries', queriesKey(s, req.hideFuture), () => queriesView(s, this.print, req.hideFuture));
    const watches = s.queries.watches;
    this.offer(frame, 'queryWatches', watches.length === 0 ? [null] : [h.records, watches, s.cursor, req.hideFuture], () => watchValues(s, req.hideFuture));
    this.sectionChoices(frame, s, req);
    if (req.invariants === true) {
      const v = this.invariants.view(s.history, s.cursor);
      this.offer(frame, 'invariants', v.key, () => v.view);
    } else if (this.sent.invariants !== undefined) this.offer(frame, 'invariants', [null], () => null);
    // No peeking: while a question is open the filters list only processes born up to the cursor
    // (the cursor's model keeps those that have exited), never the run's later ones.
    const names = this.names.view(req.hideFuture ? model : h.frontier);
    this.offer(frame, 'names', names.key, () => names.view);
    return { frame: { ...frame, status: statusView(s, model, this.print) }, more };
  }

  private graphWithChange(model: Model, prev: Model | null): NonNullable<Frame['graph']> {
    const graph = this.graphOf(model);
    return { graph, change: prev === null ? null : graphChange(this.graphOf(prev), graph) };
  }

  private sectionStage(frame: Draft, s: PlayerState, req: ViewRequest, model: Model, about: number | null): void {
    const st = req.stage;
    if (st === null) {
      this.offer(frame, 'stage', [null], () => null);
      return;
    }
    const h = s.history;
    this.offer(frame, 'stage', this.stage.key(h, s.cursor, about, st), () =>
      this.stage.view(h, s, about, model, this.graphOf(model), st),
    );
  }

  /** The ground's candidates at the cursor's boundary: the same records before it, the same run there. */
  private sectionChoices(frame: Draft, s: PlayerState, req: ViewRequest): void {
    const h = s.history;
    if (req.choices !== true || h.run === null) {
      // A face that never asked for the list is never told about it.
      if (this.sent.choices !== undefined) this.offer(frame, 'choices', [null], () => null);
      return;
    }
    const b = boundaryAt(h, s.cursor);
    this.offer(frame, 'choices', [s.runId, b.records, h.records.get(b.records - 1), b.steps], () => {
      const run = runAt(h, s.cursor);
      return run === null ? null : choicesView(run.sim, b.records);
    });
  }

  private sectionLog(frame: Draft, s: PlayerState, req: ViewRequest): boolean {
    if (req.log === null) {
      this.offer(frame, 'log', [null], () => null);
      return false;
    }
    const r = this.logIndex.view(s.history, s.filters, s.cursor, req.log, req.hideFuture);
    this.offer(frame, 'log', r.key, () => r.view);
    return !r.view.complete;
  }
}
