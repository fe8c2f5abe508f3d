// A fuzz campaign's worker thread (pool.ts): Node runs workers without the parent's --import hooks,
// so the TypeScript loader is registered here before the worker's own module (workerData.entry) loads.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData?.entry ?? './worker.ts');
