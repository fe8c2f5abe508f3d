/** Confinement of a global scope (on a stand-in object: the test's own realm keeps its globals). */
import { describe, expect, it } from 'vitest';
import { ALLOWED_GLOBALS } from '../../src/playground/confine.ts';

describe('the allow-list', () => {
  it('keeps ECMAScript and data helpers, never the network, the DOM, timers or messaging', () => {
    for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'EventSource', 'indexedDB', 'caches', 'BroadcastChannel',
      'Worker', 'SharedWorker', 'fonts', 'FontFace', 'postMessage', 'onmessage', 'addEventListener', 'setTimeout', 'setInterval',
      'queueMicrotask', 'self', 'location', 'navigator', 'document', 'eval', 'WebTransport', 'Request', 'WebAssembly']) {
      expect(ALLOWED_GLOBALS.has(name)).toBe(false);
    }
    for (const name of ['Object', 'Array', 'Math', 'JSON', 'Uint8Array', 'TextEncoder', 'TextDecoder', 'Map', 'Promise']) expect(ALLOWED_GLOBALS.has(name)).toBe(true);
  });
});
