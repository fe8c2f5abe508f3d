/**
 * Light syntax highlighting for the Code panel: the text's lines, each a list of pieces with a
 * class — keyword, string, comment, number, or plain — from the source index's lexer (no parser,
 * no highlighting library). Multi-line tokens (block comments, templates) are split at line ends.
 */
import { lex, type TokenKind } from '../../debugger/code/lex.ts';

export type PieceClass = 'k' | 's' | 'c' | 'n' | '';

export interface Piece {
  readonly cls: PieceClass;
  readonly text: string;
}

const CLASS: Readonly<Record<TokenKind, PieceClass>> = {
  keyword: 'k', string: 's', template: 's', regex: 's', comment: 'c', number: 'n', ident: '', punct: '',
};

/** The text's lines as pieces; every character of the text is in exactly one piece (newlines aside). */
export function highlightLines(text: string): Piece[][] {
  const lines: Piece[][] = [[]];
  const add = (cls: PieceClass, s: string) => {
    const parts = s.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p.length > 0) lines[lines.length - 1]!.push({ cls, text: p });
    });
  };
  let at = 0;
  for (const t of lex(text)) {
    if (t.start > at) add('', text.slice(at, t.start));
    add(CLASS[t.kind], text.slice(t.start, t.end));
    at = t.end;
  }
  if (at < text.length) add('', text.slice(at));
  return lines;
}
