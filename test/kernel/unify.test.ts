/** Hand-checked cases for terms, unification, intersection and canonical printing. */
import { describe, expect, it } from 'vitest';
import {
  _, alphaEquivalent, bytes, canonicalize, evt, intersect, isSpecialization, match, pretty, struct, termFromJson,
  termToJson, wild,
} from '../../src/kernel/index.ts';

const p = (t: Parameters<typeof pretty>[0] | undefined) => (t === undefined ? 'none' : pretty(t));

describe('intersect', () => {
  it('gives the most general common instance, canonicalised', () => {
    expect(p(intersect(struct('tcp-channel', _, struct('tcp-listener', 5999), _),
      struct('tcp-channel', struct('tcp-address', _, _), _, _)))).toBe(
      'tcp-channel(tcp-address(?0, ?1), tcp-listener(5999), ?2)');
    expect(p(intersect(['a', _], [_, 'b']))).toBe('["a", "b"]');
  });

  it('respects named variables (the same name must be equal)', () => {
    expect(p(intersect([wild('x'), wild('x')], [1, _]))).toBe('[1, 1]');
    expect(p(intersect([wild('x'), wild('x')], [1, 2]))).toBe('none');
    expect(p(intersect([wild('x'), wild('y')], [_, _]))).toBe('[?0, ?1]');
    expect(p(intersect([wild('x'), wild('x')], [_, _]))).toBe('[?0, ?0]');
  });

  it('has an occurs check', () => {
    expect(p(intersect([wild('x'), wild('x')], [_, [wild('y'), wild('y')]]))).toBe('[[?0, ?0], [?0, ?0]]');
    expect(p(intersect(wild('x'), [wild('x')]))).toBe('[?0]'); // variables are renamed apart first
    expect(p(intersect([wild('x'), [wild('x')]], [wild('y'), wild('y')]))).toBe('none');
  });

  it('distinguishes kinds: struct vs list, string vs number, bytes by content, evt by kind', () => {
    expect(p(intersect(struct('a', 1), ['a', 1]))).toBe('none');
    expect(p(intersect('1', 1))).toBe('none');
    expect(p(intersect(bytes('hi'), bytes('hi')))).toBe('#"hi"');
    expect(p(intersect(bytes('hi'), bytes('ho')))).toBe('none');
    expect(p(intersect([evt('timer', 5), _], [evt('timer', 5), 100]))).toBe('[#<evt timer 5>, 100]');
    expect(p(intersect(evt('timer', 5), evt('timer', 6)))).toBe('none');
    expect(p(intersect(null, _))).toBe('null'); // null is an answer, not a failure
    expect(p(intersect(null, false))).toBe('none');
    expect(p(intersect(struct('a', 1), struct('a', 1, 2)))).toBe('none');
  });
});

describe('canonical forms', () => {
  it('numbers variables left to right; anonymous ones are each fresh', () => {
    expect(pretty(canonicalize([_, wild('q'), _, wild('q')]))).toBe('[?0, ?1, ?2, ?1]');
  });
  it('alpha-equivalence and specialisation', () => {
    expect(alphaEquivalent([wild('a'), wild('b')], [_, _])).toBe(true);
    expect(alphaEquivalent([wild('a'), wild('a')], [_, _])).toBe(false);
    expect(isSpecialization([1, _], [_, _])).toBe(true);
    expect(isSpecialization([_, _], [1, _])).toBe(false);
    expect(isSpecialization([wild('a'), wild('a')], [_, _])).toBe(true);
    expect(isSpecialization([_, _], [wild('a'), wild('a')])).toBe(false);
  });
});

describe('match (handler convenience)', () => {
  it('binds named wildcards', () => {
    const m = match(struct('tcp-channel', _, _, wild('data')), struct('tcp-channel', 'a', 'b', bytes('x')));
    expect(m?.get('data')).toEqual(bytes('x'));
    expect(match(struct('x', 1), struct('x', 2))).toBeNull();
  });
});

describe('printing and JSON', () => {
  it('prints bytes the Racket way', () => {
    expect(pretty(bytes('You said: hi\n'))).toBe('#"You said: hi\\n"');
    expect(pretty(new Uint8Array([0, 255, 34]))).toBe('#"\\x00\\xff\\""');
  });
  it('round-trips every kind of term through JSON', () => {
    const t = [struct('s', 1, 'two', true, null), bytes('\u0000a\u00ff'), evt('tcp-read', 3), wild('x'), _, { wild: 0 }];
    const back = termFromJson(JSON.parse(JSON.stringify(termToJson(t))));
    expect(back).toEqual(t);
  });
  it('rejects non-terms with a path', () => {
    expect(termFromJson([1, { nope: 2 }])).toEqual({ error: '$[1]: object with keys [nope] is not a term' });
    expect(termFromJson({ bytes: 'é€' })).toEqual({ error: '$.bytes: character 1 is not a byte (code 8364)' });
  });
});
