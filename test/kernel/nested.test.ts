/** Nested VMs: an at-meta-level spawn resumes the inner process with the container's pid (spec §4.2). */
import { describe, expect, it } from 'vitest';
import { pid, type VM } from '../../src/kernel/index.ts';
import { line } from './helpers.ts';
import { PROGRAMS } from './nested-programs.ts';

const metaSpawn = PROGRAMS.find((p) => p.id === 'meta-spawn')!.run();

describe('at-meta-level spawn', () => {
  it('creates a sibling of the VM and resumes the inner process with the sibling\'s pid', () => {
    const vm = metaSpawn.ground.vm.processes.get(pid(2))!;
    expect(vm.isVm).toBe(true);
    const c = (vm.state as VM).processes.get(pid(1))!;
    // Ground: p0 boot, p1 watcher, p2 the VM; the VM's spawns are p3 (sib-a), p4, p5 (vm2), p6, p7.
    expect(c.state).toEqual({ a: 3, vm2: 5, last: { struct: 'hello', fields: ['from-outside'] } });
    expect(c.spawnKs.size).toBe(0);
  });

  it('records the continuation inside the VM, caused by the container\'s spawn action', () => {
    const rs = metaSpawn.records;
    const spawnA = rs.find((r) => r.kind === 'action' && r.vm.length === 0 && line(r) === 'ground p2 action spawn sib-a')!;
    const k = rs.filter((r) => r.kind === 'continuation' && r.cause === spawnA.id).map(line);
    expect(k).toEqual(['ground/2 p1 continuation spawn => ok [at-meta-level send-message hello(3)]']);
  });

  it('drops the continuation of a process that quit before its spawn happened, and contains a crashing one', () => {
    const lines = metaSpawn.records.map(line);
    const afterD = lines.slice(lines.indexOf('ground p2 action spawn sib-d'));
    expect(afterD[1]).toBe('ground p6 boot sib-d parent 2 => ok [add-role out pub hello(?0); send-message hello("d")]');
    expect(afterD[2]).toBe('ground p2 action spawn sib-e');
    expect(lines).toContain('ground/2 p3 continuation spawn => crashed exn("Error", "k fails")');
    expect(lines).toContain('ground/2 p3 quit exn("Error", "k fails")');
  });
});
