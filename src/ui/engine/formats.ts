/** The names of the export formats, as the menu and the progress bar say them. */
import type { ExportFormat } from '../../debugger/export/index.ts';

export const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  native: 'Native trace (.jsonl)',
  perfetto: 'Perfetto / Chrome trace (.json)',
  shiviz: 'ShiViz log (.log)',
  mermaid: 'Mermaid sequence diagram (.mmd)',
  plantuml: 'PlantUML sequence diagram (.puml)',
};
