// Installed in the page before the app's scripts (run-browser.ts: addInitScript, as text), so no
// bundler or TypeScript helper ends up in what the browser evaluates.
/* global window, document, requestAnimationFrame, HTMLInputElement, KeyboardEvent */
(() => {
  const B = (window.__bench = { longtasks: [], loafs: [], notes: [] });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) B.longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    B.notes.push('no longtask entries: ' + String(e));
  }
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries())
        B.loafs.push({ start: e.startTime, dur: e.duration, blocking: e.blockingDuration });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) {
    B.notes.push('no long-animation-frame entries: ' + String(e));
  }

  /** Resolves with performance.now() just after the next frame is painted: a task posted from a
   *  requestAnimationFrame callback runs after that frame's style, layout and paint. */
  B.paint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(null);
      }),
    );
  /** Lets deferred renders finish between two measured actions. */
  B.settle = async (ms = 40) => {
    await B.paint();
    await B.paint();
    await new Promise((r) => setTimeout(r, ms));
  };
  B.position = () =>
    Number((document.querySelector('.readout .position strong')?.textContent ?? '-1').replace(/,/g, ''));
  B.length = () => Number(document.querySelector('input[type=range][aria-label="Timeline"]')?.max ?? -1);
  B.readout = () => document.querySelector('.readout')?.textContent ?? '';
  B.button = (label) =>
    [...document.querySelectorAll('button')].find(
      (b) => (b.querySelector('.label')?.textContent ?? b.textContent) === label,
    );
  B.graphSummary = () => document.querySelector('.graph-summary')?.textContent ?? '';

  /** n steps ('forward' | 'key' | 'back'); each timed from the action to the painted frame, which
   *  must show the cursor one record further (or back). */
  B.steps = async (how, n) => {
    const times = [];
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const want = B.position() + (how === 'back' ? -1 : 1);
      const t0 = performance.now();
      if (how === 'key') {
        document.body.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }),
        );
      } else {
        B.button(how === 'back' ? 'Step back' : 'Step forward').click();
      }
      const t1 = await B.paint();
      times.push(t1 - t0);
      if (B.position() !== want) wrong++;
      await B.settle();
    }
    return { times, wrong };
  };

  /** Sets the timeline slider to each value (as a person dragging it does: an input event); each
   *  timed to the painted frame, which must show the cursor there. */
  B.jumps = async (values, settleMs = 40) => {
    const input = document.querySelector('input[type=range][aria-label="Timeline"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const times = [];
    let wrong = 0;
    for (const v of values) {
      const t0 = performance.now();
      setValue.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = await B.paint();
      times.push(t1 - t0);
      if (B.position() !== v) wrong++;
      await B.settle(settleMs);
    }
    return { times, wrong };
  };

  /** Long tasks and long animation frames that started in [from, to]. */
  B.tasks = (from, to) => {
    const inside = (e) => e.start >= from && e.start <= to;
    const lt = B.longtasks.filter(inside);
    const lf = B.loafs.filter(inside);
    return {
      longtasks: lt.length,
      longtask_max_ms: lt.reduce((m, e) => Math.max(m, e.dur), 0),
      longtask_total_ms: lt.reduce((m, e) => m + e.dur, 0),
      loaf: lf.length,
      loaf_max_ms: lf.reduce((m, e) => Math.max(m, e.dur), 0),
      loaf_max_blocking_ms: lf.reduce((m, e) => Math.max(m, e.blocking ?? 0), 0),
    };
  };
})();
