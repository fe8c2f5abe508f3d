import { describe, expect, it } from 'vitest';
import { plural } from '../../../src/debugger/views/plural.ts';

describe('plural', () => {
  it('writes one count in the singular and every other in the plural', () => {
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(0, 'record')).toBe('0 records');
    expect(plural(2, 'record')).toBe('2 records');
    expect(plural(1, 'box', 'boxes')).toBe('1 box');
    expect(plural(3, 'box', 'boxes')).toBe('3 boxes');
    expect(plural(1, 'process', 'processes')).toBe('1 process');
  });
  it('groups thousands as the rest of the UI does', () => {
    expect(plural(1204, 'record')).toBe('1,204 records');
  });
});
