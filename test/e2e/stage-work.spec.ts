/**
 * The stage's work per step, counted (issue 12's speed, kept from regressing): a step writes to
 * the DOM only what it changes. A MutationObserver on the stage's SVG counts the mutation records
 * per layer from the click until the step's motions and the camera have come to rest; the tokens'
 * own layer (st-fx: the motions themselves) is not counted. These counts do not depend on the
 * machine's load, unlike the timings of `npm run bench:browser`.
 *
 * Bounds, and why:
 *   - nodes, ports, edges, VM frames: a step that changes no process or endpoint redraws nothing;
 *     it moves the highlight (a class) from the elements of the step before to those of this one —
 *     a few nodes, ports and edges, never every element (before: every node, port and edge's class
 *     was written at each step).
 *   - labels: placed once when the step is drawn and once when the camera's glide ends; during the
 *     glide only the label layer's translation changes (before: every label was re-placed and
 *     rewritten at every frame of the glide).
 */
import { expect, test, type Page } from '@playwright/test';

interface Work {
  /** Mutation records per layer: st-nodes, st-edges, st-vms, st-labels, camera (the viewport's transform). */
  readonly counts: Record<string, number>;
  /** Animation frames in which a label (not only the label layer's translation) changed. */
  readonly labelFrames: number;
  /** Animation frames in which the label layer's translation changed. */
  readonly panFrames: number;
}

/** Starts counting the stage's DOM work; `stop` ends it and gives the counts. */
async function startCounting(page: Page): Promise<void> {
  await page.evaluate(() => {
    const svg = document.querySelector('.st-svg')!;
    const counts: Record<string, number> = {};
    const labelFrames = new Set<number>();
    const panFrames = new Set<number>();
    let frame = 0;
    let on = true;
    const tick = () => {
      frame++;
      if (on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const layerOf = (n: Node): string => {
      const path: Element[] = [];
      for (let e = n.nodeType === 1 ? (n as Element) : n.parentElement; e !== null && e !== svg; e = e.parentElement)
        path.unshift(e);
      const top = path[0];
      if (top === undefined) return 'svg';
      if (!top.classList.contains('st-viewport')) return top.getAttribute('class') ?? 'svg';
      return path.length === 1 ? 'camera' : (path[1]!.getAttribute('class') ?? 'viewport');
    };
    const obs = new MutationObserver((records) => {
      for (const r of records) {
        const layer = layerOf(r.target);
        if (layer === 'st-fx') continue;
        counts[layer] = (counts[layer] ?? 0) + 1;
        const what = `${layer} ${r.type === 'attributes' ? r.attributeName : r.type}`;
        counts[what] = (counts[what] ?? 0) + 1;
        if (layer !== 'st-labels') continue;
        if (r.target === svg.querySelector('.st-labels') && r.attributeName === 'transform') panFrames.add(frame);
        else labelFrames.add(frame);
      }
    });
    obs.observe(svg, { subtree: true, childList: true, attributes: true, characterData: true });
    (window as unknown as { stopCounting: () => Work }).stopCounting = () => {
      on = false;
      obs.disconnect();
      return { counts, labelFrames: labelFrames.size, panFrames: panFrames.size };
    };
  });
}

const stopCounting = (page: Page): Promise<Work> =>
  page.evaluate(() => (window as unknown as { stopCounting: () => Work }).stopCounting());

/** Nothing animates and the camera has stopped (its transform the same over two frames). */
async function atRest(page: Page): Promise<void> {
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-animating', 'false');
  await expect
    .poll(async () => {
      const a = await page.locator('.st-viewport').getAttribute('transform');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return a === (await page.locator('.st-viewport').getAttribute('transform'));
    })
    .toBe(true);
}

async function open(page: Page, query: string, at: number): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-cursor', String(at));
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-layout-state', 'idle');
  await expect(page.locator('.st-node').first()).toBeVisible();
  await atRest(page);
}

/** One step forward from `at`, counted until it has come to rest. */
async function countedStep(page: Page, at: number): Promise<Work> {
  await startCounting(page);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-cursor', String(at + 1));
  await atRest(page);
  return stopCounting(page);
}

const DRAWN = ['st-nodes', 'st-edges', 'st-vms'];
const sum = (w: Work, what: (layer: string) => string) => DRAWN.reduce((n, l) => n + (w.counts[what(l)] ?? 0), 0);
/**
 * Mutations of nodes, ports, edges and VM frames, less what a glide to a new layout writes once per
 * animation frame (transform and style): those depend on how many frames a busy machine paints, the
 * rest is what the step redraws.
 */
const drawn = (w: Work) => sum(w, (l) => l) - sum(w, (l) => `${l} transform`) - sum(w, (l) => `${l} style`);
/** Class changes of nodes, ports, edges and VM frames (the highlight, and redrawn elements). */
const classes = (w: Work) => sum(w, (l) => `${l} class`);

test('a delivery in tcp-echo changes a few classes and places the labels once', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, '?scenario=tcp-echo&step=87', 87);
  const elements = await page.locator('.st-node, .st-port, .st-edge').count();
  // Record 87: the connection manager p4 delivers alice's line to the echo handler p5 (nothing
  // drawn changes but the highlight: p4, p5, the port and the edge between them).
  const w = await countedStep(page, 87);
  expect(elements).toBeGreaterThan(20);
  expect(classes(w)).toBeGreaterThan(0);
  expect(classes(w)).toBeLessThanOrEqual(12);
  expect(drawn(w)).toBe(classes(w));
  expect(w.counts['camera'] ?? 0).toBe(0);
  expect(w.labelFrames).toBeLessThanOrEqual(2);
});

test('stepping through dns-proxy rewrites few elements and re-places labels at most twice a step', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, '?scenario=dns-proxy&step=1500', 1500);
  const elements = await page.locator('.st-node, .st-port, .st-edge').count();
  for (let at = 1500; at < 1510; at++) {
    const w = await countedStep(page, at);
    // The highlight moves from the few elements of the step before to the few of this one.
    expect(classes(w), `step ${at}: ${JSON.stringify(w)}`).toBeLessThanOrEqual(12);
    // What a step changes in the graph (an endpoint, a process) is redrawn; the rest is not.
    expect(drawn(w), `step ${at}: ${JSON.stringify(w)}`).toBeLessThan(elements / 4);
    expect(w.labelFrames, `step ${at}: ${JSON.stringify(w)}`).toBeLessThanOrEqual(2);
  }
  expect(elements).toBeGreaterThan(40);
});
