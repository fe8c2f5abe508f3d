/**
 * Hostile os2 programs from a seed (issue 11): what a careless or malicious author could hand the
 * kernel. A program is a ground boot that spawns a few processes (and nested VMs); every boot,
 * handler and continuation draws what it returns from the program's seeded PRNG (the kernel's
 * own, rng.ts), so the same seed builds a program that behaves the same every time it runs.
 *
 * Ingredients (each drawn now and then among ordinary, valid behaviour):
 *   terms        wildcard-shaped structs ({wild, struct, fields: 5}), Symbols, functions, NaN, -0,
 *                bigints, cycles, terms 300 deep, sparse lists of length 2³²−1, 200 KB strings,
 *                byte strings (changed after they are sent), Proxies that throw or lie, getters,
 *                objects with extra keys, exponential intersections
 *   actions      Proxies whose `type` changes, throwing getters, unknown types, names that are
 *                Symbols or throw in toString or are too long, nested: "yes", pids 2⁶⁰ and −0,
 *                roles with throwing getters, kernel code where user code belongs
 *   action lists sparse (2³²−1), a million holes, a Proxy claiming 2³²−1 elements, generators,
 *                Sets, lists 300 deep, lists (and their actions and terms) changed after return
 *   transitions  not objects, no state, a throwing or lying `actions` getter, Proxies
 *   handlers     throw (a 200 KB Error, a Proxy, a cycle, a sparse list), recurse until the stack
 *                overflows, change the event and the message they got
 *   from outside messages injected and processes killed between steps, with any of the above terms
 */
import {
  _, addRole, atMetaLevel, bytes, deleteRole, kill, nestedVm, pid, quit, role, sendFeedback, sendMessage, spawn,
  struct, topicPublisher, topicSubscriber, wild, yieldThen, type Limits, type Term,
} from '../../src/kernel/index.ts';
import { nextFloat, seedRng, type Rng } from '../../src/kernel/ground/rng.ts';
import type { JsonValue } from '../../src/debugger/trace/index.ts';
import { encodeTerm, eventToJson, roleToJson } from '../../src/debugger/trace/values.ts';

