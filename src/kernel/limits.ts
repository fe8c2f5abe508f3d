/**
 * Every limit of the kernel, by name (decision D11). Exceeding one crashes the offending process
 * with reason limit(<name>, <sentence>), or — for the ground — stops the run with that reason.
 *
 * Size: what the boundary (boundary.ts) counts for a term is one per node plus one per character of
 * each string and one per byte of each byte string, every occurrence counted (a string used twice
 * counts twice: the trace writes it twice).
 */
export interface Limits {
  /** Actions one VM may perform in one scheduler round (fuel per pass). */
  readonly maxRoundActions: number;
  /** Actions waiting in one process's queue. */
  readonly maxQueueLength: number;
  /** How deep VMs may nest below the ground VM (the ground VM is depth 0). */
  readonly maxVmDepth: number;
  /** Nodes in one message body, topic or reason (or one topic intersection the kernel computes). */
  readonly maxTermNodes: number;
  /** Nesting depth of one message body, topic or reason (or one topic intersection). */
  readonly maxTermDepth: number;
  /** Endpoints one process may hold. */
  readonly maxEndpointsPerProcess: number;
  /** Processes alive in one VM. */
  readonly maxProcessesPerVm: number;
  /** Characters of one string in a term (atom, struct, event or wildcard name); bytes of one byte string. */
  readonly maxStringLength: number;
  /** Characters of one process or endpoint name (names appear in every record about them). */
  readonly maxNameLength: number;
  /**
   * Entries of one transition's action tree: actions, nested lists and the empty entries (null,
   * undefined, false, holes) that flattening skips, so a sparse or padded list costs no more.
   */
  readonly maxTransitionActions: number;
  /**
   * Size of everything one transition hands the kernel, together: its terms, its names and one per
   * action (and of one topic intersection the kernel computes for an action): it bounds the work of
   * one transition and the length of the record line that holds it.
   */
  readonly maxTransitionSize: number;
  /**
   * Size of one reason (quit, kill, delete-role): an absence record carries it once per peer. A
   * larger explicit reason crashes the process; a crash reason (what was thrown) is abbreviated.
   */
  readonly maxReasonSize: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxRoundActions: 5_000_000,
  maxQueueLength: 1_000_000,
  maxVmDepth: 16,
  maxTermNodes: 100_000,
  maxTermDepth: 200,
  maxEndpointsPerProcess: 100_000,
  maxProcessesPerVm: 1_000_000,
  maxStringLength: 65_536,
  maxNameLength: 256,
  maxTransitionActions: 1_000_000,
  maxTransitionSize: 4_000_000,
  maxReasonSize: 4_096,
});

/**
 * Lists nested in one action tree (not configurable): flattening recurses once per level, and no
 * program needs more.
 */
export const MAX_ACTION_TREE_DEPTH = 100;

/**
 * Unification steps one topic intersection may take, per allowed node (maxTermNodes): named
 * variables can make an intersection exponentially larger than its topics ([?x1, ?x2, …] against
 * [[?x0, ?x0], [?x1, ?x1], …]); past this budget the intersection counts as too large.
 */
export const UNIFY_STEPS_PER_NODE = 8;
