/**
 * A tour stop's question (predict, then reveal): a labelled radio group of 2–4 choices (arrow keys
 * move between them, Enter or r reveals), the Reveal button, and once revealed, which choice the run
 * bears out, whether the learner's was it, and why. The verdict comes from the run (the store's
 * `verdict`, judged by the engine over the trace), never from the data.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Question } from '../../tour/question.ts';
import type { TourStop } from '../../tour/stops.ts';
import { useUi } from '../ui-context.ts';
import { useSession } from '../session-context.ts';
import { scrollWithin } from '../scroll-within.ts';
import { runFacts } from '../tour-follow.ts';
import { taskDone } from '../../tour/task.ts';

export function TourQuestion({ stop }: { stop: TourStop }) {
  const status = useUi((s) => s.status);
  const chosen = useUi((s) => s.chosen);
  const verdict = useUi((s) => s.verdict);
  const choose = useUi((s) => s.choose);
  const reveal = useUi((s) => s.reveal);
  // An exercise is revealed on the run its task changed: not before every move is made.
  const done = useSession((s) => taskDone(stop.task, runFacts(s)));
  const waiting = !done;
  const q = stop.question;
  const promptId = `tour-prompt-${stop.id}`;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || verdict !== null) return;
    e.preventDefault();
    if (!waiting) reveal();
  };
  return (
    <section className="tour-question" aria-labelledby={promptId} data-revealed={verdict !== null ? 'true' : 'false'}>
      <h3 id={promptId} className="tour-prompt">
        <span className="tour-predict">Predict</span> {q.prompt}
      </h3>
      <div
        role="radiogroup"
        aria-labelledby={promptId}
        className="tour-choices"
        data-own-keys="ArrowUp ArrowDown ArrowLeft ArrowRight Space Enter"
        onKeyDown={onKeyDown}
      >
        {q.choices.map((c, i) => (
          <label key={c.label} className={choiceClass(i, chosen, verdict)}>
            <input
              type="radio"
              name={`tour-choice-${stop.id}`}
              value={i}
              checked={chosen === i}
              disabled={verdict !== null}
              onChange={() => choose(i)}
            />
            <span className="tour-choice-label">{c.label}</span>
            <ChoiceMark index={i} chosen={chosen} verdict={verdict} />
          </label>
        ))}
      </div>
      {verdict === null ? (
        <button
          type="button"
          className="primary tour-reveal"
          disabled={status !== 'asking' || waiting}
          onClick={reveal}
          aria-keyshortcuts="r"
          title={waiting ? 'Make your move first (the task above)' : 'Move to the record that answers the question (r)'}
        >
          {status === 'revealing' ? 'Revealing…' : waiting ? 'Reveal (after your move)' : 'Reveal the answer'}
        </button>
      ) : (
        <Verdict q={q} chosen={chosen} verdict={verdict} />
      )}
    </section>
  );
}

function choiceClass(i: number, chosen: number | null, verdict: readonly boolean[] | null): string {
  const parts = ['tour-choice'];
  if (chosen === i) parts.push('chosen');
  if (verdict !== null) parts.push(verdict[i] === true ? 'right' : chosen === i ? 'wrong' : 'other');
  return parts.join(' ');
}

/** After the reveal, a word beside the choices that matter (not only a colour). */
function ChoiceMark({ index, chosen, verdict }: { index: number; chosen: number | null; verdict: readonly boolean[] | null }) {
  if (verdict === null) return null;
  if (verdict[index] === true) return <span className="tour-mark right">✓ what the run shows</span>;
  if (chosen === index) return <span className="tour-mark wrong">✗ your answer</span>;
  return null;
}

/** Right or wrong, and why; it takes focus when it appears, so a screen reader reads it and the keys go on. */
function Verdict({ q, chosen, verdict }: { q: Question; chosen: number | null; verdict: readonly boolean[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    el.focus({ preventScroll: true });
    const drawer = el.closest<HTMLElement>('aside.tour');
    if (drawer !== null) scrollWithin(drawer, el);
  }, []);
  const right = verdict.indexOf(true);
  const answer = q.choices[right]?.label;
  const ok = chosen !== null && verdict[chosen] === true;
  const kind = answer === undefined ? 'none' : chosen === null ? 'skipped' : ok ? 'right' : 'wrong';
  const head = { right: 'Right.', wrong: 'Not quite.', skipped: 'The answer:', none: 'The run bears out none of the choices.' }[kind];
  return (
    <div ref={ref} className={`tour-verdict ${kind}`} role="status" tabIndex={-1} data-verdict={kind}>
      <strong>{head}</strong> {kind !== 'right' && answer !== undefined && <>The run shows: “{answer}”. </>}
      {q.why}
    </div>
  );
}
