/**
 * The debugger's shell: header (scenario, seed, reset, the tour), transport, position, timeline,
 * interventions, notices, the five panels, and the tour's drawer. Components read the session
 * through `useSession` and the chrome (tour, dialogs) through `useUi`; all world knowledge comes
 * from the engine's frames (view-models made in its Web Worker).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { DeferredContext, SessionContext, useSession, useSessionStore } from './session-context.ts';
import { follow, panelStore } from './throttled-session.ts';
import type { SessionStore } from './session-store.ts';
import { UiContext } from './ui-context.ts';
import { shownPanels, type UiStore } from './ui-store.ts';
import { useShortcuts, useTourShortcuts } from './shortcuts.ts';
import { useUrlSync } from './url-state.ts';
import { Header } from './components/Header.tsx';
import { Transport } from './components/Transport.tsx';
import { Readout } from './components/Readout.tsx';
import { Timeline } from './components/Timeline.tsx';
import { QueryPanel } from './components/QueryPanel.tsx';
import { Notices } from './components/Notices.tsx';
import { HelpDialog } from './components/HelpDialog.tsx';
import { VmTreePanel } from './components/VmTreePanel.tsx';
import { PresenceGraphPanel } from './components/PresenceGraphPanel.tsx';
import { InspectorPanel } from './components/InspectorPanel.tsx';
import { EventLogPanel } from './components/EventLogPanel.tsx';
import { SequenceChartPanel } from './components/SequenceChartPanel.tsx';
import { InterventionBar, InterventionDialog } from './components/Interventions.tsx';
import { InvariantsBar } from './components/Invariants.tsx';
import { TourPanel } from './components/TourPanel.tsx';
import { StagePanel } from './components/StagePanel.tsx';
import { CodePanel } from './components/CodePanel.tsx';
import { VariantsPanel } from './components/VariantsPanel.tsx';
import type { PanelId } from '../tour/stops.ts';
import { TraceIoBar } from './io/TraceIoBar.tsx';
import { TraceDropZone } from './io/TraceDropZone.tsx';
import { FileMessages } from './io/FileMessages.tsx';
import { useStageAboveFold } from './stage-fold.ts';
import { PlaygroundContext, PlaygroundPanel } from './playground/PlaygroundPanel.tsx';
import type { PlaygroundStore } from './playground/playground-store.ts';

/** The panels, in the debugger's grid order (shownPanels decides which, and in the presenter view their order). */
const PANELS: readonly { readonly id: PanelId; readonly render: () => ReactNode }[] = [
  { id: 'vm-tree', render: () => <VmTreePanel key="vm-tree" /> },
  { id: 'presence-graph', render: () => <PresenceGraphPanel key="presence-graph" /> },
  { id: 'inspector', render: () => <InspectorPanel key="inspector" /> },
  { id: 'event-log', render: () => <EventLogPanel key="event-log" /> },
  { id: 'sequence-chart', render: () => <SequenceChartPanel key="sequence-chart" /> },
  { id: 'code', render: () => <CodePanel key="code" /> },
  { id: 'variants', render: () => <VariantsPanel key="variants" /> },
];

export function App({ session, ui, playground = null }: { session: SessionStore; ui: UiStore; playground?: PlaygroundStore | null }) {
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  const dialogOpen = useStore(ui, (s) => s.dialog !== null);
  const tourOpen = useStore(ui, (s) => s.tourOpen && s.stopId !== null);
  const presenter = useStore(ui, (s) => s.presenter);
  // A primitive (the shown panels' ids, in the order to show them), so the selector is stable.
  const shown = useStore(ui, (s) => shownPanels(s).join(' '));
  useShortcuts(session, help || dialogOpen, openHelp);
  useTourShortcuts(ui, help || dialogOpen);
  useUrlSync(session, ui);
  // An imported trace is read-only: no interventions.
  const live = useStore(session, (s) => s.frame?.status.origin.kind === 'scenario');
  // Tests and tools wait on this: the engine has answered with its first frame.
  const ready = useStore(session, (s) => s.ready);
  const playgroundOpen = useStore(playground ?? NO_PLAYGROUND, (s) => s.open);

  const stageArea = useRef<HTMLDivElement>(null);
  useStageAboveFold(stageArea, !presenter);
  const visible = shown.split(' ').flatMap((id) => PANELS.filter((p) => p.id === id));
  const classes = ['app', tourOpen ? 'touring' : '', presenter ? 'presenter' : ''].filter(Boolean).join(' ');
  return (
    <SessionContext.Provider value={session}>
      <UiContext.Provider value={ui}>
      <PlaygroundContext.Provider value={playground}>
        <div className={classes} data-ready={ready ? 'true' : 'false'}>
          <div className="workspace">
            <Header />
            <TraceIoBar />
            <FileMessages />
            <Notices />
            {playground !== null && playgroundOpen && <PlaygroundPanel store={playground} />}
            <div className="transport-area">
              <Transport onHelp={openHelp} />
              <Readout />
              <Timeline />
              <QueryPanel />
              {live && <InterventionBar />}
              <InvariantsBar />
            </div>
            <div className="stage-area" ref={stageArea}>
              <StagePanel />
            </div>
            {presenter && <PanelsToggle ui={ui} />}
            {visible.length > 0 && <Panels count={visible.length}>{visible.map((p) => p.render())}</Panels>}
          </div>
          {tourOpen && <TourPanel />}
          {help && <HelpDialog onClose={closeHelp} />}
          {live && <InterventionDialog />}
          <TraceDropZone />
        </div>
      </PlaygroundContext.Provider>
      </UiContext.Provider>
    </SessionContext.Provider>
  );
}

const NO_PLAYGROUND = createStore(() => ({ open: false }));

/**
 * The debugger's panels, read at low priority except while playing (where every frame is a new
 * cursor and deferred renders would never finish: there they take in the session at most every
 * PLAY_PANELS_MS instead, throttled-session.ts). `data-cursor` is the cursor they show: tests
 * and the bench wait on it.
 */
function Panels({ count, children }: { count: number; children: ReactNode }) {
  const session = useSessionStore();
  const playing = useSession((s) => s.frame?.status.job?.kind === 'play');
  const [store] = useState(() => panelStore(session));
  useEffect(() => follow(session, store), [session, store]);
  return (
    <SessionContext.Provider value={store}>
      <DeferredContext.Provider value={!playing}>
        <PanelsGrid count={count}>{children}</PanelsGrid>
      </DeferredContext.Provider>
    </SessionContext.Provider>
  );
}

function PanelsGrid({ count, children }: { count: number; children: ReactNode }) {
  // The engine's cursor in the frame the panels draw (the store's own cursor is set before the
  // first frame, and moves ahead of frames as a prediction).
  const cursor = useSession((s) => s.frame?.status.cursor ?? -1);
  return (
    <main className="panels" data-count={count} data-cursor={cursor}>
      {children}
    </main>
  );
}

/** The presenter view's one toggle for the debugger's panels (hidden by default, below the stage). */
function PanelsToggle({ ui }: { ui: UiStore }) {
  const shown = useStore(ui, (s) => s.panels);
  return (
    <button
      type="button"
      className="panels-toggle"
      aria-expanded={shown}
      onClick={() => ui.getState().setPanels(!shown)}
    >
      {shown ? 'Hide the debugger panels' : 'Show the debugger panels'}
    </button>
  );
}
