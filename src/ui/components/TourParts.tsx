/**
 * Parts of a tour stop: its "try this" suggestions (buttons that step, jump, select or open an
 * intervention), its claims with a badge each (the talk says / Marketplace does / os2 Lab's reading),
 * and the lecturer's notes (the presenter view's, folded).
 */
import { assertNever } from '../../kernel/values.ts';
import { BASIS_TITLES, type Claim, type TourStop, type TryAction, type TryThis } from '../../tour/stops.ts';
import { useUi } from '../ui-context.ts';

export function TryThisList({ stop }: { stop: TourStop }) {
  if (stop.tryThis.length === 0) return null;
  return (
    <section className="try-this" aria-label="Try this">
      <h3>Try this</h3>
      <ul>
        {stop.tryThis.map((t, i) => (
          <TryItem key={i} item={t} stop={stop} />
        ))}
      </ul>
    </section>
  );
}

function tryLabel(action: TryAction): string {
  switch (action.kind) {
    case 'step':
      return action.by < 0 ? `Step back ${-action.by}` : `Step forward ${action.by}`;
    case 'seek':
      return 'Jump there';
    case 'select':
      return 'Select it';
    case 'kill':
      return 'Kill…';
    case 'inject':
      return 'Inject…';
    case 'add-client':
      return 'Add client…';
    default:
      return assertNever(action, 'try-this action');
  }
}

function TryItem({ item, stop }: { item: TryThis; stop: TourStop }) {
  const tryAction = useUi((s) => s.tryAction);
  const ready = useUi((s) => s.status === 'ready' && s.stopId === stop.id);
  const action = item.action;
  return (
    <li>
      <span>{item.text}</span>
      {action !== undefined && (
        <button type="button" className="try-button" disabled={!ready} onClick={() => tryAction(action)}>
          {tryLabel(action)}
        </button>
      )}
    </li>
  );
}

/** Each claim with its badge: how sure the stop is of it, and why. */
export function ClaimBadges({ claims }: { claims: readonly Claim[] }) {
  return (
    <ul className="tour-claims" aria-label="How sure each claim is">
      {claims.map((c) => (
        <li key={c.text} className={`tour-claim ${c.basis}`}>
          <span className="tour-badge">{BASIS_TITLES[c.basis]}</span> {c.text}
        </li>
      ))}
    </ul>
  );
}

/** What to draw on the board, for the lecturer (presenter view). */
export function LecturerNotes({ notes }: { notes: string }) {
  return (
    <details className="tour-notes">
      <summary>Notes for the lecturer</summary>
      <p>{notes}</p>
    </details>
  );
}
