/**
 * The layout of `input` from elk in its worker, for a panel that draws it (the presence graph, the
 * stage): asked again whenever the structure or the run changes; the layout client keeps boxes
 * where they were. `relayout` lays it out afresh; `stop` abandons a layout in flight.
 */
import { useCallback, useEffect, useState } from 'react';
import { workerEngine } from './elk-engine.ts';
import type { LayoutInput } from './input.ts';
import { LayoutClient, type LayoutStatus } from './layout-client.ts';
import type { GraphLayout } from './types.ts';

interface View {
  readonly layout: GraphLayout | null;
  readonly status: LayoutStatus | null;
}

export function useElkLayout(input: LayoutInput, run: number) {
  const [view, setView] = useState<View>({ layout: null, status: null });
  const [client] = useState(
    () =>
      new LayoutClient({ engine: workerEngine, onChange: (layout, status) => setView({ layout, status }) }),
  );
  useEffect(() => {
    client.resume();
    return () => client.dispose();
  }, [client]);
  useEffect(() => {
    client.request(input, run);
  }, [client, input, run]);
  const relayout = useCallback(() => client.request(input, run, true), [client, input, run]);
  const stop = useCallback(() => client.stop(), [client]);
  return { layout: view.layout, status: view.status, relayout, stop };
}
