/** Scenario picker (with the scenario's description), seed field and Reset. */
import { useState, type FormEvent } from 'react';
import { isValidSeed, MAX_SEED } from '../../debugger/engine/constants.ts';
import { scenarioOf, useActions, useSession, useStatus } from '../session-context.ts';
import { TourButton } from './TourPanel.tsx';

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
      </div>
      <p className="scenario-description">{scenario?.description ?? ''}</p>
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
