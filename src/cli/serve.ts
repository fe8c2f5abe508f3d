/** `npm run serve`: the real ground's command line (serve-main.ts); Ctrl-C (SIGINT) or --for ends it cleanly. */
import { parseServeArgs, serve } from './serve-main.ts';

const args = parseServeArgs(process.argv.slice(2));
if (typeof args === 'string') {
  process.stderr.write(`serve: ${args}\n`);
  process.exitCode = 2;
} else {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const served = await serve(args, log);
  log(`${args.scenario.id}: running on real sockets; Ctrl-C ends it`);
  let ending = false;
  const end = (): void => {
    if (ending) return;
    ending = true;
    void served.stop().then((lines) => {
      lines.forEach(log);
      process.exit(0);
    });
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  if (args.forSeconds !== null) setTimeout(end, args.forSeconds * 1_000);
}
