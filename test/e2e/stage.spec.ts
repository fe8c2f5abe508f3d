/**
 * The stage (issue 12), in the built app: labels readable (≥ 12 px, ≥ 16 px in the presenter view)
 * and never overlapping, the processes acting at the cursor in view, for tcp-echo, dns-proxy (at
 * record 1500 and at its end) and ssh-nested, at 1440×900 and in the presenter view at 1024×768
 * (whose screenshots are kept as artefacts); a delivery moves a token and stepping back takes it
 * away; a collapsed VM expands on a click with its relay ports still attached; reduced motion
 * moves nothing; at 390 px wide nothing overflows sideways.
 */
import { expect, test, type Page } from '@playwright/test';
import { conversationOf } from '../../src/debugger/views/why.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { TestHistory } from '../helpers/history.ts';

interface Stats {
  readonly labels: number;
  readonly minFont: number;
  readonly overlaps: string[];
  readonly actors: string[];
  readonly outside: string[];
}

/** Opens `query` and waits until the stage shows record `at` with its layout done. */
async function open(page: Page, query: string, at: number | null = null): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  const wrap = page.locator('.st-wrap');
  if (at !== null) await expect(wrap).toHaveAttribute('data-cursor', String(at));
  else await expect(page.getByRole('alert').filter({ hasText: 'past the end of this run' })).toBeVisible();
  await settled(page);
}

/** The layout is idle, nothing animates, and the labels have been placed for the view shown. */
async function settled(page: Page): Promise<void> {
  const wrap = page.locator('.st-wrap');
  await expect(wrap).toHaveAttribute('data-layout-state', 'idle');
  await expect(page.locator('.st-node').first()).toBeVisible();
  await expect(wrap).toHaveAttribute('data-animating', 'false');
  // The camera's glide (350 ms at most) has ended when the view's transform stops changing.
  await expect
    .poll(async () => {
      const a = await page.locator('.st-viewport').getAttribute('transform');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const b = await page.locator('.st-viewport').getAttribute('transform');
      return a === b && a !== null;
    })
    .toBe(true);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Label sizes and overlaps, and the acting processes' boxes outside the visible stage. */
async function stats(page: Page): Promise<Stats> {
  await page.locator('.st-wrap').scrollIntoViewIfNeeded();
  return page.evaluate(() => {
    const svg = document.querySelector('.st-svg')!;
    const view = svg.getBoundingClientRect();
    const labels = [...document.querySelectorAll<SVGTextElement>('.st-label')].map((t) => ({
      text: t.textContent ?? '',
      r: t.getBoundingClientRect(),
      font: parseFloat(getComputedStyle(t).fontSize),
    }));
    const overlaps: string[] = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!.r;
        const b = labels[j]!.r;
        if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
          overlaps.push(`${labels[i]!.text} × ${labels[j]!.text}`);
      }
    const actors = (svg.getAttribute('data-actors') ?? '').split(' ').filter(Boolean);
    const outside = actors.filter((key) => {
      const el = svg.querySelector(`[data-key="${CSS.escape(key)}"]`);
      if (el === null) return true;
      const r = el.getBoundingClientRect();
      return (
        r.width === 0 ||
        r.x < view.x - 1 ||
        r.y < view.y - 1 ||
        r.right > view.right + 1 ||
        r.bottom > view.bottom + 1
      );
    });
    return {
      labels: labels.length,
      minFont: Math.min(...labels.map((l) => l.font)),
      overlaps,
      actors,
      outside,
    };
  });
}

/**
 * The position of the first token matching `selector` twice, a few frames apart, sampled in the
 * page as soon as it appears (whether it was still moving at the second sample, too).
 */
function moving(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (sel) =>
      new Promise<string[]>((resolve) => {
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        const at = (c: Element) => `${c.getAttribute('cx')},${c.getAttribute('cy')}`;
        const watch = new MutationObserver(async () => {
          const c = document.querySelector(sel);
          if (c === null) return;
          watch.disconnect();
          await frame();
          const a = at(c);
          for (let i = 0; i < 4; i++) await frame();
          resolve([a, at(c), String(c.classList.contains('st-moving'))]);
        });
        watch.observe(document.querySelector('.st-fx')!, {
          childList: true,
          subtree: true,
          attributes: true,
        });
      }),
    selector,
  );
}

const SCENES = [
  { name: 'tcp-echo', query: '?scenario=tcp-echo&step=88', at: 88 },
  { name: 'dns-proxy-1500', query: '?scenario=dns-proxy&step=1500', at: 1500 },
  { name: 'dns-proxy-end', query: '?scenario=dns-proxy&step=999999', at: null },
  { name: 'ssh-nested', query: '?scenario=ssh-nested&step=600', at: 600 },
] as const;

