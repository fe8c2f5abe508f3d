/**
 * Shared fast-check generators and program builders for the kernel property tests
 * (test/kernel/properties.test.ts).
 *
 *   Terms     arbTerm / arbGround / generalize: random terms over a small alphabet (atoms of every
 *             kind, bytes, lists, structs, evts, anonymous and named wildcards) so that unification
 *             succeeds often enough to be interesting.
 *   Worlds    WorldSpec → a ground boot: N processes, each holding random endpoints (random
 *             orientation, interest type and topic) plus a private control endpoint, then a timed
 *             script of steps (send, delete-role, quit, crash in a handler, kill another process).
 *             In *tagged* mode every topic carries a unique tag position so that the intersection
 *             of a publisher and a subscriber names both endpoints (used to attribute presence).
 *   Nested    NestedSpec → a process P (endpoints, phases of actions, stateless replies) and a
 *             passive observer O; P runs either directly at the ground or inside a nested VM with
 *             every action wrapped in at-meta-level.
 * Builders are pure: the same spec always builds an equal program (closures included), so a spec
 * can be run several times (determinism, trie vs naive).
 */
import fc from 'fast-check';
import {
  _, atMetaLevel, boot, bytes, deleteRole, evt, isStruct, kill, makeRole, match, nestedVm, pid, quit, role, sendFeedback, sendMessage, spawn, struct, transition, wild, yieldThen, type Action, type ActionTree, type BootSpec, type InterestType, type Orientation, type Preaction, type RoutingKind, type Role, type Term, type TraceRecord,
} from '../../src/kernel/index.ts';
import { groundVm, injectMessage, runUntilIdle, type GroundVM } from '../../src/kernel/ground/index.ts';

// ---- terms -------------------------------------------------------------------------------------

/**
 * Atoms of every kind, including look-alikes that must stay apart ("1" vs 1, "" vs false, null vs
 * "null") or together (0 and -0), and strings that look like the trie's structural tokens.
 */
export const ATOMS: readonly Term[] = [
  'a',
  'b',
  '',
  '1',
  'null',
  0,
  -0,
  1,
  -1,
  2.5,
  true,
  false,
  null,
  '\u0000*',
  '\u0000[1',
];
export const arbAtom: fc.Arbitrary<Term> = fc.constantFrom(...ATOMS);
export const arbBytes: fc.Arbitrary<Term> = fc.constantFrom(
  bytes(''),
  bytes('a'),
  bytes('ab'),
  new Uint8Array([0, 255]),
);
/** Anonymous `?`, or a named variable (string names and one numeric name). */
export const arbWild: fc.Arbitrary<Term> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(_) },
  { weight: 3, arbitrary: fc.constantFrom<Term>(wild('x'), wild('y'), wild('z'), { wild: 7 }) },
);

export interface TermOptions {
  readonly maxDepth?: number;
  /** Generate wildcards (a pattern) or not (a ground message). */
  readonly wild?: boolean;
}

/** A random term; evt arguments are always ground (they are event descriptors). */
export function arbTerm(opts: TermOptions = {}): fc.Arbitrary<Term> {
  const maxDepth = opts.maxDepth ?? 3;
  const withWild = opts.wild ?? true;
  const leaf: fc.Arbitrary<Term> = withWild
    ? fc.oneof(
        { weight: 4, arbitrary: arbAtom },
        { weight: 1, arbitrary: arbBytes },
        { weight: 4, arbitrary: arbWild },
      )
    : fc.oneof({ weight: 4, arbitrary: arbAtom }, { weight: 1, arbitrary: arbBytes });
  const evtArb: fc.Arbitrary<Term> = fc
    .tuple(fc.constantFrom('k', 'j'), fc.array(arbAtom, { maxLength: 1 }))
    .map(([kind, args]) => evt(kind, ...args));
  const { term } = fc.letrec<{ term: Term; list: Term; struct: Term }>((tie) => ({
    term: fc.oneof(
      { maxDepth, depthIdentifier: 'term' },
      { weight: 3, arbitrary: leaf },
      { weight: 2, arbitrary: tie('list') },
      { weight: 2, arbitrary: tie('struct') },
      { weight: 1, arbitrary: evtArb },
    ),
    list: fc.array(tie('term'), { maxLength: 3, depthIdentifier: 'term' }),
    struct: fc
      .tuple(fc.constantFrom('f', 'g'), fc.array(tie('term'), { maxLength: 2, depthIdentifier: 'term' }))
      .map(([name, fields]) => struct(name, ...fields)),
  }));
  return term;
}

