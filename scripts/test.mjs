#!/usr/bin/env node
/**
 * `npm test`: every check in order — typecheck, lint, unit tests, build, browser tests.
 * It runs all stages even after a failure, so one run reports every problem, and it ends with the
 * single line CI reads: `N passed, N failed` (vitest + playwright test counts; a failed typecheck,
 * lint or build counts as one failure). Exits 1 if anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const VITEST_JSON = join(root, '.vitest.json');
const PW_JSON = join(root, 'pw.json');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs a command with inherited stdio; returns its exit status and wall time in seconds. */
function run(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) console.error(`test: could not start ${cmd}: ${r.error.message}`);
  return { ok: r.status === 0, seconds };
}

function banner(name) {
  console.log(`\n━━ ${name} ━━`);
}

/** Reads a reporter's JSON output, or null if the run did not write it (e.g. it crashed). */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** A stage with no test counts of its own: pass, or one failure. */
function gate(name, cmd, args) {
  banner(name);
  const r = run(cmd, args);
  return { name, ok: r.ok, seconds: r.seconds, passed: 0, failed: r.ok ? 0 : 1, note: '' };
}

/**
 * A stage whose tests are counted. A runner that fails without any failed test (a file that does
 * not load, a crashed server) still counts as one failure, so it can never pass silently.
 */
function counted(name, r, counts) {
  if (counts === null)
    return { name, ok: false, seconds: r.seconds, passed: 0, failed: 1, note: 'no report written' };
  const failed = r.ok || counts.failed > 0 ? counts.failed : 1;
  const note = `${counts.passed} passed, ${counts.failed} failed`;
  return { name, ok: failed === 0, seconds: r.seconds, passed: counts.passed, failed, note };
}

function unitTests() {
  banner('unit tests (vitest)');
  rmSync(VITEST_JSON, { force: true });
  const r = run(bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${VITEST_JSON}`,
  ]);
  const j = readJson(VITEST_JSON);
  return counted('unit tests', r, j && { passed: j.numPassedTests, failed: j.numFailedTests });
}

function browserTests(built) {
  banner('browser tests (playwright)');
  // A fresh machine may not have it yet: install Debian's chromium (needs root or sudo).
  if (!existsSync(CHROMIUM)) run(join(root, '.ci', 'install-chromium'), []);
  if (!existsSync(CHROMIUM)) {
    console.error(
      `\n!! test: no Chromium at ${CHROMIUM}. Browser tests need Debian's chromium:\n` +
        `!!   apt-get install -y chromium     (or set CHROMIUM_PATH to a Chromium binary)\n`,
    );
    return {
      name: 'browser tests',
      ok: false,
      seconds: 0,
      passed: 0,
      failed: 1,
      note: `chromium missing at ${CHROMIUM}`,
    };
  }
  if (!built) {
    console.error('!! test: the build failed, so there is no app to serve: browser tests not run.');
    return {
      name: 'browser tests',
      ok: false,
      seconds: 0,
      passed: 0,
      failed: 1,
      note: 'not run: build failed',
    };
  }
  rmSync(PW_JSON, { force: true });
  const r = run(bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: PW_JSON,
    E2E_SKIP_BUILD: '1',
  });
  const s = readJson(PW_JSON)?.stats;
  // Flaky tests passed on a retry; skipped tests are neither.
  return counted('browser tests', r, s && { passed: s.expected + s.flaky, failed: s.unexpected });
}

function main() {
  const results = [];
  results.push(gate('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']));
  results.push(gate('lint', bin('eslint'), ['.']));
  results.push(unitTests());
  rmSync(join(root, 'dist'), { recursive: true, force: true }); // never serve a stale build
  const build = gate('build', bin('vite'), ['build']);
  results.push(build);
  results.push(browserTests(build.ok));

  console.log('\n━━ summary ━━');
  for (const r of results) {
    const detail = r.note ? `  (${r.note})` : '';
    console.log(
      `${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(14)} ${r.seconds.toFixed(1).padStart(5)}s${detail}`,
    );
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  // Every failed stage counts at least one failure, so the line and the exit status agree.
  process.exitCode = failed > 0 ? 1 : 0;
}

main();
