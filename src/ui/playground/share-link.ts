/**
 * The share link of the run the debugger shows: the page's address with `#program=…`
 * (playground/share.ts). Written to the address bar and, when the browser allows, the clipboard.
 */
import { encodeShare, decodeShare, type SharedRun } from '../../playground/share.ts';
import { describeProblem } from '../../playground/problem.ts';
import type { PlaygroundStore } from './playground-store.ts';
import type { InputView } from '../../debugger/views/inputs.ts';
import { plural } from '../../debugger/views/plural.ts';

export const SHARE_KEY = 'program';

/**
 * What the user is told: the link, or why there is none. `inputs`: the run's interventions as the
 * engine's status lists them (their header JSON), so the receiver gets the identical run.
 */
export function shareRun(store: PlaygroundStore, cursor: number, inputs: readonly InputView[]): string {
  const ran = store.getState().ran;
  if (ran === null) return 'Run the program first: a link shares a run.';
  const json = inputs.filter((i) => i.state !== 'never').map((i) => i.json);
  const e = encodeShare({ source: ran.source, seed: ran.seed, step: cursor, traps: ran.traps, inputs: json });
  if (!e.ok) return describeProblem(e.problem);
  const url = `${window.location.origin}${window.location.pathname}#${SHARE_KEY}=${e.text}`;
  window.history.replaceState(window.history.state, '', url);
  void navigator.clipboard?.writeText(url).catch(() => {});
  const extra = json.length === 0 ? '' : `, ${plural(json.length, 'intervention')}`;
  return `Link to this run (program, seed, cursor${extra}) copied to the address bar: ${url.length} characters.`;
}

/** The shared run in a page's hash, a sentence if it cannot be read, or null if there is none. */
export function sharedFromHash(hash: string): SharedRun | string | null {
  const m = new RegExp(`^#${SHARE_KEY}=([A-Za-z0-9_-]*)$`).exec(hash);
  return m === null ? null : decodeShare(m[1]!);
}
