/**
 * The Variants panel (issue 13, item 5; docs/variants.md): for a scenario whose point the talk
 * makes by contrast, one knob (a scenario option), two of its values, and the two runs side by
 * side — computed in the engine's worker — with what differs highlighted and said in one line.
 * Flipping the knob once a comparison is open re-runs it at once.
 */
import { memo, useMemo, useState, type ReactNode } from 'react';
import { inlineDiff } from '../variants/inline.ts';
import type { Cell, DiffLine, VariantView } from '../../debugger/variants/view.ts';
import type { KnobInfo } from '../../scenarios/variants.ts';
import { scenarioOf, useActions, useSession } from '../session-context.ts';
import { useUiOptional } from '../ui-context.ts';
import { currentStop } from '../ui-store.ts';
import { Panel } from './Panel.tsx';
import '../variants/variants.css';

const NO_KNOBS: readonly KnobInfo[] = [];

export function VariantsPanel() {
  const scenario = useSession(scenarioOf);
  const knobs = scenario?.knobs ?? NO_KNOBS;
  const fromStop = useStopVariant(knobs);
  // A stop that names a knob opens on it (a new key starts the controls afresh).
  const key = `${scenario?.id}|${fromStop?.flag}|${fromStop?.values.join('|')}`;
  return (
    <Panel title="Variants" className="panel-variants">
      {scenario === null ? (
        <p className="empty">Loading…</p>
      ) : knobs.length === 0 ? (
        <NoKnob />
      ) : (
        <Knobs key={key} scenario={scenario.id} knobs={knobs} initial={fromStop} />
      )}
    </Panel>
  );
}

