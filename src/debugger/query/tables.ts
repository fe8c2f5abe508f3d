/**
 * The processes and endpoints a history has seen, each with its lifetime (an interval in an
 * IntervalStore, numbered like the table), as the query index (presence-index.ts) learns them.
 *
 * Data definition:
 *   ProcessEntry   = { vm, pid, path, name }        path = [...vm, pid], the query's pid path
 *   EndpointEntry  = { proc, name, meta, role }     meta: an at-meta-level endpoint (its own namespace)
 *   lifetimes      [first record, the record that ended it): a process from its first record (its
 *                  boot) to its quit (or the record where it vanished with its VM); an endpoint
 *                  from its add-role record to its delete-role record (or its process's vanishing)
 *   end reasons    the quit's, the delete-role's; a vanished one has none
 * Keys: a process by "vm/path:pid" (pids are never reused in a VM); an endpoint by process, meta
 * and name, for its latest incarnation (a name may be added again after it was removed).
 */
import type { Pid, Role, Term, VmPath } from '../../kernel/index.ts';
import { IntervalStore } from './intervals.ts';

export interface ProcessEntry {
  readonly vm: VmPath;
  readonly pid: Pid;
  readonly path: readonly number[];
  name: string | null;
}

export interface EndpointEntry {
  readonly proc: number;
  readonly name: string;
  readonly meta: boolean;
  readonly role: Role;
}

export const processKey = (vm: VmPath, pid: number): string => `${vm.join('/')}:${pid}`;

export class ProcessTable {
  readonly entries: ProcessEntry[] = [];
  readonly lives = new IntervalStore();
  readonly reasons = new Map<number, Term>();
  private readonly byKey = new Map<string, number>();

  /** The process's number, made at record `at` on first sight. */
  of(vm: VmPath, pid: Pid, at: number): number {
    const key = processKey(vm, pid);
    let k = this.byKey.get(key);
    if (k === undefined) {
      k = this.entries.length;
      this.entries.push({ vm, pid, path: [...vm, pid], name: null });
      this.byKey.set(key, k);
      this.lives.open(at);
    }
    return k;
  }

  find(vm: VmPath, pid: number): number | undefined {
    return this.byKey.get(processKey(vm, pid));
  }

  end(k: number, at: number, reason: Term | null): void {
    if (!this.lives.isOpen(k)) return;
    this.lives.close(k, at);
    if (reason !== null) this.reasons.set(k, reason);
  }
}

export class EndpointTable {
  readonly entries: EndpointEntry[] = [];
  readonly lives = new IntervalStore();
  readonly reasons = new Map<number, Term>();
  private readonly current = new Map<string, number>();
  /** Each process's endpoints, by number. */
  readonly ofProcess: number[][] = [];

  private static key(proc: number, meta: boolean, name: string): string {
    return `${proc}${meta ? '^' : ':'}${name}`;
  }

  add(proc: number, name: string, meta: boolean, role: Role, at: number): number {
    const k = this.entries.length;
    this.entries.push({ proc, name, meta, role });
    this.current.set(EndpointTable.key(proc, meta, name), k);
    (this.ofProcess[proc] ??= []).push(k);
    this.lives.open(at);
    return k;
  }

  /**
   * The latest endpoint of this name, or undefined. Removed ones stay found: the absences of an
   * endpoint's removal come after its delete-role record, and name it.
   */
  find(proc: number, meta: boolean, name: string): number | undefined {
    return this.current.get(EndpointTable.key(proc, meta, name));
  }

  end(k: number, at: number, reason: Term | null): void {
    if (!this.lives.isOpen(k)) return;
    this.lives.close(k, at);
    if (reason !== null) this.reasons.set(k, reason);
  }
}
