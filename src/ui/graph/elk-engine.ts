/**
 * elk in a Web Worker: the only place the app creates one. Layout never runs on the main thread;
 * the worker starts with the first layout request and is terminated by LayoutClient.stop/dispose.
 */
import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import type { LayoutEngine } from './layout-client.ts';

export function workerEngine(): LayoutEngine {
  const elk = new ELK({ workerFactory: () => new ElkWorker() as unknown as Worker });
  return {
    layout: (graph) => elk.layout(graph),
    terminate: () => elk.terminateWorker(),
  };
}
