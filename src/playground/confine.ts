/**
 * Confinement of the scope a program runs in (a Web Worker, or a Node worker thread): before the
 * program loads, everything that reaches outside the worker is removed from its global scope, and
 * every way to make code from a string is disabled (so `import()` cannot be written either:
 * sucrase turns the program's own into `require`).
 *
 *   browser  an allow-list: every global (on the scope and its prototypes) that is not plain
 *            ECMAScript or a few harmless data helpers is deleted: fetch, XMLHttpRequest,
 *            WebSocket, importScripts, EventSource, indexedDB, caches, BroadcastChannel, Worker,
 *            fonts, postMessage, timers, …
 *   node     a deny-list (the runner itself needs `process`; the program's scope shadows it):
 *            fetch, WebSocket, EventSource and their kin.
 * Both: Math.random throws (a run must be reproducible: use the seeded PRNG of 'os2/world').
 * The host takes what it needs (postMessage, timers, the clock) before calling confine.
 */

/** Globals a program may see in the browser worker: ECMAScript and data-only helpers. */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  'Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'undefined', 'Boolean', 'String',
  'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError',
  'SyntaxError', 'TypeError', 'URIError', 'globalThis', 'JSON', 'Math', 'Intl', 'ArrayBuffer', 'Atomics', 'Uint8Array',
  'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'Float16Array',
  'Uint8ClampedArray', 'BigUint64Array', 'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet',
  'Proxy', 'Reflect', 'FinalizationRegistry', 'WeakRef', 'decodeURI', 'decodeURIComponent', 'encodeURI',
  'encodeURIComponent', 'escape', 'unescape', 'isFinite', 'isNaN', 'Iterator', 'SharedArrayBuffer',
  'console', 'TextEncoder', 'TextDecoder', 'structuredClone', 'Blob', 'File', 'ReadableStream', 'WritableStream',
  'TransformStream', 'TextDecoderStream', 'TextEncoderStream', 'DOMException', 'URL', 'URLSearchParams',
  'Event', 'EventTarget', 'MessageEvent', 'ErrorEvent', 'AbortController', 'AbortSignal', 'CompressionStream',
  'DecompressionStream', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__proto__', '__defineGetter__', '__defineSetter__',
  '__lookupGetter__', '__lookupSetter__',
]);

/** Removed in Node (the CLI's program thread): the network, and code from elsewhere. */
export const NODE_DENIED = ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'Request', 'Response', 'Headers', 'FormData', 'WebAssembly', 'navigator'];

const noCode = (): never => {
  throw new Error('a program cannot make code from a string');
};
const noRandom = (): never => {
  throw new Error('Math.random is not reproducible: use seedRng and nextInt from "os2/world"');
};

/**
 * What could not be removed and is not a plain constant (a non-configurable number such as the
 * worker's TEMPORARY/PERSISTENT is harmless), for the worker to report; normally empty.
 */
export function confine(scope: object, mode: 'browser' | 'node'): string[] {
  const kept: string[] = [];
  const remove = (o: object, name: string): void => {
    try {
      if (Reflect.deleteProperty(o, name) && !Object.hasOwn(o, name)) return;
      Object.defineProperty(o, name, { value: undefined, writable: false, configurable: false });
    } catch {
      const d = Object.getOwnPropertyDescriptor(o, name);
      const constant = d !== undefined && 'value' in d && !d.writable && (d.value === null || typeof d.value !== 'object' && typeof d.value !== 'function');
      if (!constant) kept.push(name);
    }
  };
  if (mode === 'browser') {
    for (let o: object | null = scope; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      for (const name of Object.getOwnPropertyNames(o)) if (!ALLOWED_GLOBALS.has(name)) remove(o, name);
    }
  } else {
    for (const name of NODE_DENIED) remove(scope, name);
  }
  remove(scope, 'eval');
  // Every function kind's constructor makes code from a string.
  const kinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const f of kinds) Object.defineProperty(Object.getPrototypeOf(f), 'constructor', { value: noCode, writable: false, configurable: false });
  Object.defineProperty(Math, 'random', { value: noRandom, writable: false, configurable: false });
  return kept;
}
