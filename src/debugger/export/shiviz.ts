/**
 * A ShiViz log (the space-time diagram tool for distributed systems): vector clocks derived exactly
 * from the causes in the trace.
 *
 * Data definition (the file ShiViz's "upload a log" reads):
 *   line 1  the parser regular expression, SHIVIZ_REGEX, with the named groups host, clock, event
 *   line 2  empty: no delimiter between executions (one execution per file)
 *   then    one event per line: `HOST CLOCK DESCRIPTION`, matching SHIVIZ_REGEX
 *     HOST         an event lane (see causal.ts) as a word: "p3:client" (ground VM), "p4/p0:inner"
 *                  (nested VM 4), "ground" (ground events), "world:alice" (a world host)
 *     CLOCK        the vector clock as JSON: {"p3:client":2,"p1:server":1}
 *     DESCRIPTION  "#id kind …" (the record, one line)
 * Clock rule: every event ticks its own host's entry by one (ShiViz requires 1, 2, 3, … per host);
 * an event whose cause chain reaches an event on another host first merges that event's clock
 * (componentwise max). Causes come from the trace, never from timing.
 */
import { Map as IMap } from 'immutable';
import { prettyRecord } from '../../kernel/index.ts';
import { recordFromJson, type RecordJson, type TraceItem } from '../trace/index.ts';
import { CausalIndex, actorOf, type Actor } from './causal.ts';
import type { ExportSink, Exporter } from './types.ts';

/** The parser RegExp written as the first line (ShiViz syntax: JS with named groups). */
export const SHIVIZ_REGEX = '^(?<host>\\S+) (?<clock>\\{[^}]*\\}) (?<event>.*)$';

type Clock = IMap<string, number>;

const MAX_DESCRIPTION = 300;

/** A host name ShiViz and the regex accept: no whitespace, braces, quotes or backslashes. */
function word(s: string): string {
  return s.replace(/[^A-Za-z0-9_.:/@+-]/g, '_');
}

export class ShivizExporter implements Exporter {
  private readonly index = new CausalIndex();
  private readonly hosts = new Map<string, string>();
  private readonly latest = new Map<string, Clock>();
  private readonly clocks = new Map<number, Clock>();
  private buffer: string[] = [];

  constructor(private readonly sink: ExportSink) {}

  push(item: TraceItem): void {
    if (item.type === 'header') this.buffer.push(SHIVIZ_REGEX + '\n\n');
    else if (item.type === 'record') this.record(item.record);
    if (this.buffer.length >= 256) this.flush();
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.sink(this.buffer.join(''), 1);
    this.buffer = [];
  }

  /** The host name of an actor, fixed the first time it is seen. */
  private host(a: Actor): string {
    let h = this.hosts.get(a.key);
    if (h === undefined) {
      if (a.lane === 'process') {
        const path = [...a.vm.map((p) => `p${p}`), `p${a.pid}`].join('/');
        h = `${path}:${word(this.index.nameOf(a.vm, a.pid!))}`;
      } else h = a.lane === 'ground' ? 'ground' : `world:${word(a.host!)}`;
      this.hosts.set(a.key, h);
    }
    return h;
  }

  private record(r: RecordJson): void {
    const ix = this.index.add(r);
    if (!ix.isEvent) return;
    const host = this.host(actorOf(r));
    let clock: Clock = this.latest.get(host) ?? IMap<string, number>();
    const from = ix.causeEvent === null ? undefined : this.clocks.get(ix.causeEvent);
    if (from !== undefined) {
      clock = clock.withMutations((c) => {
        for (const [h, t] of from) if ((c.get(h) ?? 0) < t) c.set(h, t);
      });
    }
    clock = clock.set(host, (this.latest.get(host)?.get(host) ?? 0) + 1);
    this.latest.set(host, clock);
    this.clocks.set(r.id, clock);
    let text = prettyRecord(recordFromJson(r)).replace(/[\r\n\u2028\u2029]/g, ' ');
    if (text.length > MAX_DESCRIPTION) text = text.slice(0, MAX_DESCRIPTION - 1) + '…';
    this.buffer.push(`${host} ${JSON.stringify(Object.fromEntries(clock))} ${text}\n`);
  }
}