export const arbPattern = (maxDepth = 3): fc.Arbitrary<Term> => arbTerm({ maxDepth, wild: true });
export const arbGround = (maxDepth = 3): fc.Arbitrary<Term> => arbTerm({ maxDepth, wild: false });

function rebuild(t: Term, kids: Term[]): Term {
  if (Array.isArray(t)) return kids;
  if (isStruct(t)) return struct(t.struct, ...kids);
  return t;
}

function kidsOf(t: Term): readonly Term[] {
  if (Array.isArray(t)) return t as readonly Term[];
  if (isStruct(t)) return t.fields;
  return [];
}

/**
 * A pattern of which the ground term `g` is an instance: some subterms are replaced by `?` or by a
 * named variable whose name is the printed subterm (so repeated names always bind equal values).
 */
export function generalize(g: Term): fc.Arbitrary<Term> {
  const kids = kidsOf(g);
  const named = wild(`v:${JSON.stringify(g, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))}`);
  const options: fc.Arbitrary<Term>[] = [fc.constant(g), fc.constant(_), fc.constant(named)];
  if (kids.length > 0) {
    options.push(fc.tuple(...kids.map(generalize)).map((ks) => rebuild(g, ks)));
    options.push(fc.tuple(...kids.map(generalize)).map((ks) => rebuild(g, ks)));
  }
  return fc.oneof(...options);
}

/** A compound term containing the named variable `v` (for the occurs check). */
export const arbTermContaining = (v: string): fc.Arbitrary<Term> =>
  fc
    .tuple(arbPattern(2), fc.constantFrom('f', 'g'), fc.boolean())
    .map(([t, name, asList]) => (asList ? [t, wild(v)] : struct(name, wild(v), t)));

// ---- worlds ------------------------------------------------------------------------------------

export const INTERESTS: readonly InterestType[] = ['participant', 'observer', 'everything'];
export const arbOrientation: fc.Arbitrary<Orientation> = fc.constantFrom<Orientation>(
  'publisher',
  'subscriber',
);
export const arbInterest: fc.Arbitrary<InterestType> = fc.constantFrom(...INTERESTS);

/** Field values of world topics/messages: a small alphabet so that topics overlap often. */
const FIELD_ATOMS: readonly Term[] = ['a', 'b', 0, -0, '1', 1, '\u0000*', null];
const arbField: fc.Arbitrary<Term> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELD_ATOMS) },
  { weight: 3, arbitrary: fc.constantFrom<Term>(_, wild('x')) },
  { weight: 1, arbitrary: fc.constantFrom(...FIELD_ATOMS).map((a) => [a] as Term) },
  { weight: 1, arbitrary: fc.constant<Term>([_]) },
);
const arbGroundField: fc.Arbitrary<Term> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_ATOMS) },
  { weight: 1, arbitrary: fc.constantFrom(...FIELD_ATOMS).map((a) => [a] as Term) },
);
/** World topics are always t(…, …) structs, so they never meet the control endpoints' lists. */
export const arbTopicBody: fc.Arbitrary<Term> = fc
  .tuple(arbField, arbField)
  .map(([x, y]) => struct('t', x, y));
export const arbMessageBody: fc.Arbitrary<Term> = fc
  .tuple(arbGroundField, arbGroundField)
  .map(([x, y]) => struct('t', x, y));

export interface EpSpec {
  readonly orientation: Orientation;
  readonly interest: InterestType;
  readonly body: Term;
}

export type CrashKind = 'Error' | 'TypeError' | 'string' | 'object';

