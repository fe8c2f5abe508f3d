/**
 * The guided tour's drawer: the current stop (section, title, text, where the cursor is, what to try),
 * previous/next (n / p, Page Down / Page Up), progress, the list of stops, and the presenter view.
 * Opening it moves focus to the stop's title; Escape inside it closes it, and focus goes back to
 * where it was before (or to the tour's button).
 */
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { describePosition } from '../../debugger/positions.ts';
import { PANEL_TITLES, type TourStop, type TryThis } from '../../tour/stops.ts';
import { useSession } from '../session-context.ts';
import { currentStop, type TourStatus } from '../ui-store.ts';
import { useUi } from '../ui-context.ts';

export function TourButton() {
  const open = useUi((s) => s.tourOpen);
  const openTour = useUi((s) => s.openTour);
  const closeTour = useUi((s) => s.closeTour);
  return (
    <button
      type="button"
      className={`tour-button${open ? ' active' : ''}`}
      aria-pressed={open}
      onClick={() => (open ? closeTour() : openTour())}
      title="A guided tour of the talk, stop by stop on the live kernel"
    >
      {open ? 'Close the tour' : 'Tour of the talk'}
    </button>
  );
}

const STATUS_TEXT = {
  seeking: 'Finding this stop’s record in the run…',
  'not-found': 'This stop’s record was not found in the run.',
  stopped: 'The debugger has left this stop: choose it again in the list (or press Next / Previous).',
} as const;

export function TourPanel() {
  const stop = useUi(currentStop);
  return stop === null ? null : <TourDrawer stop={stop} />;
}

/**
 * While the drawer is shown, focus starts on `target` and, when the drawer goes (its elements are
 * gone, so focus fell to the page), goes back to what had it before, else to the tour's button.
 */
function useFocusWhileOpen(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const before = document.activeElement;
    target.current?.focus();
    return () => {
      const now = document.activeElement;
      if (now !== null && now !== document.body && !now.closest('aside.tour')) return;
      const back = before instanceof HTMLElement && before !== document.body && before.isConnected ? before : null;
      (back ?? document.querySelector<HTMLElement>('.tour-button'))?.focus();
    };
  }, [target]);
}

function TourDrawer({ stop }: { stop: TourStop }) {
  const stops = useUi((s) => s.stops);
  const status = useUi((s) => s.status);
  const presenter = useUi((s) => s.presenter);
  const closeTour = useUi((s) => s.closeTour);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusWhileOpen(headingRef);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    closeTour();
  };
  const index = stops.indexOf(stop);
  return (
    <aside className="tour" aria-label="Tour" data-status={status ?? undefined} onKeyDown={onKeyDown}>
      <TourTop index={index} count={stops.length} presenter={presenter} />
      <StopBody stop={stop} status={status} presenter={presenter} headingRef={headingRef} />
      <TourNav index={index} count={stops.length} />
      <StopList stops={stops} current={stop} presenter={presenter} />
    </aside>
  );
}

/** Progress (stop `index` of `count`), the presenter view's switch, and Close. */
function TourTop({ index, count, presenter }: { index: number; count: number; presenter: boolean }) {
  const setPresenter = useUi((s) => s.setPresenter);
  const closeTour = useUi((s) => s.closeTour);
  return (
    <div className="tour-top">
      <span className="tour-progress-text" aria-live="polite">
        Stop {index + 1} of {count}
      </span>
      <progress className="tour-progress" value={index + 1} max={count} aria-label="Tour progress" />
      <label className="inline-check presenter-toggle">
        <input type="checkbox" checked={presenter} onChange={(e) => setPresenter(e.target.checked)} /> Presenter
        view
      </label>
      <button type="button" className="tour-close" onClick={closeTour} aria-label="Close the tour">
        ×
      </button>
    </div>
  );
}

interface StopProps {
  readonly stop: TourStop;
  readonly status: TourStatus | null;
  readonly presenter: boolean;
  /** The title, which takes focus when the tour opens. */
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
}

