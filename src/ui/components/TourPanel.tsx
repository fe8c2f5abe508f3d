/**
 * The guided tour's drawer: the current stop (section, title, what the screen shows, its question
 * and, once revealed, the answer, the text, what to try), how sure each claim is (badges), the
 * lecturer's notes in the presenter view, previous/next (n / p, Page Down / Page Up), progress and
 * the list of stops. Opening it moves focus to the stop's title; Escape inside it closes it, and
 * focus goes back to where it was before (or to the tour's button). A new stop scrolls its first
 * highlighted panel into view.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { describePosition } from '../../debugger/positions.ts';
import { PANEL_TITLES, type TourStop } from '../../tour/stops.ts';
import { useSession } from '../session-context.ts';
import { currentStop, type TourStatus } from '../ui-store.ts';
import { useUi } from '../ui-context.ts';
import { TourQuestion } from './TourQuestion.tsx';
import { TourCard } from './TourCards.tsx';
import { ClaimBadges, ExerciseProgress, LecturerNotes, TaskBox, TryThisList } from './TourParts.tsx';
import { scrollWithin } from '../scroll-within.ts';
import './tour.css';

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

const STATUS_TEXT: Readonly<Partial<Record<TourStatus, string>>> = {
  seeking: 'Finding where this stop’s question is asked…',
  revealing: 'Finding the record that answers it…',
  'not-found': 'This stop’s record was not found in the run.',
  stopped: 'The debugger has left this stop: choose it again in the list (or press Next / Previous).',
};

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

/**
 * Once the stop is asking or revealed (its panels are outlined), scrolls the first outlined panel
 * into view — only while the drawer stands beside the panels (sticky): where it sits above them (a
 * narrow screen), scrolling the page would take the stop's text away.
 */
function useHighlightInView(stopId: string, status: TourStatus | null, drawer: RefObject<HTMLElement | null>): void {
  const settled = status === 'asking' || status === 'ready';
  useEffect(() => {
    if (!settled) return;
    const frame = requestAnimationFrame(() => {
      const aside = drawer.current;
      if (aside === null || getComputedStyle(aside).position !== 'sticky') return;
      document.querySelector<HTMLElement>('[role="region"][data-highlighted="true"]')?.scrollIntoView?.({ block: 'nearest' });
    });
    return () => cancelAnimationFrame(frame);
  }, [stopId, settled, drawer]);
}

/** Where the presenter view's drawer stands beside the stage (not above it), it ends at the window's bottom. */
const PRESENTER_BESIDE = '(min-width: 701px)';
/** The gap kept below the presenter's drawer, in px. */
const PRESENTER_BOTTOM_GAP_PX = 8;

/**
 * In the presenter view the drawer sits under the transport, beside the stage: its height is what
 * is left of the window below its top (px; null: no limit), so it scrolls inside itself and the
 * page (the stage) stays. Measured when the view opens and when the window is resized.
 */
function usePresenterFit(drawer: RefObject<HTMLElement | null>, presenter: boolean): number | null {
  const [max, setMax] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (!presenter) return;
    const fit = (): void => {
      const el = drawer.current;
      if (el === null) return;
      const top = el.getBoundingClientRect().top + window.scrollY;
      const beside = window.matchMedia(PRESENTER_BESIDE).matches;
      setMax(beside ? Math.max(200, window.innerHeight - top - PRESENTER_BOTTOM_GAP_PX) : null);
    };
    const frame = requestAnimationFrame(fit);
    window.addEventListener('resize', fit);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', fit);
    };
  }, [drawer, presenter]);
  return presenter ? max : null;
}

function TourDrawer({ stop }: { stop: TourStop }) {
  const stops = useUi((s) => s.stops);
  const status = useUi((s) => s.status);
  const presenter = useUi((s) => s.presenter);
  const closeTour = useUi((s) => s.closeTour);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const drawerRef = useRef<HTMLElement>(null);
  useFocusWhileOpen(headingRef);
  useHighlightInView(stop.id, status, drawerRef);
  const maxHeight = usePresenterFit(drawerRef, presenter);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    closeTour();
  };
  const index = stops.indexOf(stop);
  return (
    <aside
      ref={drawerRef}
      className="tour"
      aria-label="Tour"
      data-status={status ?? undefined}
      onKeyDown={onKeyDown}
      style={maxHeight === null ? undefined : { maxHeight }}
    >
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

/** The stop itself: section, title, intro, card, question; once revealed, the text and what to try. */
function StopBody({ stop, status, presenter, headingRef }: StopProps) {
  const revealed = useUi((s) => s.verdict !== null);
  useEffect(() => {
    const heading = headingRef.current;
    const drawer = heading?.closest<HTMLElement>('aside.tour');
    if (heading == null || drawer == null) return;
    // A new stop starts at its title: the drawer scrolls (not the page, where the drawer has a box of
    // its own), and focus goes there unless
    // it was moved to by Previous / Next (they keep it).
    if (drawer.scrollHeight > drawer.clientHeight) scrollWithin(drawer, heading);
    else heading.scrollIntoView?.({ block: 'nearest' }); // the drawer above the panels: the page scrolls
    const a = document.activeElement;
    const inside = a !== null && a.closest('aside.tour') !== null;
    if (a === null || a === document.body || (inside && a.closest('.tour-nav') === null)) heading.focus({ preventScroll: true });
  }, [stop, headingRef]);
  return (
    <>
      <p className="tour-section">{stop.section}</p>
      <h2 ref={headingRef} className="tour-title" tabIndex={-1}>
        {stop.title}
      </h2>
      <p className="tour-intro">{stop.intro}</p>
      {stop.card !== undefined && stop.card !== 'recap' && <TourCard card={stop.card} />}
      {stop.task !== undefined && <TaskBox task={stop.task} />}
      <TourQuestion stop={stop} />
      {revealed && <p className="tour-text">{stop.text}</p>}
      {revealed && stop.card === 'recap' && <TourCard card="recap" />}
      <ClaimBadges claims={stop.claims} />
      <StopWhere stop={stop} presenter={presenter} revealed={revealed} />
      {status !== null && STATUS_TEXT[status] !== undefined && (
        <p className={`tour-status ${status}`} role="status">
          {STATUS_TEXT[status]}
        </p>
      )}
      {revealed && <TryThisList stop={stop} />}
      {presenter && <LecturerNotes notes={stop.notes} />}
    </>
  );
}

/** The scenario, and (not in the presenter view) where the cursor is and which panels to look at. */
function StopWhere({ stop, presenter, revealed }: { stop: TourStop; presenter: boolean; revealed: boolean }) {
  const scenarios = useSession((s) => s.scenarios);
  const scenario = scenarios.find((x) => x.id === stop.scenario);
  return (
    <p className="tour-where">
      <span className="muted">Scenario</span> {scenario?.title ?? stop.scenario}
      {!presenter && (
        <>
          <br />
          <span className="muted">Cursor</span> {describePosition(revealed ? stop.at : stop.question.ask)}
          <br />
          <span className="muted">Look at</span> {stop.panels.map((p) => PANEL_TITLES[p]).join(', ')}
        </>
      )}
    </p>
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
  const progress = useUi((s) => s.exercises);
  return (
    <details className="tour-list" open={!presenter}>
      <summary>All stops</summary>
      <ExerciseProgress stops={stops} />
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
              {progress[s.id] !== undefined && (
                <span className="tour-list-done" title={progress[s.id]!.right ? 'answered rightly' : 'answered'}>
                  {progress[s.id]!.right ? ' ✓' : ' ○'}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
