/**
 * Builds and servers for the browser measurements, and their cleanup.
 *
 *   the current app  `vite build --config bench/browser/vite.config.ts` (the app plus the bench
 *                    scenarios) into a temporary directory, never dist/ (the e2e tests serve it)
 *   --compare REV    REV checked out in a temporary git worktree (`git worktree add --detach`,
 *                    node_modules symlinked), built with its own vite.config.ts into a temporary
 *                    directory; the worktree is removed at the end whatever happens
 *   serving          `vite preview` of a build directory on a free port, detached in its own
 *                    process group, killed (SIGTERM, then SIGKILL) at the end
 * Cleanups are synchronous, so they also run from the watchdog and from SIGINT/SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from '../harness.ts';
import { sleep } from './page.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
export const root = join(here, '../..');
const benchConfig = join(here, 'vite.config.ts');
const viteBin = join(root, 'node_modules/vite/bin/vite.js');

/** Synchronous cleanups, run once each, last registered first. */
export class Cleanups {
  private readonly fns: (() => void)[] = [];
  add(f: () => void): void {
    this.fns.push(f);
  }
  runAll(): void {
    for (const f of this.fns.splice(0).reverse()) {
      try {
        f();
      } catch (e) {
        progress(`browser: cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (status ${String(r.status)}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return r.stdout.trim();
}

/** Builds the current app with the bench scenarios into a fresh temporary directory. */
export function buildCurrent(cleanups: Cleanups): string {
  const dist = mkdtempSync(join(tmpdir(), 'os2-lab-bench-new-'));
  cleanups.add(() => rmSync(dist, { recursive: true, force: true }));
  progress('browser: building the app with the bench scenarios');
  run(process.execPath, [viteBin, 'build', '--config', benchConfig], root, { ...process.env, BENCH_DIST: dist });
  return dist;
}

export interface OldBuild {
  readonly dist: string;
  /** The revision's abbreviated commit id. */
  readonly commit: string;
}

/** Builds revision `rev` of the app with its own config, in a temporary git worktree. */
export function buildRevision(rev: string, cleanups: Cleanups): OldBuild {
  const commit = run('git', ['rev-parse', '--short', `${rev}^{commit}`], root);
  const dir = mkdtempSync(join(tmpdir(), 'os2-lab-bench-old-'));
  cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
  const tree = join(dir, 'tree');
  const dist = join(dir, 'dist');
  progress(`browser: checking out ${rev} (${commit}) in ${tree}`);
  run('git', ['worktree', 'add', '--detach', tree, commit], root);
  cleanups.add(() => {
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: root, stdio: 'ignore' });
    spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
  });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(tree, 'node_modules'));
  progress(`browser: building ${commit} with its own vite.config.ts`);
  run(process.execPath, [join(tree, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], tree);
  return { dist, commit };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess, ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with status ${server.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (performance.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
    await sleep(200);
  }
}

function killGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (p.pid !== undefined && p.exitCode === null && p.signalCode === null) process.kill(-p.pid, signal);
  } catch {
    // already gone
  }
}

/** Serves the build in `dist` on a free port; its base URL. The server is killed by `cleanups`. */
export async function serve(dist: string, cleanups: Cleanups): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(
    process.execPath,
    [viteBin, 'preview', '--config', benchConfig, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: root, env: { ...process.env, BENCH_DIST: dist }, detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // SIGTERM, then SIGKILL if it is still there a moment later (synchronous: no timers at exit).
  cleanups.add(() => {
    killGroup(server, 'SIGTERM');
    spawnSync('sleep', ['0.5']);
    killGroup(server, 'SIGKILL');
  });
  await waitForHttp(base, server, 30_000);
  progress(`browser: serving ${dist} at ${base} (vite preview, process group ${server.pid})`);
  return base;
}
