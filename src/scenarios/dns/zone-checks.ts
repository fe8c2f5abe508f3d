/**
 * A zone's records checked as a whole, as BIND's named-checkzone checks them (RFC 1034 §4.2,
 * RFC 2181 §10.3, RFC 4592). Refused, at the file and line of the record at fault:
 *   no SOA, a second SOA, no NS at the apex          (the SOA's owner is the zone's origin)
 *   a record outside the origin                      (BIND: "ignoring out-of-zone data")
 *   a CNAME beside other data at one name            (at the later of the two)
 *   an NS whose target in the zone is a CNAME        (BIND: "is a CNAME (illegal)")
 *   a delegation to a name at or below itself without an address record for it
 *                                                    (BIND: "has no REQUIRED GLUE")
 * Loaded with a warning (named-checkzone reports these and loads the zone):
 *   an address record below a delegation that no NS of the zone names (unreferenced glue)
 *   other data below a delegation (occluded: never served)
 *   an NS whose in-zone target, not below a delegation, has no address record
 * Address records below one delegation that an NS of *another* delegation names are glue too
 * (sibling glue, as in the real root zone). An NS target outside the zone, or below a delegation
 * and without an address, is glueless: the resolver finds its address first. Each check is linear
 * in the number of records (ancestors per record: at most the name's 127 labels).
 */
import { soaOf, type Rr } from './message.ts';
import { ancestry, isAtOrBelow } from './names.ts';
import type { Zone, ZoneRecord } from './master.ts';

export interface WorldProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export class WorldError extends Error {
  constructor(readonly problem: WorldProblem) {
    super(`${problem.file}:${problem.line}: ${problem.message}`);
  }
}

const fail = (r: { readonly file: string; readonly line: number }, message: string): never => {
  throw new WorldError({ file: r.file, line: r.line, message });
};

const isAddress = (r: Rr): boolean => r.type === 'A' || r.type === 'AAAA';

/** The records of each owner name. */
function byOwner(records: readonly ZoneRecord[]): Map<string, ZoneRecord[]> {
  const out = new Map<string, ZoneRecord[]>();
  for (const r of records) {
    const rs = out.get(r.name);
    if (rs === undefined) out.set(r.name, [r]);
    else rs.push(r);
  }
  return out;
}

/** The deepest delegation (an NS owner other than the apex) strictly above `name`, or at it for non-NS data. */
function cutAbove(r: ZoneRecord, origin: string, cuts: ReadonlySet<string>): string | null {
  for (const n of ancestry(r.name)) {
    if (n === origin) return null;
    if (cuts.has(n) && !(n === r.name && r.type === 'NS')) return n;
  }
  return null;
}

/** Delegations: glue where required, NS targets that are not CNAMEs; data below cuts only warned about. */
function checkCuts(origin: string, records: readonly ZoneRecord[], owners: Map<string, ZoneRecord[]>, warn: (r: ZoneRecord, m: string) => void): void {
  const ns = records.filter((r) => r.type === 'NS');
  const cuts = new Set(ns.filter((r) => r.name !== origin).map((r) => r.name));
  const referenced = new Set(ns.map((r) => String(r.data)));
  const hasAddress = (n: string): boolean => (owners.get(n) ?? []).some(isAddress);
  for (const r of ns) {
    const t = String(r.data);
    if (!isAtOrBelow(t, origin)) continue;
    if ((owners.get(t) ?? []).some((x) => x.type === 'CNAME')) fail(r, `${r.name} NS ${t}: the name server is a CNAME (RFC 2181 §10.3)`);
    if (hasAddress(t)) continue;
    if (r.name !== origin && isAtOrBelow(t, r.name)) fail(r, `the delegation of ${r.name} to ${t} needs glue (an A or AAAA record for ${t})`);
    if (cutAbove({ ...r, name: t, type: 'A' }, origin, cuts) === null) warn(r, `${r.name} NS ${t}: ${t} has no address record (A or AAAA)`);
  }
  for (const r of records) {
    const cut = cutAbove(r, origin, cuts);
    if (cut === null) continue;
    if (!isAddress(r)) warn(r, `${r.name} ${r.type} is below the delegation of ${cut}: it is never served (occluded)`);
    else if (!referenced.has(r.name)) warn(r, `${r.name} ${r.type} is glue below the delegation of ${cut} that no NS record names`);
  }
}

/** The zone these records make (with the warnings reading them gave), checked; throws WorldError at the file and line at fault. */
export function checkZone(file: string, records: readonly ZoneRecord[], read: readonly WorldProblem[] = []): Zone {
  const soas = records.filter((r) => r.type === 'SOA');
  if (soas.length === 0) fail({ file, line: 1 }, 'the zone has no SOA record');
  if (soas.length > 1) fail(soas[1]!, 'a second SOA record (a zone has exactly one)');
  const soaRecord = soas[0]!;
  const origin = soaRecord.name;
  const soa = soaOf(soaRecord.data)!;
  if (!records.some((r) => r.type === 'NS' && r.name === origin)) fail(soaRecord, `the zone ${origin} has no NS record at its apex`);
  for (const r of records) if (!isAtOrBelow(r.name, origin)) fail(r, `${r.name} is outside the zone ${origin}`);
  const owners = byOwner(records);
  for (const [name, rs] of owners) {
    const cname = rs.find((r) => r.type === 'CNAME');
    const other = rs.find((r) => r !== cname);
    if (cname !== undefined && other !== undefined) fail(cname.line > other.line ? cname : other, `${name} has a CNAME and other data`);
  }
  const warnings: WorldProblem[] = [...read];
  checkCuts(origin, records, owners, (r, message) => warnings.push({ file: r.file, line: r.line, message }));
  return { origin, file, soa, soaRecord, records, warnings };
}

