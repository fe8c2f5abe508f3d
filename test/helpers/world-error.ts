/**
 * The message of the WorldError a DNS world loader throws (tests of world.json and master files).
 */
import { WorldError } from '../../src/scenarios/dns/master.ts';

/** The message of the WorldError `f` throws; anything else thrown, or nothing, fails the test. */
export function worldProblem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof WorldError) return e.message;
    throw e;
  }
  throw new Error('no WorldError');
}
