/**
 * Every limit of the kernel, by name (decision D11). Exceeding one crashes the offending process
 * with reason limit(<name>, <sentence>), or — for the ground — stops the run with that reason.
 */
export interface Limits {
  /** Actions one VM may perform in one scheduler round (fuel per pass). */
  readonly maxRoundActions: number;
  /** Actions waiting in one process's queue. */
  readonly maxQueueLength: number;
  /** How deep VMs may nest below the ground VM (the ground VM is depth 0). */
  readonly maxVmDepth: number;
  /** Nodes in one message body or topic. */
  readonly maxTermNodes: number;
  /** Nesting depth of one message body or topic. */
  readonly maxTermDepth: number;
  /** Endpoints one process may hold. */
  readonly maxEndpointsPerProcess: number;
  /** Processes alive in one VM. */
  readonly maxProcessesPerVm: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxRoundActions: 5_000_000,
  maxQueueLength: 1_000_000,
  maxVmDepth: 16,
  maxTermNodes: 100_000,
  maxTermDepth: 200,
  maxEndpointsPerProcess: 100_000,
  maxProcessesPerVm: 1_000_000,
});