for (const scene of SCENES) {
  test(`${scene.name}: readable at 1440×900 and in the presenter view at 1024×768`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page, scene.query, scene.at);
    const normal = await stats(page);
    expect(normal.labels).toBeGreaterThan(3);
    expect(normal.minFont).toBeGreaterThanOrEqual(12);
    expect(normal.overlaps).toEqual([]);
    expect(normal.outside).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`${scene.name}-1440.png`) });

    await page.setViewportSize({ width: 1024, height: 768 });
    await open(page, `${scene.query}&presenter=1`, scene.at);
    const stage = await page.getByRole('region', { name: 'Stage' }).boundingBox();
    expect((stage!.width * stage!.height) / (1024 * 768)).toBeGreaterThanOrEqual(0.6);
    const presenter = await stats(page);
    expect(presenter.labels).toBeGreaterThan(3);
    expect(presenter.minFont).toBeGreaterThanOrEqual(16);
    expect(presenter.overlaps).toEqual([]);
    expect(presenter.outside).toEqual([]);
    // The names of the processes acting at the cursor can be read.
    for (const key of presenter.actors)
      await expect(
        page.locator(`.st-lbl[data-label="n:${key}"], .st-lbl[data-label="v:${key}"]`),
      ).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath(`${scene.name}-presenter-1024.png`) });
  });
}

test('a delivery moves a token from sender to receiver; stepping back takes it back', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, '?scenario=tcp-echo&step=87', 87);
  const wrap = page.locator('.st-wrap');
  const samples = moving(page, '.st-token.st-moving[data-index="87"][data-dir="forward"]');
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  // Record 87: the connection manager p4 delivers alice's line to the echo handler p5.
  await expect(wrap).toHaveAttribute('data-cursor', '88');
  await expect(page.locator('.st-caption')).toContainText('connection-handler echoer');
  const [a, b, going] = await samples;
  expect(going).toBe('true');
  expect(b).not.toBe(a);
  const token = page.locator('.st-token[data-index="87"][data-dir="forward"]');
  await expect(wrap).toHaveAttribute('data-animating', 'false');
  // It came to rest on the receiving port.
  const port = await page.locator('[data-port="5#echoer"]').boundingBox();
  const rest = await token.boundingBox();
  expect(Math.abs(rest!.x + rest!.width / 2 - (port!.x + port!.width / 2))).toBeLessThan(6);
  expect(Math.abs(rest!.y + rest!.height / 2 - (port!.y + port!.height / 2))).toBeLessThan(6);

  const back = moving(page, '.st-token.st-moving[data-index="87"][data-dir="back"]');
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect(wrap).toHaveAttribute('data-cursor', '87');
  await expect(token).toHaveCount(0);
  const [c, d, returning] = await back;
  expect(returning).toBe('true');
  expect(d).not.toBe(c);
  await expect(wrap).toHaveAttribute('data-animating', 'false');
  await expect(page.locator('.st-token')).toHaveCount(0);
});

test('a spawned process grows out of its parent', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // tcp-echo's record #59: "ground p5 boot connection-handler parent 2" (the listener spawns alice's handler).
  await open(page, '?scenario=tcp-echo&step=58', 58);
  const parent = await page.locator('.st-node[data-key="2"]').getAttribute('transform');
  // The transform the new node is inserted with, before it glides to its place.
  const born = page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const obs = new MutationObserver(() => {
          const el = document.querySelector('.st-node[data-key="5"]');
          if (el === null) return;
          obs.disconnect();
          resolve(el.getAttribute('transform'));
        });
        obs.observe(document.querySelector('.st-svg')!, { childList: true, subtree: true });
      }),
  );
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  const start = await born;
  const node = page.locator('.st-node[data-key="5"]');
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-animating', 'false');
  const end = await node.getAttribute('transform');
  const xy = (t: string | null) =>
    (t?.match(/translate\(([-\d.]+),\s*([-\d.]+)\)/) ?? []).slice(1).map(Number);
  expect(start).toMatch(/scale\(0\.05\)/);
  expect(end).not.toMatch(/scale\(0\.05\)/);
  // It starts inside the parent's box (right of and below its corner) and ends somewhere else.
  const [px, py] = xy(parent);
  const [sx, sy] = xy(start);
  const parentBox = await page
    .locator('.st-node[data-key="2"] rect.st-box')
    .evaluate((r: SVGRectElement) => ({
      width: r.width.baseVal.value,
      height: r.height.baseVal.value,
    }));
  expect(sx! - px!).toBeGreaterThan(0);
  expect(sx! - px!).toBeLessThan(parentBox.width);
  expect(sy! - py!).toBeGreaterThan(0);
  expect(sy! - py!).toBeLessThan(parentBox.height);
  expect(xy(end)).not.toEqual([sx, sy]);
});

test('driver machinery behind one node, or every driver process shown', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // tcp-echo at 88: the tcp driver p1 has spawned the port's listener p3, which spawned alice's connection p4.
  await open(page, '?scenario=tcp-echo&step=88', 88);
  const node = (key: string) => page.locator(`.st-node[data-key="${key}"]`);
  const group = page.getByRole('checkbox', { name: 'Group drivers' });
  await group.check();
  await expect(node('1')).toHaveAttribute('data-kind', 'drivers');
  await expect(node('3')).toHaveCount(0);
  await expect(node('4')).toHaveCount(0);
  await group.uncheck();
  await expect(node('3')).toHaveAttribute('data-kind', 'process');
  await expect(node('4')).toHaveAttribute('data-kind', 'process');
  await expect(node('1')).toHaveAttribute('data-kind', 'process');
});

