/** The export formats and their file extensions (no exporter code: the UI's menu imports this). */
export const EXPORT_FORMATS = ['native', 'perfetto', 'shiviz', 'mermaid', 'plantuml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The usual file extension of each format. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  native: '.jsonl', perfetto: '.json', shiviz: '.log', mermaid: '.mmd', plantuml: '.puml',
};