/** The stop itself: section, title, text, where the cursor is, the search's status, what to try. */
function StopBody({ stop, status, presenter, headingRef }: StopProps) {
  const scenarios = useSession((s) => s.scenarios);
  useEffect(() => {
    headingRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [stop, headingRef]);
  const scenario = scenarios.find((x) => x.id === stop.scenario);
  return (
    <>
      <p className="tour-section">{stop.section}</p>
      <h2 ref={headingRef} className="tour-title" tabIndex={-1}>
        {stop.title}
      </h2>
      <p className="tour-text">{stop.text}</p>
      <p className="tour-where">
        <span className="muted">Scenario</span> {scenario?.title ?? stop.scenario}
        <br />
        <span className="muted">Cursor</span> {describePosition(stop.at)}
        {!presenter && (
          <>
            <br />
            <span className="muted">Look at</span> {stop.panels.map((p) => PANEL_TITLES[p]).join(', ')}
          </>
        )}
      </p>
      {status !== null && status !== 'ready' && (
        <p className={`tour-status ${status}`} role="status">
          {STATUS_TEXT[status]}
        </p>
      )}
      {stop.tryThis.length > 0 && (
        <section className="try-this" aria-label="Try this">
          <h3>Try this</h3>
          <ul>
            {stop.tryThis.map((t, i) => (
              <TryItem key={i} item={t} stop={stop} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Previous and Next, for stop `index` of `count`. */
function TourNav({ index, count }: { index: number; count: number }) {
  const prev = useUi((s) => s.prev);
  const next = useUi((s) => s.next);
  return (
    <nav className="tour-nav" aria-label="Tour navigation">
      <button
        type="button"
        onClick={prev}
        disabled={index <= 0}
        aria-keyshortcuts="p PageUp"
        title="Previous stop (p, Page Up)"
      >
        ◀ Previous
      </button>
      <button
        type="button"
        className="primary"
        onClick={next}
        disabled={index >= count - 1}
        aria-keyshortcuts="n PageDown"
        title="Next stop (n, Page Down)"
      >
        Next ▶
      </button>
    </nav>
  );
}

interface ListProps {
  readonly stops: readonly TourStop[];
  readonly current: TourStop;
  readonly presenter: boolean;
}

/** Every stop under its section's name; choosing one goes there. Folded in the presenter view. */
function StopList({ stops, current, presenter }: ListProps) {
  const goTo = useUi((s) => s.goTo);
  return (
    <details className="tour-list" open={!presenter}>
      <summary>All stops</summary>
      <ol>
        {stops.map((s, i) => {
          const newSection = i === 0 || stops[i - 1]!.section !== s.section;
          return (
            <li key={s.id} className={s.id === current.id ? 'current' : undefined}>
              {newSection && <span className="tour-list-section">{s.section}</span>}
              <button
                type="button"
                className="link"
                aria-current={s.id === current.id ? 'step' : undefined}
                onClick={() => goTo(s.id)}
              >
                {s.title}
              </button>
            </li>
          );
        })}
      </ol>
    </details>
  );
}

function TryItem({ item, stop }: { item: TryThis; stop: TourStop }) {
  const tryAction = useUi((s) => s.tryAction);
  const ready = useUi((s) => s.status === 'ready' && s.stopId === stop.id);
  const action = item.action;
  const label =
    action === undefined
      ? null
      : action.kind === 'step'
        ? action.by < 0
          ? `Step back ${-action.by}`
          : `Step forward ${action.by}`
        : action.kind === 'seek'
          ? 'Jump there'
          : action.kind === 'select'
            ? 'Select it'
            : action.kind === 'kill'
              ? 'Kill…'
              : action.kind === 'inject'
                ? 'Inject…'
                : 'Add client…';
  return (
    <li>
      <span>{item.text}</span>
      {action !== undefined && (
        <button type="button" className="try-button" disabled={!ready} onClick={() => tryAction(action)}>
          {label}
        </button>
      )}
    </li>
  );
}