test('focus on this conversation fades what is not in it', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // dns-proxy at 1500: the record before the cursor is network-query p18 (in the proxy's VM, ground/9)
  // asserting its query-id subscriber; its conversation is one query's, computed here in Node.
  const history = new TestHistory(startScenario(findScenario('dns-proxy')!)).growAll(20_000);
  const records = history.records;
  const inConversation = new Set(
    [...conversationOf(records, 1499, (id) => history.indexOfId(id), 1500)].flatMap((i) => {
      const r = records[i]!;
      return r.pid === null ? [] : [[...r.vm, r.pid].join('/')];
    }),
  );
  await open(page, '?scenario=dns-proxy&step=1500', 1500);
  await expect(page.locator('.st-node.st-faded')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Focus on this conversation' }).check();
  await expect(page.locator('.st-node[data-key="9/18"]')).not.toHaveClass(/st-faded/);
  await expect(page.locator('.st-node.st-faded').first()).toBeVisible();
  const faded = await page
    .locator('.st-node.st-faded')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  // What is faded is outside the conversation (a group or a collapsed VM stands for several).
  expect(faded.filter((k) => k !== null && inConversation.has(k))).toEqual([]);
  await page.getByRole('checkbox', { name: 'Focus on this conversation' }).uncheck();
  await expect(page.locator('.st-node.st-faded')).toHaveCount(0);
});

test('reduced motion: nothing travels, the step is still shown', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, '?scenario=tcp-echo&step=87', 87);
  const wrap = page.locator('.st-wrap');
  await expect(wrap).toHaveAttribute('data-motion', 'off');
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(wrap).toHaveAttribute('data-cursor', '88');
  const token = page.locator('.st-token[data-index="87"]');
  await expect(token).toHaveCount(1);
  await expect(wrap).toHaveAttribute('data-animating', 'false');
  // Already where it ends: on the receiving port, and it stays there.
  const port = await page.locator('[data-port="5#echoer"]').boundingBox();
  const at = await token.boundingBox();
  expect(Math.abs(at!.x + at!.width / 2 - (port!.x + port!.width / 2))).toBeLessThan(6);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await token.boundingBox()).toEqual(at);
  await expect(page.locator('.st-node[data-key="5"]')).toHaveClass(/st-now/);
});

test('a collapsed VM expands on a click, its relay ports attached to their edges either way', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, '?scenario=nested-pool&step=70', 70);
  const attached = async () => {
    const port = await page.locator('[data-key="3"] [data-port="3#2/jobs"]').boundingBox();
    const end = await page
      .locator('path.st-edge[data-edge="2#ask→3#2/jobs"]')
      .evaluate((p: SVGPathElement) => {
        const pt = p.getPointAtLength(p.getTotalLength());
        const m = p.getScreenCTM()!;
        return { x: pt.x * m.a + m.e, y: pt.y * m.d + m.f };
      });
    expect(Math.abs(end.x - (port!.x + port!.width / 2))).toBeLessThan(6);
    expect(Math.abs(end.y - (port!.y + port!.height / 2))).toBeLessThan(6);
  };
  const collapsed = page.locator('.st-node[data-key="3"][data-kind="collapsed-vm"]');
  const expanded = page.locator('.st-vm[data-key="3"]');
  if ((await collapsed.count()) === 0) {
    await expanded.locator('rect.st-vm-head').click();
    await expect(collapsed).toHaveCount(1);
    await settled(page);
  }
  await attached();
  await expect(page.locator('.st-node[data-key="3/2"]')).toHaveCount(0);
  await page.getByRole('button', { name: /^Expand VM p3 pool/ }).click();
  await expect(expanded).toHaveCount(1);
  await settled(page);
  await expect(page.locator('.st-node[data-key="3/2"]')).toHaveCount(1);
  await attached();
});

test('390 px wide: the presenter view does not overflow sideways, the stage above the controls', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '?scenario=tcp-echo&step=88&presenter=1', 88);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const stage = await page.getByRole('region', { name: 'Stage' }).boundingBox();
  const transport = await page.getByRole('toolbar', { name: 'Transport' }).boundingBox();
  expect(stage!.x + stage!.width).toBeLessThanOrEqual(390);
  expect(stage!.y + stage!.height).toBeLessThanOrEqual(transport!.y);
  await page.screenshot({ path: testInfo.outputPath('tcp-echo-presenter-390.png'), fullPage: true });
  // The ordinary view's stage fits too (the rest of the page at this width is issue 19's).
  await open(page, '?scenario=tcp-echo&step=88', 88);
  const normal = await page.getByRole('region', { name: 'Stage' }).boundingBox();
  expect(normal!.x + normal!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('tcp-echo-390.png'), fullPage: true });
});
