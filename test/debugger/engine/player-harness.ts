/** A player session for tests: actions applied with `do`, jobs ticked (16 ms, 16 units) until none is left with `settle`. */
import { hasWork } from '../../../src/debugger/engine/jobs.ts';
import { initialState, reduce, type PlayerAction, type PlayerEnv, type PlayerState } from '../../../src/debugger/engine/player.ts';
import { findScenario } from '../../../src/scenarios/index.ts';

export function playerOf(e: PlayerEnv, id: string) {
  let s: PlayerState = initialState(e, findScenario(id)!);
  const api = {
    get s() {
      return s;
    },
    do(a: PlayerAction) {
      s = reduce(e, s, a);
      return api;
    },
    settle(max = 100_000) {
      for (let i = 0; i < max && hasWork(s); i++) s = reduce(e, s, { type: 'tick', elapsedMs: 16, units: 16 });
      return api;
    },
  };
  return api;
}
