/** The stage's label placement: no two shown labels overlap, priorities win, obstacles are kept off. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LABEL_GAP, placeLabels, type Candidate, type Rect } from '../../src/ui/stage/place-labels.ts';

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('placeLabels', () => {
  it('the higher priority wins a contested place; the other takes its next place or is hidden', () => {
    const box = { x: 0, y: 0, w: 50, h: 10 };
    const below = { x: 0, y: 20, w: 50, h: 10 };
    const out = placeLabels(
      [
        { id: 'low', priority: 1, places: [box, below], owner: null, avoid: false },
        { id: 'high', priority: 2, places: [box], owner: null, avoid: false },
        { id: 'lost', priority: 0, places: [box], owner: null, avoid: false },
      ],
      [],
    );
    expect(out.get('high')).toEqual(box);
    expect(out.get('low')).toEqual(below);
    expect(out.has('lost')).toBe(false);
  });

  it('a label that avoids obstacles keeps off other nodes but may lie on its own', () => {
    const node = { x: 0, y: 0, w: 100, h: 100, owner: 'a' };
    const on = { x: 10, y: 10, w: 20, h: 10 };
    const out = placeLabels(
      [
        { id: 'mine', priority: 1, places: [on], owner: 'a', avoid: true },
        { id: 'other', priority: 1, places: [{ ...on, y: 40 }], owner: 'b', avoid: true },
        { id: 'inside', priority: 1, places: [{ ...on, y: 70 }], owner: 'b', avoid: false },
      ],
      [node],
    );
    expect([...out.keys()].sort()).toEqual(['inside', 'mine']);
  });

  it('never shows two overlapping labels (property)', () => {
    const rect = fc.record({
      x: fc.integer({ min: 0, max: 400 }),
      y: fc.integer({ min: 0, max: 300 }),
      w: fc.integer({ min: 1, max: 120 }),
      h: fc.integer({ min: 1, max: 30 }),
    });
    const cand = fc.record({
      priority: fc.integer({ min: 0, max: 5 }),
      places: fc.array(rect, { minLength: 1, maxLength: 3 }),
    });
    const property = fc.property(fc.array(cand, { maxLength: 60 }), (cs) => {
      const candidates: Candidate[] = cs.map((c, i) => ({
        id: String(i),
        owner: null,
        avoid: false,
        ...c,
      }));
      const shown = [...placeLabels(candidates, []).values()];
      for (let i = 0; i < shown.length; i++)
        for (let j = i + 1; j < shown.length; j++) {
          const a = shown[i]!;
          // Kept LABEL_GAP apart: grown by the gap, they still do not overlap.
          expect(
            overlap(
              {
                x: a.x - LABEL_GAP + 0.01,
                y: a.y - LABEL_GAP + 0.01,
                w: a.w + 2 * LABEL_GAP - 0.02,
                h: a.h + 2 * LABEL_GAP - 0.02,
              },
              shown[j]!,
            ),
          ).toBe(false);
        }
    });
    // Pinned: a label within the gap of another, across a cell boundary of the spatial hash.
    fc.assert(property, { seed: -1100134947 });
    fc.assert(property);
  });
});