export type Step =
  | { readonly kind: 'send'; readonly delay: number; readonly body: Term; readonly orientation: Orientation }
  | { readonly kind: 'delete'; readonly delay: number; readonly idx: number }
  | { readonly kind: 'quit'; readonly delay: number }
  | { readonly kind: 'crash'; readonly delay: number; readonly how: CrashKind }
  | { readonly kind: 'kill'; readonly delay: number; readonly victim: number };

export interface ProcSpec {
  readonly endpoints: readonly EpSpec[];
  readonly steps: readonly Step[];
  /** Reply to messages (t(x, y) with y ≠ "r") with t(x, "r") upstream, while budget lasts. */
  readonly react: boolean;
}

export interface WorldSpec {
  readonly tagged: boolean;
  readonly budget: number;
  readonly procs: readonly ProcSpec[];
}

export interface WorldOptions {
  readonly tagged: boolean;
  readonly maxProcs?: number;
  readonly maxEndpoints?: number;
  readonly maxSteps?: number;
  /** Which step kinds to generate (sends only: a static world). */
  readonly steps?: readonly Step['kind'][];
  readonly react?: boolean;
  /**
   * Topics and messages drawn from the whole term space (arbPattern / arbGround) instead of
   * t(…, …): topics may then meet the control endpoints. Only for properties that compare runs
   * with each other (determinism, trie vs naive), not for ones that predict outcomes.
   */
  readonly wide?: boolean;
}

const arbEpOf = (body: fc.Arbitrary<Term>): fc.Arbitrary<EpSpec> =>
  fc.record({ orientation: arbOrientation, interest: arbInterest, body });
const arbEp = arbEpOf(arbTopicBody);

function arbStep(
  kinds: readonly Step['kind'][],
  nProcs: number,
  nEps: number,
  wide: boolean,
): fc.Arbitrary<Step> {
  const delay = fc.integer({ min: 0, max: 2 });
  const body = wide ? arbGround(2) : arbMessageBody;
  const all: Record<Step['kind'], fc.Arbitrary<Step>> = {
    send: fc.record({ kind: fc.constant('send' as const), delay, body, orientation: arbOrientation }),
    delete: fc.record({
      kind: fc.constant('delete' as const),
      delay,
      idx: fc.nat({ max: Math.max(0, nEps - 1) }),
    }),
    quit: fc.record({ kind: fc.constant('quit' as const), delay }),
    crash: fc.record({
      kind: fc.constant('crash' as const),
      delay,
      how: fc.constantFrom<CrashKind>('Error', 'TypeError', 'string', 'object'),
    }),
    kill: fc.record({
      kind: fc.constant('kill' as const),
      delay,
      victim: fc.nat({ max: Math.max(0, nProcs - 1) }),
    }),
  };
  return fc.oneof(...kinds.map((k) => all[k]));
}

export function arbWorld(opts: WorldOptions): fc.Arbitrary<WorldSpec> {
  const kinds = opts.steps ?? ['send', 'delete', 'quit', 'crash', 'kill'];
  return fc.integer({ min: 1, max: opts.maxProcs ?? 4 }).chain((n) =>
    fc.record({
      tagged: fc.constant(opts.tagged),
      budget: fc.integer({ min: 0, max: 3 }),
      procs: fc.array(
        fc
          .array(opts.wide ? arbEpOf(arbPattern(2)) : arbEp, {
            minLength: 0,
            maxLength: opts.maxEndpoints ?? 4,
          })
          .chain((endpoints) =>
            fc.record({
              endpoints: fc.constant(endpoints),
              steps: fc.array(arbStep(kinds, n, endpoints.length, opts.wide ?? false), {
                maxLength: opts.maxSteps ?? 3,
              }),
              react: opts.react === undefined ? fc.boolean() : fc.constant(opts.react),
            }),
          ),
        { minLength: n, maxLength: n },
      ),
    }),
  );
}

/** Process i of a world has pid i + 1 (the boot process 0 spawns them in order). */
export const procPid = (i: number): number => i + 1;
export const epName = (j: number): string => `e${j}`;
export const epTag = (i: number, j: number): string => `p${i}e${j}`;

