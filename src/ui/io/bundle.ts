/**
 * Several files of one export as one Markdown file: a long run's Mermaid diagrams, each in a
 * ```mermaid block under a heading with its part's file name (GitHub, GitLab and mermaid.live's
 * Markdown draw them). Other formats get plain fenced blocks.
 */
import type { ExportFormat } from '../../debugger/export/formats.ts';
import type { ExportFile } from '../engine/protocol.ts';

/** The bundle's file name: the first part's, with .md for its extension. */
export function bundleName(first: string): string {
  const dot = first.lastIndexOf('.');
  return `${dot > 0 ? first.slice(0, dot) : first}.md`;
}

export async function markdownBundle(e: { readonly format: ExportFormat; readonly label: string; readonly files: readonly ExportFile[] }): Promise<Blob> {
  const fence = e.format === 'mermaid' ? 'mermaid' : 'text';
  const out = [`# ${e.label}: ${e.files.length} parts\n`];
  for (const [i, f] of e.files.entries()) {
    const text = await f.blob.text();
    out.push(`\n## Part ${i + 1}: ${f.name}\n\n\`\`\`${fence}\n${text}${text.endsWith('\n') ? '' : '\n'}\`\`\`\n`);
  }
  return new Blob(out, { type: 'text/markdown' });
}
