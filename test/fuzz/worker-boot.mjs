// A fuzz campaign's worker thread: Node runs workers without the parent's --import hooks, so the
// TypeScript loader is registered here before the worker's own module loads.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
