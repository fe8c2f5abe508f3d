/**
 * What can go wrong with a program before or while it runs, in words a student understands, with
 * the line (and column) of the program it is about when there is one.
 *
 * Data definition:
 *   ProgramProblem = { kind, message, line, column }
 *     kind     'syntax'   the source does not parse (sucrase's message)
 *              'load'     its top level threw, or it imported something that is not in the module map
 *              'shape'    its default export is not a program (program.ts says what one is)
 *              'timeout'  user code ran longer than the kill switch allows (watchdog.ts)
 *              'too-big'  a shared link or its program is over the size limit (share.ts)
 *     line     1-based line of the program, or null; column 1-based, or null
 */
export type ProblemKind = 'syntax' | 'load' | 'shape' | 'timeout' | 'too-big';

export interface ProgramProblem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
}

export function problem(kind: ProblemKind, message: string, line: number | null = null, column: number | null = null): ProgramProblem {
  return { kind, message, line, column };
}

/** One line for a notice or the CLI: "line 3, column 7: Unexpected token". */
export function describeProblem(p: ProgramProblem): string {
  const at = p.line === null ? '' : p.column === null ? `line ${p.line}: ` : `line ${p.line}, column ${p.column}: `;
  return `${at}${p.message}`;
}
