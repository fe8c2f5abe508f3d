/** The Code panel's lexer: token kinds, brackets inside strings, regular expressions vs division, coverage. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lex, type TokenKind } from '../../../src/debugger/code/lex.ts';
import { callArgs, namePattern, scan, tokText } from '../../../src/debugger/code/scan.ts';
import { SOURCE_TEXTS } from './sources.ts';

const kinds = (text: string): [TokenKind, string][] => lex(text).map((t) => [t.kind, text.slice(t.start, t.end)]);

describe('lex', () => {
  it('reads strings, comments, templates and keywords', () => {
    expect(kinds("const a = 'x // y'; // done")).toEqual([
      ['keyword', 'const'], ['ident', 'a'], ['punct', '='], ['string', "'x // y'"], ['punct', ';'], ['comment', '// done'],
    ]);
    expect(kinds('f(`a ${g(\'}\')} b`)')).toEqual([['ident', 'f'], ['punct', '('], ['template', "`a ${g('}')} b`"], ['punct', ')']]);
    expect(kinds('/* a\n b */ 1.5e3')).toEqual([['comment', '/* a\n b */'], ['number', '1.5e3']]);
  });

  it('tells a regular expression from division', () => {
    expect(kinds("s.replace(/\\.$/, '')").map(([k]) => k)).toEqual(['ident', 'punct', 'ident', 'punct', 'regex', 'punct', 'string', 'punct']);
    expect(kinds('a / b / c').map(([k]) => k)).toEqual(['ident', 'punct', 'ident', 'punct', 'ident']);
    expect(kinds('(x) / 2').map(([k]) => k)).toEqual(['punct', 'ident', 'punct', 'punct', 'number']);
    expect(kinds('return /[/]/g.test(x)')[1]).toEqual(['regex', '/[/]/g']);
  });

  it('numbers lines from 0, a token on the line it starts', () => {
    expect(lex('a\n`x\ny`\nb').map((t) => t.line)).toEqual([0, 1, 3]);
  });

  it('covers every non-blank character, in order, without overlap (any text)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab1 \n\'"`/\\*${}()[];,.=>'.split('')), maxLength: 60 }), (text) => {
        let at = 0;
        for (const t of lex(text)) {
          expect(t.start).toBeGreaterThanOrEqual(at);
          expect(text.slice(at, t.start)).toMatch(/^\s*$/);
          expect(t.end).toBeGreaterThan(t.start);
          at = t.end;
        }
        expect(text.slice(at)).toMatch(/^\s*$/);
      }),
    );
  });

  it('matches the brackets of every source file (every opening one is closed in the same file)', () => {
    for (const [path, text] of SOURCE_TEXTS) {
      let depth = 0;
      for (const t of lex(text)) {
        const c = text.slice(t.start, t.end);
        if (t.kind !== 'punct') continue;
        if ('([{'.includes(c)) depth++;
        else if (')]}'.includes(c)) depth--;
        expect(depth, path).toBeGreaterThanOrEqual(0);
      }
      expect(depth, path).toBe(0);
    }
  });
});

describe('name patterns', () => {
  const pattern = (expr: string) => {
    const s = scan(`f(${expr})`);
    const [arg] = callArgs(s, 1);
    return namePattern(s, arg!.from, arg!.to);
  };

  it('a string is exact, a template fixes its parts, anything else is computed', () => {
    expect(pattern("'tcp'")).toMatchObject({ kind: 'exact', literal: 3 });
    expect(pattern("'tcp'").regex.test('tcp')).toBe(true);
    const t = pattern('`teller ${c}`');
    expect(t).toMatchObject({ kind: 'template', literal: 7 });
    expect(['teller alice', 'teller '].map((n) => t.regex.test(n))).toEqual([true, true]);
    expect(t.regex.test('a teller bob')).toBe(false);
    const c = pattern("inApp.name('application-boot')");
    expect(c.kind).toBe('computed');
    expect(c.regex.test('application-boot (1)')).toBe(true);
    expect(c.regex.test('reader (1)')).toBe(false);
  });

  it('splits arguments only at their own commas', () => {
    const s = scan("spawn(f(a, b), { name: `x ${g(1, 2)}`, k: [1, 2] })");
    expect(callArgs(s, 1).map((a) => tokText(s, a.from))).toEqual(['f', '{']);
  });
});
