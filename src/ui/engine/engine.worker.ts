/// <reference lib="webworker" />
/** The Web Worker the engine runs in: the kernel, the history and every view-model live here. */
import { EngineHost } from './host.ts';
import type { FromEngine, ToEngine } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new EngineHost((m: FromEngine) => scope.postMessage(m), {
  now: () => performance.now(),
  later: (f, ms) => setTimeout(f, ms),
  cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
});
scope.onmessage = (e: MessageEvent<ToEngine>) => host.receive(e.data);