/** Scenarios that have a knob, for a scenario that has none. */
function NoKnob() {
  const scenarios = useSession((s) => s.scenarios);
  const actions = useActions();
  const withKnobs = scenarios.filter((s) => s.knobs.length > 0);
  return (
    <div className="variants-none">
      <p className="empty">This scenario has no one-knob variant. These do — open one:</p>
      <ul>
        {withKnobs.map((s) => (
          <li key={s.id}>
            <button type="button" onClick={() => actions.setScenario(s.id)}>
              {s.id}
            </button>{' '}
            {s.knobs.map((k) => k.label).join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The knob a tour stop asks for, when it is one of this scenario's. */
interface Chosen {
  readonly flag: string;
  readonly values: readonly [string, string];
}

function useStopVariant(knobs: readonly KnobInfo[]): Chosen | null {
  const wanted = useUiOptional((s) => (s.tourOpen ? (currentStop(s)?.variant ?? null) : null), null);
  const knob = wanted === null ? undefined : knobs.find((k) => k.flag === wanted.flag);
  return knob === undefined || wanted === null ? null : { flag: knob.flag, values: wanted.values ?? knob.contrast };
}

function Knobs({ scenario, knobs, initial }: { scenario: string; knobs: readonly KnobInfo[]; initial: Chosen | null }) {
  const actions = useActions();
  const [flag, setFlag] = useState(initial?.flag ?? knobs[0]!.flag);
  const knob = knobs.find((k) => k.flag === flag) ?? knobs[0]!;
  const [values, setValues] = useState<readonly [string, string]>(initial?.values ?? knob.contrast);
  const view = useSession((s) => s.variants);
  const mine = view !== null && view.request.scenario === scenario && view.request.flag === knob.flag ? view : null;
  const seed = useSession((s) => s.frame?.status.origin.seed ?? null);
  const run = (v: readonly [string, string]) => actions.compareVariants({ scenario, flag: knob.flag, values: [v[0], v[1]], seed });
  const flip = (v: readonly [string, string]) => {
    setValues(v);
    if (mine !== null) run(v);
  };
  const pickKnob = (f: string) => {
    const k = knobs.find((x) => x.flag === f)!;
    setFlag(f);
    setValues(k.contrast);
    actions.clearVariants();
  };
  return (
    <div className="variants">
      <KnobControls knobs={knobs} knob={knob} values={values} onKnob={pickKnob} onValues={flip} />
      <p className="variants-claim">{knob.claim}</p>
      <div className="variants-actions">
        <button type="button" onClick={() => run(values)} disabled={mine?.state === 'running'}>
          {mine === null ? 'Compare the two runs' : 'Run again'}
        </button>
        <span className="muted">
          {knob.flag} {values[0]} (left) and {values[1]} (right), seed {seed ?? '—'}
        </span>
      </div>
      {mine !== null && <Result view={mine} />}
    </div>
  );
}

function KnobControls(p: {
  knobs: readonly KnobInfo[];
  knob: KnobInfo;
  values: readonly [string, string];
  onKnob: (flag: string) => void;
  onValues: (v: readonly [string, string]) => void;
}) {
  const { knob, values } = p;
  return (
    <div className="variants-controls">
      {p.knobs.length > 1 && (
        <label>
          Knob{' '}
          <select value={knob.flag} onChange={(e) => p.onKnob(e.target.value)}>
            {p.knobs.map((k) => (
              <option key={k.flag} value={k.flag}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {knob.label}: left{' '}
        <select value={values[0]} onChange={(e) => p.onValues([e.target.value, values[1]])}>
          {knob.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="variants-flip" data-own-keys="ArrowUp ArrowDown ArrowLeft ArrowRight">
        <legend>right (the flip)</legend>
        {knob.choices.map((c) => (
          <label key={c}>
            <input type="radio" name={`variant-${knob.flag}`} value={c} checked={values[1] === c} onChange={() => p.onValues([values[0], c])} /> {c}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** A comparison's summary, fates and the two runs side by side (also the playground's edit comparison). */
export function Result({ view }: { view: VariantView }) {
  const [va, vb] = view.request.values;
  return (
    <div className="variants-result" data-state={view.state}>
      <p className="variants-summary" aria-live="polite">
        {view.state === 'running' ? `Running both variants… (${view.records[0]} and ${view.records[1]} records so far)` : view.summary}
      </p>
      {view.state === 'done' && view.fates.length > 0 && (
        <ul className="variants-fates">
          {view.fates.map((f) => (
            <li key={f.name}>
              <strong>{f.name}</strong>: with {va}, {f.a}; with {vb}, {f.b}
            </li>
          ))}
        </ul>
      )}
      {view.state === 'done' && <OpenSides view={view} />}
      {view.state === 'done' && <SideBySide view={view} />}
    </div>
  );
}

/** One button per side: that configured run, loaded into the main debugger (every panel steps it). */
function OpenSides({ view }: { view: VariantView }) {
  const actions = useActions();
  const { scenario, flag, seed } = view.request;
  return (
    <p className="variants-open">
      {view.request.values.map((value, i) => (
        <button key={i} type="button" onClick={() => actions.setScenario(scenario, { flag, value }, seed ?? undefined)}>
          Open the run with {value} in the debugger
        </button>
      ))}
    </p>
  );
}

const SideBySide = memo(function SideBySide({ view }: { view: VariantView }) {
  const [va, vb] = view.request.values;
  const rows = useMemo(() => view.lines.map((l, i) => <DiffRow key={i} line={l} />), [view.lines]);
  return (
    <div className="variants-table-wrap" tabIndex={0} role="region" aria-label={`The runs side by side: ${va} and ${vb}`} data-own-keys="ArrowUp ArrowDown PageUp PageDown">
      <table className="variants-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">with {va}</th>
            <th scope="col">#</th>
            <th scope="col">with {vb}</th>
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
      {!view.exact && <p className="muted">The runs differ in too many places for a shortest alignment: the middle is shown removed, then added.</p>}
      {view.truncated && <p className="muted">Only the first {view.lines.length.toLocaleString('en')} lines are shown.</p>}
    </div>
  );
});

/** One run's cells of a changed line; `other` is the paired record of the other run, if any. */
function SideCells({ cell, other, only }: { cell: Cell | null; other: Cell | null; only: 'a' | 'b' }) {
  if (cell === null) return <><td className="v-num" /><td className="v-empty" /></>;
  let text: ReactNode = cell.text;
  if (other !== null) {
    const d = only === 'a' ? inlineDiff(cell.text, other.text) : inlineDiff(other.text, cell.text);
    text = <>{d.head}<mark>{only === 'a' ? d.a : d.b}</mark>{d.tail}</>;
  }
  return (
    <>
      <td className="v-num">{cell.index + 1}</td>
      <td className={`v-text v-only-${only}`} data-diff={`only-${only}`}>{text}</td>
    </>
  );
}

function DiffRow({ line }: { line: DiffLine }) {
  switch (line.kind) {
    case 'gap':
      return (
        <tr className="v-gap">
          <td colSpan={4}>… {line.count.toLocaleString('en')} identical record{line.count === 1 ? '' : 's'}</td>
        </tr>
      );
    case 'same':
      return (
        <tr className="v-same">
          <td className="v-num">{line.a + 1}</td>
          <td className="v-text">{line.text}</td>
          <td className="v-num">{line.b + 1}</td>
          <td className="v-text">{line.text}</td>
        </tr>
      );
    case 'change':
      return (
        <tr className="v-change">
          <SideCells cell={line.a} other={line.b} only="a" />
          <SideCells cell={line.b} other={line.a} only="b" />
        </tr>
      );
  }
}
