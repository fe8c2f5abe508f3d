// Installed in the page before the app's scripts (page.ts: addInitScript, as text), so no
// bundler or TypeScript helper ends up in what the browser evaluates. It works on both the
// current app (engine in a Web Worker) and older builds (--compare): it reads only the DOM.
/* global window, document, requestAnimationFrame, HTMLInputElement, HTMLSelectElement, KeyboardEvent, MutationObserver */
// A block, not a function: its consts stay out of the page's global scope.
{
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
  const slider = () => document.querySelector('input[type=range][aria-label="Timeline"]');
  /** The cursor the readout shows: in the current app the engine's (it changes in the same React
   *  commit as every panel of a frame); in older builds the store's. */
  B.position = () =>
    Number((document.querySelector('.readout .position strong')?.textContent ?? '-1').replace(/,/g, ''));
  B.length = () => Number(slider()?.max ?? -1);
  B.readout = () => document.querySelector('.readout')?.textContent ?? '';
  /** The app has answered (data-ready in the current app; older builds have no such attribute). */
  B.ready = () => {
    const app = document.querySelector('.app');
    return app !== null && (app.dataset.ready === undefined || app.dataset.ready === 'true');
  };
  /** The run is fully explored: its length is known (no "+" after it in the readout). */
  B.explored = () =>
    B.ready() && B.length() > 0 && !(document.querySelector('.readout .position')?.textContent ?? '+').includes('+');
  B.button = (label) =>
    [...document.querySelectorAll('button')].find(
      (b) => (b.querySelector('.label')?.textContent ?? b.textContent) === label,
    );
  B.graphSummary = () => document.querySelector('.graph-summary')?.textContent ?? '';
  /** Sets the Speed select as a person does (a change event). The select shows the speed the
   *  app holds, so it reads `v` only once the app has taken it in: see B.speed. */
  B.setSpeed = (v) => {
    const sel = document.querySelector('.speed select');
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(sel, String(v));
    sel.dispatchEvent(new Event('change', { bubbles: true }));
  };
  B.speed = () => Number(document.querySelector('.speed select')?.value ?? -1);

  /**
   * Resolves once the readout shows record `want` and a frame has been painted after that: the
   * readout is watched (MutationObserver, set up before the action) and, at the change, the next
   * painted frame is awaited. { t: the time, ok: false if it did not show `want` within timeoutMs }.
   */
  B.watch = (want, timeoutMs = 10_000, where = '.readout', position = B.position) => {
    const el = document.querySelector(where);
    let settled = false;
    let obs = null;
    let timer = 0;
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    const finish = (ok) => {
      if (settled) return;
      settled = true;
      obs?.disconnect();
      clearTimeout(timer);
      if (ok) B.paint().then((t) => resolve({ t, ok: true }));
      else resolve({ t: performance.now(), ok: false });
    };
    obs = new MutationObserver(() => {
      if (position() === want) finish(true);
    });
    if (el !== null) obs.observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
    timer = setTimeout(() => finish(position() === want), timeoutMs);
    return { promise, check: () => position() === want && finish(true) };
  };

  /** The record the stage has drawn (its renderer marks its SVG after each update). */
  B.stagePosition = () => Number(document.querySelector('.st-svg')?.getAttribute('data-cursor') ?? -1);

  /** n steps forward, each timed from the click to the painted frame in which the stage has drawn it. */
  B.stageSteps = async (n) => {
    const times = [];
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const want = B.stagePosition() + 1;
      const w = B.watch(want, 10_000, '.st-svg', B.stagePosition);
      const t0 = performance.now();
      B.button('Step forward').click();
      w.check();
      const r = await w.promise;
      times.push(r.t - t0);
      if (!r.ok) wrong++;
      await B.settle();
    }
    return { times, wrong };
  };

  /** The stage's layer that a mutated node belongs to (its `g` under the SVG), or the SVG itself. */
  const stageLayer = (svg, node) => {
    const path = [];
    for (let n = node.nodeType === 1 ? node : node.parentNode; n !== null && n !== svg; n = n.parentNode) path.unshift(n);
    const top = path[0];
    if (top === undefined) return 'svg';
    if (!top.classList.contains('st-viewport')) return top.getAttribute('class') ?? 'svg';
    // Under the pan/zoom viewport: the viewport itself (its transform is the camera) or a layer.
    return path.length === 1 ? 'camera' : (path[1].getAttribute('class') ?? 'viewport');
  };

  /** The stage's DOM work for n steps forward, each counted until its motions are over: mutation
   *  records per stage layer (st-labels, st-nodes, st-edges, st-vms, st-fx, camera) and the
   *  animation frames in which any label or the camera changed. Load does not change these. */
  B.stageWork = async (n) => {
    const svg = document.querySelector('.st-svg');
    const wrap = document.querySelector('.st-wrap');
    const counts = {};
    const kinds = {};
    const frames = { labels: new Set(), camera: new Set() };
    let frame = 0;
    let counting = true;
    const tick = () => {
      frame++;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const obs = new MutationObserver((records) => {
      for (const r of records) {
        const layer = stageLayer(svg, r.target);
        counts[layer] = (counts[layer] ?? 0) + 1;
        const what = `${layer} ${r.type === 'attributes' ? r.attributeName : r.type}`;
        kinds[what] = (kinds[what] ?? 0) + 1;
        if (layer === 'st-labels') frames.labels.add(frame);
        if (layer === 'camera') frames.camera.add(frame);
      }
    });
    obs.observe(svg, { subtree: true, childList: true, characterData: true, attributes: true });
    for (let i = 0; i < n; i++) {
      const want = B.stagePosition() + 1;
      const w = B.watch(want, 10_000, '.st-svg', B.stagePosition);
      B.button('Step forward').click();
      w.check();
      await w.promise;
      while (wrap.dataset.animating === 'true') await B.paint();
      await B.settle(400);
    }
    counting = false;
    obs.disconnect();
    return { steps: n, counts, kinds, label_frames: frames.labels.size, camera_frames: frames.camera.size };
  };

  /** Frames over `ms` that the page missed: a gap of g ms between animation frames misses round(g / 16.7) − 1. */
  B.dropped = (gaps) => gaps.reduce((n, g) => n + Math.max(0, Math.round(g / (1000 / 60)) - 1), 0);

  /** The record the debugger's panels show (they follow the readout at low priority); -1 without panels. */
  B.panelsPosition = () => Number(document.querySelector('.panels')?.getAttribute('data-cursor') ?? -1);

  /** Times `act` to the first painted frame whose readout shows `want`, and (settledMs) to the
   *  first painted frame in which the panels show it too. */
  B.timed = async (want, act, timeoutMs) => {
    const w = B.watch(want, timeoutMs);
    // Builds before the panels were deferred show them with the readout (and have no data-cursor).
    const hasPanels = document.querySelector('.panels[data-cursor]') !== null;
    const p = hasPanels ? B.watch(want, timeoutMs, '.panels', B.panelsPosition) : null;
    const t0 = performance.now();
    act();
    w.check();
    p?.check();
    const r = await w.promise;
    const s = p === null ? r : await p.promise;
    return { ms: r.t - t0, ok: r.ok && s.ok, settledMs: Math.max(r.t, s.t) - t0 };
  };

  /** n steps ('forward' | 'key' | 'back'); each timed from the action to the painted frame that
   *  shows the cursor one record further (or back). */
  B.steps = async (how, n) => {
    const times = [];
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const want = B.position() + (how === 'back' ? -1 : 1);
      const r = await B.timed(want, () => {
        if (how === 'key') {
          document.body.dispatchEvent(
            new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }),
          );
        } else {
          B.button(how === 'back' ? 'Step back' : 'Step forward').click();
        }
      });
      times.push(r.ms);
      if (!r.ok) wrong++;
      await B.settle();
    }
    return { times, wrong };
  };

  /** Sets the timeline slider to each value (as a person dragging it does: an input event); each
   *  timed to the painted frame that shows the cursor there. */
  B.jumps = async (values, settleMs = 40, timeoutMs = 30_000) => {
    const input = slider();
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const times = [];
    const settled = [];
    let wrong = 0;
    for (const v of values) {
      const r = await B.timed(
        v,
        () => {
          setValue.call(input, String(v));
          input.dispatchEvent(new Event('input', { bubbles: true }));
        },
        timeoutMs,
      );
      times.push(r.ms);
      settled.push(r.settledMs);
      if (!r.ok) wrong++;
      await B.settle(settleMs);
    }
    return { times, settled, wrong };
  };

  /** Records the intervals between animation frames for `ms` (how smooth the page stays). */
  B.frames = (ms) =>
    new Promise((resolve) => {
      const gaps = [];
      const start = performance.now();
      let last = start;
      const loop = (t) => {
        gaps.push(t - last);
        last = t;
        if (t - start < ms) requestAnimationFrame(loop);
        else resolve(gaps.slice(1));
      };
      requestAnimationFrame(loop);
    });

  /** Long tasks and long animation frames that started in [from, to]. */
  B.tasks = (from, to) => {
    const inside = (e) => e.start >= from && e.start <= to;
    const lt = B.longtasks.filter(inside);
    const lf = B.loafs.filter(inside);
    return {
      longtasks: lt.length,
      longtask_max_ms: lt.reduce((m, e) => Math.max(m, e.dur), 0),
      longtask_total_ms: lt.reduce((m, e) => m + e.dur, 0),
      longtasks_over_100ms: lt.filter((e) => e.dur > 100).length,
      loaf: lf.length,
      loaf_max_ms: lf.reduce((m, e) => Math.max(m, e.dur), 0),
      loaf_max_blocking_ms: lf.reduce((m, e) => Math.max(m, e.blocking ?? 0), 0),
    };
  };
}
