/**
 * A tour stop's question (issue 13, predict then reveal): asked with the cursor at `ask`, before the
 * records that answer it; the learner picks a choice; the reveal moves the cursor to the stop's own
 * record, and each choice is judged by a claim about the run up to there — never by an index.
 *
 * Data definition:
 *   Question   = { ask, prompt, choices, why }
 *     ask      where the question is asked: the cursor goes just after this record (a Position)
 *     prompt   the question, in one or two sentences; it must not give the answer away
 *     choices  2–4 Choice, in the order shown
 *     why      one sentence, shown after the reveal: why the right answer is right
 *   Choice     = { label, claim }
 *   TraceClaim = { holds, fails? }: true of the records 0 … n (the run up to and including record n)
 *                iff every `holds` position is found in them and no `fails` position is. With a
 *                Position's `nth` and `after`, this says "at least k", "exactly k" (k found, k+1
 *                not) and "X, then Y".
 * Rule (test/tour/questions.test.ts, on seeds 1–5): at the stop's record exactly one choice's claim
 * holds, and at the ask point it does not yet. The engine evaluates the claims: the reveal is a find
 * job whose checks are `checkPositions(question)` (src/debugger/engine/jobs.ts); `verdicts` reads its
 * outcome. Kernel-free, so the page's main thread may load it.
 */
import type { Position, RecordMatch } from '../debugger/positions.ts';
import type { TraceKind } from '../kernel/index.ts';

export interface TraceClaim {
  readonly holds: readonly Position[];
  readonly fails?: readonly Position[];
}

export interface Choice {
  readonly label: string;
  readonly claim: TraceClaim;
}

export interface Question {
  readonly ask: Position;
  readonly prompt: string;
  readonly choices: readonly Choice[];
  readonly why: string;
}

/** The positions whose outcome decides the choices, in a fixed order (each choice's holds, then fails). */
export function checkPositions(q: Question): Position[] {
  return q.choices.flatMap((c) => [...c.claim.holds, ...(c.claim.fails ?? [])]);
}

/**
 * Whether each choice's claim holds, given for each of `checkPositions(q)` (in order) the index of
 * the record it found, or null.
 */
export function verdicts(q: Question, found: readonly (number | null)[]): boolean[] {
  let i = 0;
  const next = (): boolean => (found[i++] ?? null) !== null;
  return q.choices.map((c) => {
    const holds = c.claim.holds.map(next).every(Boolean);
    const fails = (c.claim.fails ?? []).map(next).some(Boolean);
    return holds && !fails;
  });
}

// ---- constructors, so a stop's claims read as sentences ----------------------------------------

/** The first record of this kind (of this process, if given) whose text contains every string. */
export function rec(kind: TraceKind, proc: string | null, ...text: string[]): Position {
  const match: RecordMatch = { kind, ...(proc === null ? {} : { proc }), ...(text.length === 0 ? {} : { text }) };
  return { match };
}

/** The `nth` record like `p`'s. */
export const nth = (n: number, p: Position): Position => ({ ...p, nth: n });

/** The first record like `p`'s after the first record like `first`'s (not named `then`: a module exporting `then` is a thenable, and `await import()` of it never settles). */
export const afterFirst = (first: Position, p: Position): Position => ({ ...p, after: first.match });

/** A choice whose claim is: every `holds` position happened, and none of `fails`. */
export function choice(label: string, holds: readonly Position[], fails: readonly Position[] = []): Choice {
  return { label, claim: fails.length === 0 ? { holds } : { holds, fails } };
}
