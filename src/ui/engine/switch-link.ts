/**
 * The session's line to whichever engine runs its run: the built-in engine worker at first, a
 * program worker after the playground's Run. `swap` hands the session to another engine: it
 * starts there with the view and the action number the session has, and the old one is closed
 * (its late messages are dropped).
 */
import type { EngineLink } from './link.ts';
import type { FromEngine, ToEngine } from './protocol.ts';

export interface SwitchLink extends EngineLink {
  swap(next: EngineLink, start: { scenario: string; seed: number | null; step: number; inputs?: readonly unknown[] }): void;
}

export function switchLink(first: EngineLink): SwitchLink {
  let current = first;
  let listener: ((m: FromEngine) => void) | null = null;
  let lastStart: Extract<ToEngine, { type: 'start' }> | null = null;
  let seq = 0;
  const attach = (link: EngineLink) => link.listen((m) => {
    if (link === current) listener?.(m);
  });
  return {
    send: (m) => {
      if (m.type === 'start') lastStart = m;
      if (m.type === 'view' && lastStart !== null) lastStart = { ...lastStart, view: m.view };
      if (m.type === 'act') seq = m.seq;
      current.send(m);
    },
    listen: (f) => {
      listener = f;
      attach(current);
    },
    close: () => current.close(),
    swap: (next, start) => {
      const old = current;
      current = next;
      old.close();
      if (listener !== null) attach(next);
      if (lastStart !== null) next.send({ ...lastStart, inputs: [], ...start, seq });
    },
  };
}
