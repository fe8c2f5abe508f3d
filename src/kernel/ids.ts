/**
 * Branded identifiers of the kernel.
 *
 * Data definition:
 *   Pid          — a process id, unique within one VM; -1 is the primordial process, 0 the boot process.
 *   EndpointName — a process-chosen endpoint name, unique within one process (os2's "pre-eid").
 *   VmPath       — the pids of the VM processes from the ground VM down to a VM; [] is the ground VM.
 *   RecordId     — the sequence number of a trace record; unique within one run.
 *   ChoiceId     — the name of one thing the ground could do next (ground/choices.ts), the same in
 *                  every replay of a run: 'round', 'event:<pid>:<endpoint>', 'packet:<seq>', …
 */

export type Pid = number & { readonly __brand: 'Pid' };
export type EndpointName = string & { readonly __brand: 'EndpointName' };
export type VmPath = readonly Pid[];
export type RecordId = number & { readonly __brand: 'RecordId' };
export type ChoiceId = string & { readonly __brand: 'ChoiceId' };

export const pid = (n: number): Pid => n as Pid;
export const endpointName = (s: string): EndpointName => s as EndpointName;
export const recordId = (n: number): RecordId => n as RecordId;
export const choiceId = (s: string): ChoiceId => s as ChoiceId;

export const PRIMORDIAL_PID = pid(-1);
export const GROUND_PATH: VmPath = Object.freeze([]) as VmPath;

export function prettyVmPath(path: VmPath): string {
  return path.length === 0 ? 'ground' : 'ground/' + path.join('/');
}
