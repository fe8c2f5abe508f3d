/**
 * What a view-model carries of one printed value or record: at most MAX_SHOWN_CHARS characters, so
 * that a huge value (a megabyte string in a state, a message, a reason — from a file or a program)
 * costs a face a line, not a freeze. The log's text filter reads the same shortened text.
 */

/** Characters of one printed value or record a view-model carries. */
export const MAX_SHOWN_CHARS = 2_000;

/** `text` cut to `max` characters, "…" marking the cut. */
export function shown(text: string, max = MAX_SHOWN_CHARS): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
