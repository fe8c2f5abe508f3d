/**
 * The debugger's shell: header (scenario, seed, reset), transport, position, timeline, notices,
 * and the five panels. Components read the session through `useSession`; all world knowledge comes
 * from RunHistory and the view-models in src/debugger/views.
 */
import { useCallback, useState } from 'react';
import { SessionContext } from './session-context.ts';
import type { SessionStore } from './session-store.ts';
import { useShortcuts } from './shortcuts.ts';
import { useUrlSync } from './url-state.ts';
import { Header } from './components/Header.tsx';
import { Transport } from './components/Transport.tsx';
import { Readout } from './components/Readout.tsx';
import { Timeline } from './components/Timeline.tsx';
import { Notices } from './components/Notices.tsx';
import { HelpDialog } from './components/HelpDialog.tsx';
import { VmTreePanel } from './components/VmTreePanel.tsx';
import { PresenceGraphPanel } from './components/PresenceGraphPanel.tsx';
import { InspectorPanel } from './components/InspectorPanel.tsx';
import { EventLogPanel } from './components/EventLogPanel.tsx';
import { SequenceChartPanel } from './components/SequenceChartPanel.tsx';

export function App({ session }: { session: SessionStore }) {
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  useShortcuts(session, help, openHelp);
  useUrlSync(session);

  return (
    <SessionContext.Provider value={session}>
      <div className="app">
        <Header />
        <Notices />
        <div className="transport-area">
          <Transport onHelp={openHelp} />
          <Readout />
          <Timeline />
        </div>
        <main className="panels">
          <VmTreePanel />
          <PresenceGraphPanel />
          <InspectorPanel />
          <EventLogPanel />
          <SequenceChartPanel />
        </main>
        {help && <HelpDialog onClose={closeHelp} />}
      </div>
    </SessionContext.Provider>
  );
}
