/**
 * The engine in-process, for unit tests (jsdom and Node have no module workers): the same host as
 * the worker's, every message structured-cloned as postMessage would, delivered asynchronously.
 */
import { EngineHost, type HostClock } from './host.ts';
import { buffered, type EngineLink } from './link.ts';

export function localLink(clock: HostClock): EngineLink {
  const inbox = buffered();
  const host = new EngineHost((m) => {
    const copy = structuredClone(m);
    clock.later(() => inbox.deliver(copy), 0);
  }, clock);
  return { send: (m) => host.receive(structuredClone(m)), listen: inbox.listen, close: () => {} };
}
