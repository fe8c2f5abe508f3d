/** Scenario picker (with the scenario's description, two lines then "more"), seed field and Reset. */
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { isValidSeed, MAX_SEED } from '../../debugger/engine/constants.ts';
import { scenarioOf, useActions, useSession, useStatus } from '../session-context.ts';
import { TourButton } from './TourPanel.tsx';
import { PlaygroundButton } from '../playground/PlaygroundPanel.tsx';

export function Header() {
  const scenario = useSession(scenarioOf);
  const scenarios = useSession((s) => s.scenarios);
  const { setScenario } = useActions();
  return (
    <header className="app-header">
      <div className="app-title">
        <h1>os2 Lab</h1>
        <p className="tagline">a simulator and debugger for os2, the pub/sub + presence network OS</p>
      </div>
      <div className="run-controls">
        <label className="field">
          <span>Scenario</span>
          <select value={scenario?.id ?? ''} onChange={(e) => setScenario(e.target.value)}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <KnobNote />
        <SeedField />
        <TourButton />
        <PlaygroundButton />
      </div>
      <Description key={scenario?.id ?? ''} text={scenario?.description ?? ''} />
    </header>
  );
}

/** The option the run was made with, when one is set (a knob: the Variants panel, a tour exercise). */
function KnobNote() {
  const knob = useStatus((st) => (st.origin.kind === 'scenario' ? (st.origin.knob ?? null) : null), null);
  if (knob === null) return null;
  return (
    <span className="knob-note" role="note">
      with {knob.flag} {knob.value}
    </span>
  );
}

/**
 * The scenario's description, clamped to two lines (so the stage stays above the fold) with a
 * "more" button when it is longer; opened, "less". A new scenario starts clamped (the key).
 */
function Description({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const [long, setLong] = useState(false);
  const ref = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    const p = ref.current;
    if (p === null || open) return;
    const measure = () => setLong(p.scrollHeight > p.clientHeight + 1);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(p);
    return () => watch.disconnect();
  }, [open, text]);
  return (
    <div className="scenario-description">
      <p ref={ref} id="scenario-description" className={open ? undefined : 'clamped'}>
        {text}
      </p>
      {(long || open) && (
        <button
          type="button"
          aria-expanded={open}
          aria-controls="scenario-description"
          aria-label={open ? 'Show less of the description' : 'Show more of the description'}
          onClick={() => setOpen(!open)}
        >
          {open ? 'less' : 'more'}
        </button>
      )}
    </div>
  );
}

/**
 * The seed being edited; Enter or Reset starts the run again with it (a bad seed is shown, never
 * applied). A reset can be undone (the notice under the header).
 */
function SeedField() {
  const seed = useStatus((st) => st.origin.seed, 0);
  const { reset } = useActions();
  const [draft, setDraft] = useState<{ for: number; text: string }>({ for: seed, text: String(seed) });
  // A new session seed (scenario change, link) replaces the draft.
  const text = draft.for === seed ? draft.text : String(seed);
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const valid = isValidSeed(value);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (valid) {
      setDraft({ for: value, text: String(value) });
      reset(value);
    }
  };

  return (
    <form className="seed-form" onSubmit={apply}>
      <label className="field">
        <span>Seed</span>
        <input
          type="text"
          inputMode="numeric"
          value={text}
          size={10}
          aria-invalid={!valid}
          aria-describedby={valid ? undefined : 'seed-error'}
          onChange={(e) => setDraft({ for: seed, text: e.target.value })}
        />
      </label>
      <button type="submit" disabled={!valid}>
        Reset
      </button>
      {!valid && (
        <span id="seed-error" className="field-error">
          0 … {MAX_SEED}
        </span>
      )}
    </form>
  );
}
