// Minimal repro of the kernel's hottest cost on Node 20 (V8 11.3): object spread.
//   node bench/repro/object-spread.mjs
// (1) deliver.ts builds every trace record body as { ...base, outcome, state, actions, reason }
//     with `base` a fresh literal: spread of a fresh literal + new properties -> ~5 µs each,
//     paid on every delivery even with trace off (the body is built before emit looks at the sink).
// (2) vm.ts/ground.ts/scheduler.ts update records as { ...vm, processes }, { ...p, state },
//     { ...g, vm, nextRecordId, steps } on objects that were themselves made by spread: ~0.3–0.7 µs
//     each, 5–13x an explicit literal, several times per delivery.
const ev = { type: 'message', role: {}, message: ['ping', 1] };
let keep = 0;
function t(name, f, n = 1e6) {
  f(0);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) keep += f(i) ? 1 : 0;
  console.log(name.padEnd(58), ((performance.now() - t0) * 1000 / n).toFixed(3), 'µs/op');
}
t('(1) { ...freshBase, outcome, state, actions, reason }', (i) => {
  const base = { kind: 'deliver', endpoint: 'in', event: ev };
  return { ...base, outcome: 'ok', state: i, actions: [], reason: null };
});
t('(1) same, one literal', (i) => ({ kind: 'deliver', endpoint: 'in', event: ev, outcome: 'ok', state: i, actions: [], reason: null }));
let g = { vm: {}, nextRecordId: 1, steps: 0, options: {} };
t('(2) g = { ...g, vm, nextRecordId, steps }  (chained)', (i) => (g = { ...g, vm: i, nextRecordId: i, steps: g.steps + 1 }));
let h = { vm: {}, nextRecordId: 1, steps: 0, options: {} };
t('(2) same, explicit literal', (i) => (h = { vm: i, nextRecordId: i, steps: h.steps + 1, options: h.options }));
if (keep < 0) console.log(keep); // keeps the results observable
