/**
 * A count with its noun, the one way the UI and the view-models write one: "1 box", "2 boxes",
 * "0 records", "1,204 records". `many` is the noun plus "s" unless given (irregular plurals).
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
