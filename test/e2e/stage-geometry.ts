/** Geometry the stage specs read in the page: edges crossing node boxes that are not their ends. */
import type { Page } from '@playwright/test';

/**
 * "edge × node" for every drawn edge that passes through the box of a node (a process, a collapsed
 * VM, a driver group) — one that is not its end, or its own ends' (it leaves its ports outwards):
 * the path sampled every 2 units of its length, in screen coordinates, against each box's screen
 * rectangle (1 px inside).
 */
export function edgeCrossings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<SVGGElement>('.st-node')].map((g) => ({
      key: g.getAttribute('data-key'),
      r: g.querySelector('rect.st-box')!.getBoundingClientRect(),
    }));
    const out: string[] = [];
    for (const path of document.querySelectorAll<SVGPathElement>('path.st-edge')) {
      const m = path.getScreenCTM()!;
      const len = path.getTotalLength();
      const pts: { x: number; y: number }[] = [];
      for (let s = 0; s <= len; s += 2) {
        const p = path.getPointAtLength(s);
        pts.push({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });
      }
      for (const b of boxes) {
        const r = b.r;
        if (pts.some((p) => p.x > r.left + 1 && p.x < r.right - 1 && p.y > r.top + 1 && p.y < r.bottom - 1))
          out.push(`${path.getAttribute('data-edge')} × ${b.key}`);
      }
    }
    return out;
  });
}
