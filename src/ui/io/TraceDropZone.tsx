/** Drop a trace file anywhere on the app to open it; while a file is dragged over, say so. */
import { useEffect, useState } from 'react';
import { useActions } from '../session-context.ts';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer !== null && [...e.dataTransfer.types].includes('Files');
}

export function TraceDropZone() {
  const { openFile } = useActions();
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Allows the drop (and shows the copy cursor).
      e.preventDefault();
      if (e.dataTransfer !== null) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file !== undefined) openFile(file, file.name);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overFn);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);
  if (!over) return null;
  return (
    <div className="drop-overlay" role="status" aria-live="polite">
      <p>Drop a trace file to open it</p>
    </div>
  );
}
