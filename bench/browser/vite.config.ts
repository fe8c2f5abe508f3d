/**
 * The bench build of the app: the app's own config (vite.config.ts, merged) plus one plugin that
 * resolves src/scenarios/index.ts to bench/browser/registry.ts, which adds the bench scenarios.
 * The plugin is given twice: to the main bundle and to the worker bundles (`worker.plugins`: Vite
 * builds workers with their own plugin list), since the engine, which runs the scenarios, lives
 * in a Web Worker.
 * It builds into a temporary directory (BENCH_DIST, set by run-browser.ts), never
 * into dist/, which the e2e tests serve. BENCH_MINIFY=0 builds without minifying (for profiling).
 *
 *   npx vite build   --config bench/browser/vite.config.ts
 *   npx vite preview --config bench/browser/vite.config.ts --port N --strictPort --host 127.0.0.1
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeConfig, type Plugin, type UserConfig } from 'vite';
import appConfig from '../../vite.config.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const appRegistry = resolve(root, 'src/scenarios/index.ts');
const benchRegistry = resolve(here, 'registry.ts');

function benchScenarios(): Plugin {
  return {
    name: 'os2-bench-scenarios',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || resolve(importer) === benchRegistry) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      return r !== null && resolve(r.id) === appRegistry ? benchRegistry : null;
    },
  };
}

export default mergeConfig(appConfig as UserConfig, {
  root,
  plugins: [benchScenarios()],
  worker: { plugins: () => [benchScenarios()] },
  build: {
    outDir: process.env.BENCH_DIST ?? join(tmpdir(), 'os2-lab-bench-dist'),
    emptyOutDir: true,
    // BENCH_MINIFY=0 keeps function names readable in a CPU profile.
    minify: process.env.BENCH_MINIFY !== '0',
  },
  logLevel: 'warn',
});
