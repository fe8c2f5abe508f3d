/**
 * `npm run serve`: the real ground's command line (serve-main.ts); Ctrl-C (SIGINT), SIGTERM or --for
 * ends it cleanly. Exit codes: 0 done, 1 a socket could not be bound or the trace not written
 * (one line `serve: …`), 2 bad arguments.
 */
import { parseServeArgs, serve, type Served } from './serve-main.ts';

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (e: unknown): void => {
  process.stderr.write(`serve: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
};

const args = parseServeArgs(process.argv.slice(2));
if (typeof args === 'string') {
  process.stderr.write(`serve: ${args}\n`);
  process.exitCode = 2;
} else {
  const served: Served | null = await serve(args, log).catch((e: unknown) => {
    fail(e);
    return null;
  });
  if (served !== null) {
    log(`${args.scenario.id}: running on real sockets; Ctrl-C ends it`);
    let ending = false;
    const end = (): void => {
      if (ending) return;
      ending = true;
      served.stop().then((lines) => {
        lines.forEach(log);
        process.exit(0);
      }, fail);
    };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
    if (args.forSeconds !== null) setTimeout(end, args.forSeconds * 1_000);
  }
}
