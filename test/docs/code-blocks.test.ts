/**
 * The docs cannot drift from the code: every ```ts block in docs/*.md (the kernel API above all) is
 * type-checked with the project's compiler options, as its own module at the repository root (so
 * `./src/kernel/index.ts` resolves as the docs write it). A block that has no import of its own is
 * a fragment: it gets a prelude importing every name of the kernel's two main entry points.
 * The blocks live in memory (a compiler host over the real one); nothing is written to disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs');
const ENTRY_POINTS = ['./src/kernel/index.ts', './src/kernel/ground/index.ts'];

export interface Block {
  /** The markdown file, as docs/NAME.md. */
  readonly file: string;
  /** 1-based line of the block's first code line in the markdown file. */
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of a markdown text, in order. */
export function tsBlocks(markdown: string, file = 'docs/kernel-api.md'): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    out.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

function compilerOptions(): ts.CompilerOptions {
  const file = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, ROOT);
  // Node and Vite ambient types are not part of what a process author writes against.
  return { ...parsed.options, types: [], noEmit: true };
}

/** `import { a, b, … } from '<entry>'` for every value and type an entry point exports. */
function prelude(program: ts.Program): string {
  const checker = program.getTypeChecker();
  const lines: string[] = [];
  for (const entry of ENTRY_POINTS) {
    const sf = program.getSourceFile(join(ROOT, entry));
    const symbol = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
    const exports = symbol === undefined ? [] : checker.getExportsOfModule(symbol);
    const isValue = (s: ts.Symbol): boolean => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    };
    const names = exports.map((s) => (isValue(s) ? s.name : `type ${s.name}`));
    lines.push(`import { ${names.join(', ')} } from '${entry}';`);
  }
  return lines.join(' ');
}

/** Type-checks the blocks; one message per error, naming the markdown line. */
export function checkBlocks(blocks: readonly Block[]): string[] {
  const options = compilerOptions();
  const entries = ENTRY_POINTS.map((e) => join(ROOT, e));
  const base = ts.createCompilerHost(options, true);
  const first = ts.createProgram(entries, options, base);
  const head = prelude(first);
  const files = new Map<string, { block: Block; text: string; shift: number }>();
  blocks.forEach((block, i) => {
    const fragment = !/^\s*import\s/m.test(block.code);
    // The prelude shares the first line, so that line numbers stay the block's own.
    const text = fragment ? `${head} export {};\n${block.code}` : `${block.code}\nexport {};\n`;
    files.set(join(ROOT, `__kernel_api_block_${i}.ts`), { block, text, shift: fragment ? 1 : 0 });
  });
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (f) => files.has(f) || base.fileExists(f),
    readFile: (f) => files.get(f)?.text ?? base.readFile(f),
    getSourceFile: (f, lang, onError, fresh) => {
      const mem = files.get(f);
      return mem === undefined ? base.getSourceFile(f, lang, onError, fresh) : ts.createSourceFile(f, mem.text, lang, true);
    },
  };
  const program = ts.createProgram([...files.keys()], options, host, first);
  const errors: string[] = [];
  for (const [name, { block, shift }] of files) {
    const sf = program.getSourceFile(name)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const at = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line - shift;
      errors.push(`${block.file}:${block.line + at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return errors;
}

describe('the ts blocks of docs/*.md', () => {
  const files = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
  const blocks = files.flatMap((f) => tsBlocks(readFileSync(join(DOCS, f), 'utf8'), `docs/${f}`));

  it('has code blocks to check, in the kernel API and the engine pages', () => {
    expect(blocks.filter((b) => b.file === 'docs/kernel-api.md').length).toBeGreaterThan(8);
    expect(blocks.some((b) => b.file === 'docs/engine.md')).toBe(true);
  });

  it('every ts block type-checks', () => {
    expect(checkBlocks(blocks)).toEqual([]);
  });

  it('reports an error in a block at its line in the markdown (the check is not vacuous)', () => {
    const broken = tsBlocks('text\n```ts\nconst ok = struct("a");\nconst n: number = pretty(ok);\n```\n');
    expect(checkBlocks(broken)).toEqual([
      "docs/kernel-api.md:4: Type 'string' is not assignable to type 'number'.",
    ]);
  });
});
