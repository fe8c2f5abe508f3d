/** The editor's completion lists are the modules' real exports (the main thread cannot import them). */
import { expect, it } from 'vitest';
import * as kernel from '../../src/kernel/index.ts';
import * as world from '../../src/kernel/ground/index.ts';
import { OS2_NAMES, WORLD_NAMES } from '../../src/playground/api-names.ts';

it('lists every value export of os2 and os2/world', () => {
  expect([...OS2_NAMES].sort()).toEqual(Object.keys(kernel).sort());
  expect([...WORLD_NAMES].sort()).toEqual(Object.keys(world).sort());
});
