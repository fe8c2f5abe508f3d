// A worker of the DNS fuzz campaign (dns.ts): the TypeScript loader is registered here, as in
// worker-boot.mjs, before the worker's own module loads.
import { register } from 'tsx/esm/api';

register();
await import('./dns-worker.ts');
