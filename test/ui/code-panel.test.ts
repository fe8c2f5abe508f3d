/**
 * The Code panel's pieces that need no browser: the highlighter keeps every character of every
 * source, the talk's Racket is the outline's token for token, and its roles are found.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { highlightLines } from '../../src/ui/code/highlight.ts';
import { TALK_CODE, TALK_DEFINITIONS, talkRoleLines } from '../../src/ui/code/talk-code.ts';
import { SOURCE_TEXTS } from '../debugger/code/sources.ts';

const OUTLINE = new URL('../../../shared/seed/talk-outline.txt', import.meta.url);

describe('highlightLines', () => {
  it('gives back every line of every source, character for character', () => {
    for (const [path, text] of SOURCE_TEXTS) {
      const lines = highlightLines(text).map((pieces) => pieces.map((p) => p.text).join(''));
      expect(lines, path).toEqual(text.split('\n'));
    }
  });

  it('classes keywords, strings, comments and numbers', () => {
    expect(highlightLines("const x = 'a'; // b\nreturn 5;")).toEqual([
      [{ cls: 'k', text: 'const' }, { cls: '', text: ' ' }, { cls: '', text: 'x' }, { cls: '', text: ' ' }, { cls: '', text: '=' },
        { cls: '', text: ' ' }, { cls: 's', text: "'a'" }, { cls: '', text: ';' }, { cls: '', text: ' ' }, { cls: 'c', text: '// b' }],
      [{ cls: 'k', text: 'return' }, { cls: '', text: ' ' }, { cls: 'n', text: '5' }, { cls: '', text: ';' }],
    ]);
  });
});

describe("the talk's code", () => {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

  it.skipIf(!existsSync(OUTLINE))('is the outline’s, only re-indented', () => {
    const outline = readFileSync(OUTLINE, 'utf8').split('\n').map(squash);
    for (const d of TALK_DEFINITIONS) expect(outline).toContain(squash(d));
  });

  it('is shown for the echo and date servers, and finds the roles our code shares with it', () => {
    expect(Object.keys(TALK_CODE).sort()).toEqual(['tcp-date', 'tcp-echo']);
    const echo = TALK_CODE['tcp-echo']!.text.split('\n');
    const r = talkRoleLines(TALK_CODE['tcp-echo']!.text, 'echoer')!;
    expect(echo[r.from]).toMatch(/^\s*\(role 'echoer$/);
    expect(echo[r.to]).toMatch(/\(transition state \(kill\)\)\]/);
    expect(talkRoleLines(TALK_CODE['tcp-date']!.text, 'date-sender')).not.toBeNull();
    expect(talkRoleLines(TALK_CODE['tcp-echo']!.text, 'outbound')).toBeNull();
  });
});