/** The program's random source: every draw advances it (user code may mutate; the kernel may not). */
export class Draw {
  private rng: Rng;
  constructor(seed: number) {
    this.rng = seedRng(seed);
  }
  float(): number {
    const [f, r] = nextFloat(this.rng);
    this.rng = r;
    return f;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const thrower = (what: string) => (): never => {
  throw new Error(`${what} trap`);
};
const trapAll: ProxyHandler<object> = { get: thrower('get'), ownKeys: thrower('ownKeys'), has: thrower('has'), getPrototypeOf: thrower('proto') };

function deep(depth: number): unknown {
  let t: unknown = 'leaf';
  for (let i = 0; i < depth; i++) t = [t];
  return t;
}

/** [[?x1 … ?xn], [[?x0, ?x0] … [?x(n-1), ?x(n-1)]]]: against [?p, ?p], its intersection has 2ⁿ leaves. */
export function exponentialTopic(n: number): Term {
  const xs = Array.from({ length: n }, (_x, i) => wild(`x${i + 1}`));
  const pairs = Array.from({ length: n }, (_x, i) => [wild(`x${i}`), wild(`x${i}`)]);
  return [xs, pairs];
}

/** Atoms and small terms on which the programs' endpoints meet. */
const TOPICS: readonly Term[] = [['t', 'a'], ['t', 'b'], ['t', _], struct('s', 1), struct('s', _), ['t', wild('x')], _, 'atom'];

/** One of TOPICS, a fresh copy: the program changes what it handed over, but not its constants. */
const aTopic = (d: Draw): Term => structuredClone(d.pick(TOPICS));

/**
 * What one program's code shares: its random source, how hostile it is (the chance that a drawn
 * value is a hostile one), and what it will change after handing it over.
 */
export interface Code {
  readonly d: Draw;
  readonly hostility: number;
  /** Values already handed to the kernel, which the program changes the next time its code runs. */
  readonly changed: unknown[];
  /** How deep in nested VMs this code runs. */
  readonly depth: number;
  /** What every handler was given, in the order they ran (shared by the whole program). */
  readonly received: Received[];
}

/**
 * What one handler was given, encoded as the trace encodes its deliver record's event (`view`:
 * which part a clause gets — the peer's role, the role and reason, the message — or the whole
 * event for a raw handler), noted as the handler starts, before it can change anything.
 */
export interface Received {
  readonly view: 'presence' | 'absence' | 'message' | 'event';
  readonly json: string;
}

function note(c: Code, view: Received['view'], encode: () => JsonValue): void {
  let json: string;
  try {
    json = JSON.stringify(encode());
  } catch (e) {
    json = `unencodable: ${e instanceof Error ? e.message : typeof e}`;
  }
  c.received.push({ view, json });
}

const hostile = (c: Code): boolean => c.d.chance(c.hostility);

/** What a program may put where a term belongs: mostly terms, sometimes anything. */
export function anyTerm(c: Code): unknown {
  const { d } = c;
  if (!hostile(c)) return d.chance(0.6) ? aTopic(d) : [aTopic(d), d.int(100), d.chance(0.2) ? bytes('b') : 'x'];
  switch (d.int(22)) {
    case 0: return { wild: null, struct: 'w', fields: 5 };
    case 1: return { wild: null, struct: 'w', fields: [] };
    case 2: return Symbol('s');
    case 3: return () => 1;
    case 4: return d.pick([NaN, -0, 2 ** 60, Infinity, 10n]);
    case 5: { const a: unknown[] = []; a.push(a); return a; }
    case 6: return deep(d.pick([150, 300, 3000]));
    case 7: return new Array(2 ** 32 - 1);
    case 8: return 'x'.repeat(d.pick([70_000, 200_000]));
    case 9: { const b = new Uint8Array([1, 2, 3]); c.changed.push(b); return ['bytes', b]; }
    case 10: return new Proxy(['p'], trapAll);
    case 11: { let n = 0; return new Proxy(['p', 1], { get: (t, k) => (k === 'length' ? t.length : n++ === 0 ? 'first' : Symbol('later')) }); }
    case 12: return { get struct(): never { throw new Error('struct getter'); }, fields: [] };
    case 13: { let n = 0; return { struct: 'g', get fields() { return n++ === 0 ? [1] : 'not a list'; } }; }
    case 14: return { toString: thrower('toString'), struct: 'ts', fields: [] };
    case 15: return Object.freeze(['frozen', Object.freeze([1])]);
    case 16: return d.pick([new Date(0), new Map([[1, 2]]), new Set([1])]);
    case 17: return { struct: 'extra', fields: [1], extra: 2 };
    case 18: return { evt: 'timer', args: [d.int(5)] };
    case 19: { const a = ['mutable', [1]]; c.changed.push(a); return a; }
    case 20: return exponentialTopic(d.pick([6, 40]));
    default: return Array.from({ length: d.pick([10, 20_000]) }, (_x, i) => i);
  }
}

/** A reason: mostly small terms, sometimes huge or hostile. */
function anyReason(c: Code): unknown {
  return hostile(c) && c.d.chance(0.5) ? struct('big', 'r'.repeat(c.d.pick([500, 5_000, 200_000]))) : anyTerm(c);
}

/** A name: mostly a string, sometimes not one at all. */
function anyName(c: Code, base: string): unknown {
  if (!hostile(c)) return `${base}${c.d.int(4)}`;
  return c.d.pick<unknown>([Symbol('name'), { toString: thrower('toString') }, 'n'.repeat(10_000), 42, null, '']);
}

/** A topic for an endpoint: mostly the shared ones, so that presence, absence and messages happen. */
function anyTopic(c: Code): unknown {
  return hostile(c) ? anyTerm(c) : aTopic(c.d);
}

/** A process state: mostly a counter, sometimes something the trace writer has to cope with. */
function anyState(c: Code, n: number): unknown {
  if (!hostile(c)) return { n };
  switch (c.d.int(6)) {
    case 0: return new Proxy({ n }, trapAll);
    case 1: { const o: Record<string, unknown> = { n }; o.self = o; return o; }
    case 2: return { n, big: 's'.repeat(c.d.pick([1_000, 2_000_000])) };
    case 3: return { n, get boom(): never { throw new Error('state getter'); }, [Symbol('k')]: 1 };
    case 4: return { n, deep: deep(500), bytes: new Uint8Array(4), map: new Map([[{ k: 1 }, [1n]]]) };
    default: return JSON.parse(`{"n":${n},"__proto__":{"polluted":true},"constructor":1}`) as unknown;
  }
}

/** What a program throws: ordinary errors, or values that are hard to describe. */
export function anyThrown(d: Draw): unknown {
  switch (d.int(8)) {
    case 0: return new Error('e'.repeat(200_000));
    case 1: return new Proxy({}, trapAll);
    case 2: { const o: Record<string, unknown> = {}; o.self = o; return o; }
    case 3: return new Array(2 ** 32 - 1);
    case 4: return Object.defineProperty(new Error('x'), 'name', { get: thrower('name') });
    case 5: return Symbol('thrown');
    case 6: return 'plain string';
    default: return new TypeError('ordinary');
  }
}

// ---- actions, transitions, code ----------------------------------------------------------------

/** A valid action built with the vocabulary, its parts drawn (and sometimes hostile). */
function vocabularyAction(c: Code, n: number): unknown {
  const { d } = c;
  switch (d.int(12)) {
    case 0:
    case 1: {
      const r = d.pick([topicSubscriber, topicPublisher])(anyTopic(c) as Term, { monitor: d.pick([false, false, true, 'everything'] as const) });
      return role(anyName(c, 'ep') as string, r, handlers(c));
    }
    case 2: return deleteRole(anyName(c, 'ep') as string, anyReason(c) as Term);
    case 3:
    case 4:
    case 5: return (d.chance(0.7) ? sendMessage : sendFeedback)(anyTerm(c) as Term);
    case 6: return spawn(d.chance(0.8) ? bootOf(c) : readyBoot(c), { name: anyName(c, 'p') as string, ...(d.chance(0.3) ? { k: continuation(c) } : {}) });
    case 7: return c.depth < 2 && d.chance(0.6) ? nestedVm(bootOf({ ...c, depth: c.depth + 1 }), { name: anyName(c, 'vm') as string }) : quit(anyReason(c) as Term);
    case 8: return kill(pid(hostile(c) ? d.pick([2 ** 60, -0, 1.5, NaN, -1]) : d.int(8)), anyReason(c) as Term);
    case 9: return yieldThen(continuation(c));
    case 10: return c.depth > 0 || hostile(c) ? atMetaLevel(vocabularyAction(c, n) as never) : sendMessage(['t', 'a', n]);
    default: return addRole(anyName(c, 'raw') as string, topicSubscriber(aTopic(d)), rawHandler(c));
  }
}

/** An action as a hostile author writes it by hand. */
function handmadeAction(c: Code): unknown {
  const { d } = c;
  const ok = { type: 'send-message', body: ['t', 'a'], orientation: 'publisher' };
  const handler = rawHandler(c);
  switch (d.int(13)) {
    case 10: {
      const topic = d.pick<unknown>([{ wild: null, struct: 'w', fields: 5 }, { wild: 'x', evt: 'e', args: 'a' }, ['t', { wild: null, struct: 't', fields: {} }], anyTerm(c)]);
      return { type: 'add-role', name: 'h', handler, role: { orientation: d.pick(['subscriber', 'publisher']), topic, interest: 'participant' } };
    }
    case 11: { let n = 0; return { type: 'add-role', name: 'once', handler, role: { orientation: 'subscriber', interest: 'participant', get topic() { if (n++ > 0) throw new Error('second read'); return ['t', 'a']; } } }; }
    case 12: { let n = 0; return new Proxy(ok, { get: (t, k) => (n++ > 2 ? 'changed' : t[k as keyof typeof t]) }); }
    case 0: { let n = 0; return new Proxy(ok, { get: (t, k) => (k === 'type' && n++ > 0 ? 'quit' : t[k as keyof typeof t]) }); }
    case 1: return { ...ok, get body(): never { throw new Error('body getter'); } };
    case 2: return { type: 'frobnicate' };
    case 3: return { type: 'spawn', boot: bootOf(c), nested: d.pick(['yes', 1, undefined, true]), k: null, name: 'odd' };
    case 4: return { type: 'add-role', name: 'r', handler: () => ({ state: 0, actions: [] }), role: { orientation: 'subscriber', get topic(): never { throw new Error('role getter'); }, interest: 'participant' } };
    case 5: return { type: 'add-role', name: 'k', handler: { kernel: 'relay', child: 0, name: 'x' }, role: topicSubscriber(['t', 'a']) };
    case 6: return { type: 'yield', k: { kernel: 'run-vm' } };
    case 7: return { type: 'spawn', boot: d.pick<unknown>([42, new Proxy({}, trapAll), { state: 1, actions: [{ type: 'nonsense' }] }]), nested: false, k: null, name: 'b' };
    case 8: { const a = { ...ok }; c.changed.push(a); return a; }
    default: return new Proxy(ok, trapAll);
  }
}

/** An action tree: mostly a short list, sometimes a hostile container. */
function anyActions(c: Code, n: number): unknown {
  const { d } = c;
  const action = (): unknown => (hostile(c) ? (d.chance(0.5) ? handmadeAction(c) : d.pick([null, false, undefined])) : vocabularyAction(c, n));
  const list = (): unknown[] => Array.from({ length: d.int(4) }, action);
  if (!hostile(c)) return list();
  switch (d.int(8)) {
    case 0: return new Array(2 ** 32 - 1);
    case 1: return new Array(1_000_000);
    case 2: return new Proxy([], { get: (t, k) => (k === 'length' ? 2 ** 32 - 1 : undefined) });
    case 3: return (function* forever() { for (;;) yield sendMessage('again'); })();
    case 4: return new Set(list());
    case 5: return deep(300);
    case 6: { const l = list(); c.changed.push(l); return l; }
    default: return [list(), [list(), null], false];
  }
}

/** Reactions a process makes before it only listens (so that programs settle). */
const BUSY_REACTIONS = 12;

/** What a boot, handler or continuation returns: mostly a transition. */
function anyTransition(c: Code, state: unknown): unknown {
  const { d } = c;
  const n = typeof state === 'object' && state !== null && typeof (state as { n?: unknown }).n === 'number' ? (state as { n: number }).n : 0;
  if (!hostile(c)) return { state: anyState(c, n + 1), actions: n < BUSY_REACTIONS ? anyActions(c, n) : null };
  switch (d.int(6)) {
    case 0: return d.pick([42, null, undefined, 'transition']);
    case 1: return { actions: [] };
    case 2: return { state, get actions(): never { throw new Error('actions getter'); } };
    case 3: { let k = 0; return { state, get actions() { return k++ === 0 ? [sendMessage('once')] : new Array(2 ** 32 - 1); } }; }
    case 4: return new Proxy({ state, actions: [] }, trapAll);
    default: return { state: anyState(c, n + 1), actions: anyActions(c, n) };
  }
}

/** What a program does when its code runs: change what it handed over, maybe act up, then answer. */
function run(c: Code, got: unknown, answer: () => unknown): unknown {
  for (const v of c.changed.splice(0)) mutate(v);
  if (got !== null && typeof got === 'object' && c.d.chance(0.2)) mutate(got);
  if (hostile(c) && c.d.chance(0.3)) throw anyThrown(c.d);
  if (hostile(c) && c.d.chance(0.1)) return overflow(0);
  return answer();
}

const overflow = (n: number): number => overflow(n + 1) + 1;

/** Levels of a value `mutate` changes (a role, its topic, a list in it, a struct's fields), and parts of each. */
const MUTATE_DEPTH = 4;
const MUTATE_PARTS = 8;

/**
 * Changes a value the kernel was given (or gave), its parts first, a few levels down: it must not
 * matter to anyone else.
 */
function mutate(v: unknown, depth = 0): void {
  if (v === null || typeof v !== 'object' || depth > MUTATE_DEPTH) return;
  try {
    if (v instanceof Uint8Array) return void v.fill(9);
    // The first parts only: a list handed over may be sparse, of length 2³²−1.
    const parts = Array.isArray(v) ? (v as unknown[]).slice(0, MUTATE_PARTS) : Object.values(v).slice(0, MUTATE_PARTS);
    for (const part of parts) mutate(part, depth + 1);
    if (Array.isArray(v)) v.push('changed', Symbol('changed'));
    else Object.assign(v, { type: 'quit', body: 'changed', message: 'changed', reason: 'changed', role: 'changed', topic: 'changed' });
  } catch {
    // A frozen value (or a Proxy that refuses): nothing changes.
  }
}

function handlers(c: Code): Parameters<typeof role>[2] {
  return {
    onPresence: (peer, s) => {
      note(c, 'presence', () => roleToJson(peer));
      return run(c, peer, () => anyTransition(c, s)) as never;
    },
    onAbsence: (peer, reason, s) => {
      note(c, 'absence', () => [roleToJson(peer), encodeTerm(reason)]);
      return run(c, [peer, reason], () => anyTransition(c, s)) as never;
    },
    onMessage: (m, s) => {
      note(c, 'message', () => encodeTerm(m));
      return run(c, m, () => anyTransition(c, s)) as never;
    },
  };
}

function rawHandler(c: Code): (e: unknown, s: unknown) => never {
  return (e, s) => {
    note(c, 'event', () => eventToJson(e as Parameters<typeof eventToJson>[0]));
    return run(c, e, () => anyTransition(c, s)) as never;
  };
}

function continuation(c: Code): (...args: unknown[]) => never {
  return (...args) => run(c, null, () => anyTransition(c, args[args.length - 1])) as never;
}

/** A process's boot: endpoints on the shared topics (at the meta level too, inside a VM), then anything. */
function bootOf(c: Code): () => never {
  return () => run(c, null, () => {
    if (hostile(c)) return anyTransition(c, { n: 0 });
    const endpoints = Array.from({ length: 1 + c.d.int(3) }, () => {
      const r = role(`e${c.d.int(3)}`, c.d.pick([topicSubscriber, topicPublisher])(aTopic(c.d), { monitor: c.d.pick([false, false, true, 'everything'] as const) }), handlers(c));
      return c.depth > 0 && c.d.chance(0.5) ? atMetaLevel(r) : r;
    });
    return { state: { n: 0 }, actions: [endpoints, anyActions(c, 0)] };
  }) as never;
}

function readyBoot(c: Code): never {
  return anyTransition(c, { n: 0 }) as never;
}

// ---- programs ----------------------------------------------------------------------------------

/** Small limits, so that hostile sizes cost little; one program in ten runs with the defaults. */
const SMALL_LIMITS: Partial<Limits> = {
  maxRoundActions: 20_000, maxQueueLength: 5_000, maxVmDepth: 3, maxTermNodes: 5_000, maxTermDepth: 100,
  maxEndpointsPerProcess: 200, maxProcessesPerVm: 100, maxStringLength: 10_000, maxNameLength: 64,
  maxTransitionActions: 5_000, maxTransitionSize: 100_000, maxReasonSize: 1_024,
};

export interface Program {
  readonly seed: number;
  readonly limits: Partial<Limits>;
  readonly hostility: number;
  readonly boot: () => never;
  /** What the program's handlers were given, as it runs. */
  readonly received: readonly Received[];
  /** Interventions between steps: a message injected or a process killed, with any term. */
  readonly outside: (step: number) => { readonly inject?: unknown; readonly kill?: { pid: number; reason: unknown } } | null;
}

/** Program `seed`: a ground boot process that spawns a few processes, each drawn as above. */
export function hostileProgram(seed: number): Program {
  const d = new Draw(seed);
  const code: Code = { d, hostility: d.pick([0.005, 0.02, 0.05, 0.15]), changed: [], depth: 0, received: [] };
  const limits = d.chance(0.1) ? {} : SMALL_LIMITS;
  const boot = (): never => ({ state: { n: 0 }, actions: Array.from({ length: 2 + d.int(4) }, () => spawn(bootOf(code), { name: `p${d.int(9)}` })) }) as never;
  const outside = (step: number): ReturnType<Program['outside']> => {
    if (step % 5 !== 4 || !d.chance(0.5)) return null;
    return d.chance(0.5) ? { inject: anyTerm(code) } : { kill: { pid: d.int(8), reason: anyReason(code) } };
  };
  return { seed, limits, hostility: code.hostility, boot, received: code.received, outside };
}
