/** The Inject/Kill forms' term reader: the kernel's printed notation and JSON, with errors that say what and where. */
import { describe, expect, it } from 'vitest';
import { bytes, pretty, struct, wild, type Term } from '../../src/kernel/index.ts';
import { findWildcard, parseMessage, parseTerm, parseTermJson } from '../../src/debugger/term-parse.ts';

const ok = (text: string): Term => {
  const r = parseTerm(text);
  if (!r.ok) throw new Error(r.error);
  return r.term;
};
const err = (text: string): string => {
  const r = parseTerm(text);
  if (r.ok) throw new Error(`parsed ${pretty(r.term)}`);
  return r.error;
};

describe('parseTerm: the notation', () => {
  it('reads structs, lists, strings, numbers, atoms and wildcards', () => {
    expect(ok('hello()')).toEqual(struct('hello'));
    expect(ok('tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), tcp-credit(1))')).toEqual(
      struct('tcp-channel', struct('tcp-address', 'alice', 49152), struct('tcp-listener', 5999), struct('tcp-credit', 1)),
    );
    expect(ok(' [1, -2.5, 3e2, "x", true, false, null, []] ')).toEqual([1, -2.5, 300, 'x', true, false, null, []]);
    expect(ok('[?, ?x, ?0]')).toEqual([wild(), wild('x'), { wild: 0 }]);
    expect(ok('"a\\"b\\n\\u00e9"')).toBe('a"b\né');
    expect(ok('#"hi\\n\\x00"')).toEqual(bytes('hi\n\u0000'));
    expect(ok('f(\n  1,\n  2\n)')).toEqual(struct('f', 1, 2));
  });

  it('reads back whatever the kernel prints (no event descriptors)', () => {
    const terms: Term[] = [
      struct('service', 'alice', struct('deposit', 10)),
      [struct('a'), [1, 'two', bytes('three\r\n')], null],
      struct('exn', 'Error', 'poison job p1'),
      struct('x', wild(), wild('v'), -0.5),
    ];
    for (const t of terms) expect(ok(pretty(t))).toEqual(t);
  });

  it('names what is wrong, and where', () => {
    expect(err('')).toMatch(/nothing to read/);
    expect(err('hello("world", 1')).toBe('column 17: hello(…) is not closed: expected ")"');
    expect(err('hello("world" 1)')).toBe('column 15: expected "," or ")" after an item of hello(…), found "1"');
    expect(err('[1, 2,]')).toMatch(/a "," must be followed by another item in the list/);
    expect(err('killed-by-user')).toBe(
      'column 1: bare name "killed-by-user": write killed-by-user() for a struct with no fields, or "killed-by-user" for a string',
    );
    expect(err('"open')).toMatch(/column 1: the string that begins here is not closed/);
    expect(err("'single'")).toMatch(/strings use double quotes/);
    expect(err('f() g()')).toMatch(/column 5: unexpected "g" after a complete term/);
    expect(err('12abc')).toMatch(/unexpected "a" after the number 12/);
    expect(err('-x')).toMatch(/expected a number after "-"/);
    expect(err('#<evt timer 5>')).toMatch(/event descriptors/);
    expect(err('#"é"')).toMatch(/printable ASCII only/);
    expect(err('"\\q"')).toMatch(/unknown escape "\\q"/);
    expect(err('f(\n  1,\n  ]')).toMatch(/^line 3, column 3: /);
    expect(err('['.repeat(100))).toMatch(/nested deeper than 64/);
  });

  it('never evaluates anything', () => {
    expect(ok('alert(1)')).toEqual(struct('alert', 1)); // a struct named alert is only data
    expect(ok('constructor("return 1")')).toEqual(struct('constructor', 'return 1'));
    expect(err('${x}')).toMatch(/expected a term, found "\$"/);
  });
});

describe('parseTermJson and parseMessage', () => {
  it('reads the trace format’s JSON encoding', () => {
    const r = parseTermJson('{"struct": "hello", "fields": ["world", 1, {"bytes": "hi"}, [null]]}');
    expect(r).toEqual({ ok: true, term: struct('hello', 'world', 1, bytes('hi'), [null]) });
    expect(parseTermJson('{"struct": "hello"}')).toEqual({ ok: false, error: '$: object with keys [struct] is not a term' });
    expect(parseTermJson('[1,')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
  });

  it('a message has no wildcards and is not an event descriptor', () => {
    expect(parseMessage('ping(?)', 'notation')).toEqual({
      ok: false,
      error: 'a message cannot contain a wildcard (?): field 1 of ping(…) is one',
    });
    expect(parseMessage('{"evt": "timer", "args": [5]}', 'json')).toEqual({ ok: false, error: 'an event descriptor cannot be injected' });
    expect(parseMessage('[1, [2, ?x]]', 'notation')).toMatchObject({ ok: false, error: expect.stringMatching(/item 2 of item 2/) });
    expect(parseMessage('hello("world")', 'notation')).toEqual({ ok: true, term: struct('hello', 'world') });
    expect(findWildcard(struct('a', 1))).toBeNull();
  });
});
