/**
 * The playground's templates: real program files (type-checked with the rest of the code through
 * tsconfig's `paths` for 'os2', 'os2/world' and 'os2/program'; loaded and run by
 * test/playground/templates.test.ts). The UI reads their text with Vite's `?raw`.
 */
export interface TemplateInfo {
  readonly id: string;
  readonly title: string;
  /** The file in this directory. */
  readonly file: string;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  { id: 'echo', title: 'Echo server (the talk’s first program)', file: 'echo.ts' },
  { id: 'date', title: 'Date server', file: 'date.ts' },
  { id: 'chat-room', title: 'Chat room', file: 'chat-room.ts' },
  { id: 'bank-teller', title: 'Bank teller', file: 'bank-teller.ts' },
  { id: 'empty', title: 'Empty program', file: 'empty.ts' },
  { id: 'blind-client', title: 'Exercise: the blind client', file: 'blind-client.ts' },
];