/** The topic endpoint j of process i actually holds. Tagged: pub [tag, ?, body], sub [?, tag, body]. */
export function epTopic(w: WorldSpec, i: number, j: number): Term {
  const ep = w.procs[i]!.endpoints[j]!;
  if (!w.tagged) return ep.body;
  const tag = epTag(i, j);
  return ep.orientation === 'publisher' ? [tag, _, ep.body] : [_, tag, ep.body];
}

export function epRole(w: WorldSpec, i: number, j: number): Role {
  const ep = w.procs[i]!.endpoints[j]!;
  return makeRole(ep.orientation, epTopic(w, i, j), ep.interest);
}

/** The value a crash step throws. */
export function crashValue(i: number, how: CrashKind): unknown {
  switch (how) {
    case 'Error':
      return new Error(`boom ${i}`);
    case 'TypeError':
      return new TypeError(`bad ${i}`);
    case 'string':
      return `str ${i}`;
    case 'object':
      return { boom: i };
  }
}

/** The reason a crash step must produce (docs/semantics-decisions.md "Reasons"). */
export function expectedCrashReason(i: number, how: CrashKind): Term {
  switch (how) {
    case 'Error':
      return struct('exn', 'Error', `boom ${i}`);
    case 'TypeError':
      return struct('exn', 'TypeError', `bad ${i}`);
    case 'string':
      return struct('raise', `str ${i}`);
    case 'object':
      return struct('raise', JSON.stringify({ boom: i }));
  }
}

export const deleteReason = (i: number, j: number): Term => ['del', i, j];
export const quitReason = (i: number): Term => ['quit', i];
export const killReason = (killer: number, victim: number): Term => ['kill', killer, victim];

/** Normalises a kill step: never the killer itself (with one process, a kill becomes a quit). */
export function killVictim(w: WorldSpec, i: number, victim: number): number | null {
  const n = w.procs.length;
  if (n < 2) return null;
  return victim === i ? (i + 1) % n : victim;
}

function stepAction(w: WorldSpec, i: number, st: Step): Action {
  switch (st.kind) {
    case 'send':
      return st.orientation === 'publisher' ? sendMessage(st.body) : sendFeedback(st.body);
    case 'delete':
      return deleteRole(epName(st.idx), deleteReason(i, st.idx));
    case 'quit':
      return quit(quitReason(i));
    case 'crash':
      return sendMessage(['ctl', i]);
    case 'kill': {
      const v = killVictim(w, i, st.victim);
      return v === null ? quit(quitReason(i)) : kill(pid(procPid(v)), killReason(i, v));
    }
  }
}

/** Steps run in order; each waits `delay` scheduler rounds (yields) first; the first waits at least one. */
function schedule(w: WorldSpec, i: number, steps: readonly Step[], from: number): ActionTree {
  if (from >= steps.length) return null;
  const st = steps[from]!;
  let tree: ActionTree = [stepAction(w, i, st), schedule(w, i, steps, from + 1)];
  const delay = from === 0 ? Math.max(1, st.delay) : st.delay;
  for (let d = 0; d < delay; d++) {
    const inner: ActionTree = tree;
    tree = yieldThen((s: unknown) => transition(s, inner));
  }
  return tree;
}

function firstCrash(p: ProcSpec): CrashKind {
  const st = p.steps.find((s) => s.kind === 'crash');
  return st?.kind === 'crash' ? st.how : 'Error';
}

interface ProcState {
  readonly budget: number;
}

function procBoot(w: WorldSpec, i: number): BootSpec {
  const p = w.procs[i]!;
  const endpoints = p.endpoints.map((ep, j) =>
    role<ProcState>(epName(j), epRole(w, i, j), {
      onMessage: (m, s) => {
        if (!p.react || s.budget <= 0 || !isStruct(m, 't', 2) || m.fields[1] === 'r') return undefined;
        const reply = struct('t', m.fields[0]!, 'r');
        return transition(
          { budget: s.budget - 1 },
          ep.orientation === 'subscriber' ? sendFeedback(reply) : sendMessage(reply),
        );
      },
    }),
  );
  const ctl = role<ProcState>('ctl', makeRole('subscriber', ['ctl', i]), {
    onMessage: () => {
      throw crashValue(i, firstCrash(p));
    },
  });
  return boot<ProcState>({ budget: w.budget }, endpoints, ctl, schedule(w, i, p.steps, 0));
}

