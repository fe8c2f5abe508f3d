/**
 * The kinds of record a query names, in the talk's words, as one small code per record.
 *
 * Data definition: RecordKind — a trace record's kind, with a delivery split by its event
 * (presence, absence, message, feedback: a message sent by a subscriber) and an endpoint record by
 * its change (add-role, replaced, delete-role), and a send-message action apart from other actions
 * (send). `spawn` is a boot record (a process spawned and booted); `crash` is any record whose
 * user code crashed (a flag on deliver, boot and continuation records, not a kind of its own).
 */
import { assertNever, type TraceRecord } from '../../kernel/index.ts';

export const RECORD_KINDS = [
  'ground-event', 'world', 'round', 'action', 'send', 'presence', 'absence', 'message', 'feedback',
  'spawn', 'continuation', 'add-role', 'replaced', 'delete-role', 'quit', 'gc', 'enqueue', 'no-op', 'limit',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Flags above the kind's number in a record's code. */
export const CRASHED_FLAG = 0x40;
export const RELAYED_FLAG = 0x80;
export const KIND_MASK = 0x3f;

const NUMBER: Readonly<Record<RecordKind, number>> = Object.fromEntries(RECORD_KINDS.map((k, i) => [k, i])) as Record<RecordKind, number>;

export const kindNumber = (k: RecordKind): number => NUMBER[k];

function kindOf(r: TraceRecord): RecordKind {
  switch (r.kind) {
    case 'deliver':
      return r.event.type === 'message' ? (r.event.role.orientation === 'subscriber' ? 'feedback' : 'message') : r.event.type;
    case 'endpoint':
      return r.change === 'added' ? 'add-role' : r.change === 'removed' ? 'delete-role' : 'replaced';
    case 'action':
      return r.action.type === 'send-message' ? 'send' : 'action';
    case 'boot':
      return 'spawn';
    case 'ground-event': case 'world': case 'round': case 'continuation': case 'quit': case 'gc': case 'enqueue': case 'no-op': case 'limit':
      return r.kind;
    default:
      return assertNever(r, 'trace record');
  }
}

/** The record's code: its kind's number with the crashed and relayed flags. */
export function recordCode(r: TraceRecord): number {
  let code = NUMBER[kindOf(r)];
  if ((r.kind === 'deliver' || r.kind === 'boot' || r.kind === 'continuation') && r.outcome === 'crashed') code |= CRASHED_FLAG;
  if (r.kind === 'deliver' && r.outcome === 'relayed') code |= RELAYED_FLAG;
  return code;
}
