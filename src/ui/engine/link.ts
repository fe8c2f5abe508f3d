/**
 * The UI's end of the line to the engine: a Web Worker in the browser, or the same host in-process
 * where there are no workers (unit tests under jsdom or Node). Messages are cloned either way, so
 * in-process tests prove that frames cross a worker boundary intact.
 */
import type { FromEngine, ToEngine } from './protocol.ts';

export interface EngineLink {
  send(m: ToEngine): void;
  listen(f: (m: FromEngine) => void): void;
  close(): void;
}

export function workerLink(): EngineLink {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'os2-engine' });
  const inbox = buffered();
  worker.onmessage = (e: MessageEvent<FromEngine>) => inbox.deliver(e.data);
  worker.onerror = (e) => inbox.deliver({ type: 'failed', message: e.message || 'the engine worker could not start' });
  return { send: (m) => worker.postMessage(m), listen: inbox.listen, close: () => worker.terminate() };
}

/** Messages that arrive before anyone listens are kept for the first listener. */
export function buffered(): { deliver(m: FromEngine): void; listen(f: (m: FromEngine) => void): void } {
  let listener: ((m: FromEngine) => void) | null = null;
  const early: FromEngine[] = [];
  return {
    deliver(m) {
      if (listener === null) early.push(m);
      else listener(m);
    },
    listen(f) {
      listener = f;
      for (const m of early.splice(0)) f(m);
    },
  };
}