export function worldBoot(w: WorldSpec): BootSpec {
  return boot(
    null,
    w.procs.map((_p, i) => spawn(procBoot(w, i), { name: `p${i}` })),
  );
}

/** The reasons an endpoint j of process i may legitimately be removed with. */
export function allowedRemovalReasons(w: WorldSpec, i: number, j: number): Term[] {
  const out: Term[] = [];
  w.procs.forEach((p, k) =>
    p.steps.forEach((st) => {
      if (k === i && st.kind === 'delete' && st.idx === j) out.push(deleteReason(i, j));
      if (k === i && st.kind === 'quit') out.push(quitReason(i));
      // The control handler always throws the way the process's first crash step says.
      if (k === i && st.kind === 'crash') out.push(expectedCrashReason(i, firstCrash(p)));
      if (st.kind === 'kill') {
        const v = killVictim(w, k, st.victim);
        if (v === null && k === i) out.push(quitReason(i));
        if (v === i) out.push(killReason(k, i));
      }
    }),
  );
  return out;
}

export interface RunResult {
  readonly ground: GroundVM;
  readonly records: readonly TraceRecord[];
}

export function runBoot(b: BootSpec, routing: RoutingKind = 'trie', maxRounds = 10_000): RunResult {
  const r = runUntilIdle(groundVm(b, { routing }), maxRounds);
  return { ground: r.ground, records: r.records };
}

// ---- nested-VM transparency --------------------------------------------------------------------

/** A P action in a phase: add/delete one of P's endpoints (by index), send, or quit. */
export type PAction =
  | { readonly kind: 'add'; readonly idx: number }
  | { readonly kind: 'delete'; readonly idx: number }
  | { readonly kind: 'send'; readonly body: Term; readonly orientation: Orientation }
  | { readonly kind: 'quit' };

export interface PEndpoint extends EpSpec {
  /** How P answers a ping t(x, "o") arriving here: t(x, "r") downstream or upstream. */
  readonly replyOrientation: Orientation;
}

export interface NestedSpec {
  readonly pEndpoints: readonly PEndpoint[];
  /** Phase 0 runs at boot; phase j > 0 when the harness injects go(j). */
  readonly phases: readonly (readonly PAction[])[];
  /** In the nested run, quit via at-meta-level (the VM quits) or plainly (the inner process quits). */
  readonly metaQuit: boolean;
  readonly oEndpoints: readonly EpSpec[];
  /** For each phase, the pings O sends when the harness injects ping(j). */
  readonly pings: readonly (readonly { readonly body: Term; readonly orientation: Orientation }[])[];
}

const arbPingBody: fc.Arbitrary<Term> = arbGroundField.map((x) => struct('t', x, 'o'));
const arbKindField: fc.Arbitrary<Term> = fc.constantFrom<Term>('o', 'p', 'r', _, wild('x'));
const arbPTopic: fc.Arbitrary<Term> = fc.tuple(arbField, arbKindField).map(([x, y]) => struct('t', x, y));

export const arbNested: fc.Arbitrary<NestedSpec> = fc.integer({ min: 1, max: 4 }).chain((nEps) => {
  const pAction: fc.Arbitrary<PAction> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('add' as const), idx: fc.nat({ max: nEps - 1 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('delete' as const), idx: fc.nat({ max: nEps - 1 }) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('send' as const),
        body: fc.tuple(arbGroundField, fc.constantFrom<Term>('p', 'o')).map(([x, y]) => struct('t', x, y)),
        orientation: arbOrientation,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('quit' as const) }) },
  );
  return fc.integer({ min: 1, max: 3 }).chain((nPhases) =>
    fc.record({
      pEndpoints: fc.array(
        fc.record({
          orientation: arbOrientation,
          interest: arbInterest,
          body: arbPTopic,
          replyOrientation: arbOrientation,
        }),
        { minLength: nEps, maxLength: nEps },
      ),
      phases: fc.array(fc.array(pAction, { maxLength: 5 }), { minLength: nPhases, maxLength: nPhases }),
      metaQuit: fc.boolean(),
      oEndpoints: fc.array(
        fc.record({ orientation: arbOrientation, interest: arbInterest, body: arbPTopic }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      pings: fc.array(
        fc.array(fc.record({ body: arbPingBody, orientation: arbOrientation }), { maxLength: 3 }),
        {
          minLength: nPhases,
          maxLength: nPhases,
        },
      ),
    }),
  );
});

const P_QUIT_REASON: Term = ['p-quit'];

/** P's program; `nested` wraps every action that should reach the ground in at-meta-level. */
function pBoot(spec: NestedSpec, nested: boolean): BootSpec {
  const up = (a: Preaction): Action => (nested ? atMetaLevel(a) : a);
  const endpointAction = (j: number): Preaction => {
    const ep = spec.pEndpoints[j]!;
    return role(`q${j}`, makeRole(ep.orientation, ep.body, ep.interest), {
      // Stateless replies: the same input always gives the same output, whatever the timing.
      onMessage: (m, s) => {
        if (!isStruct(m, 't', 2) || m.fields[1] !== 'o') return undefined;
        const reply = struct('t', m.fields[0]!, 'r');
        return transition(
          s,
          up(ep.replyOrientation === 'publisher' ? sendMessage(reply) : sendFeedback(reply)),
        );
      },
    });
  };
  const phase = (j: number): ActionTree =>
    (spec.phases[j] ?? []).map((a): Action => {
      switch (a.kind) {
        case 'add':
          return up(endpointAction(a.idx));
        case 'delete':
          return up(deleteRole(`q${a.idx}`, ['p-del', a.idx]));
        case 'send':
          return up(a.orientation === 'publisher' ? sendMessage(a.body) : sendFeedback(a.body));
        case 'quit':
          return nested && spec.metaQuit ? atMetaLevel(quit(P_QUIT_REASON)) : quit(P_QUIT_REASON);
      }
    });
  const ctl = role('ctl', makeRole('subscriber', ['go', _]), {
    onMessage: (m, s) => transition(s, phase((m as readonly Term[])[1] as number)),
  });
  return boot(null, up(ctl), phase(0));
}

function oBoot(spec: NestedSpec): BootSpec {
  const eps = spec.oEndpoints.map((ep, j) => role(`o${j}`, makeRole(ep.orientation, ep.body, ep.interest)));
  const ctl = role('ctl', makeRole('subscriber', ['ping', _]), {
    onMessage: (m, s) => {
      const pings = spec.pings[(m as readonly Term[])[1] as number] ?? [];
      return transition(
        s,
        pings.map((p) => (p.orientation === 'publisher' ? sendMessage(p.body) : sendFeedback(p.body))),
      );
    },
  });
  return boot(null, eps, ctl);
}

export const O_PID = 1;

/** Runs the nested-transparency program: O is pid 1, P (or the VM holding it) pid 2. */
export function runNested(spec: NestedSpec, nested: boolean, routing: RoutingKind = 'trie'): RunResult {
  const p = pBoot(spec, nested);
  const b = boot(
    null,
    spawn(oBoot(spec), { name: 'O' }),
    nested ? nestedVm(p, { name: 'P' }) : spawn(p, { name: 'P' }),
  );
  let g = groundVm(b, { routing });
  const records: TraceRecord[] = [];
  const idle = (): void => {
    const r = runUntilIdle(g, 10_000);
    g = r.ground;
    records.push(...r.records);
  };
  const inject = (body: Term): void => {
    const s = injectMessage(g, body);
    g = s.ground;
    records.push(...s.records);
  };
  spec.phases.forEach((_ph, j) => {
    if (j > 0) inject(['go', j]);
    idle();
    inject(['ping', j]);
    idle();
  });
  return { ground: g, records };
}

/** Is a ground message matched by a topic? (a thin wrapper used by the message property) */
export const matches = (topic: Term, body: Term): boolean => match(topic, body) !== null;
