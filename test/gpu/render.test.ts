/**
 * The drawing layer against pixels read back from the canvas: the heatmap
 * against its Float64 twin (log scaling and viridis), runs drawn from a
 * buffer of `struct Run`, trails with NaN points, and the basin map with y
 * up. Frames are drawn into an OffscreenCanvas and copied out in the same
 * submit (see src/render/canvas.ts).
 */
import { describe, expect, test } from 'vitest';
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';
import layoutWgsl from '../../shaders/kernels/layout.wgsl?raw';
import { LANDSCAPES } from '../../src/objectives';
import type { Bounds, Landscape } from '../../src/objectives/landscape';
import { himmelblau } from '../../src/objectives/himmelblau';
import { rosenbrock } from '../../src/objectives/rosenbrock';
import { sixHumpCamel } from '../../src/objectives/six-hump-camel';
import {
  basinColors,
  BasinMapView,
  heatmapColor,
  LandscapeView,
  lossToUnit,
  measureFrames,
  parseHex,
  viridis,
  type BasinClasses,
  type LandscapeViewOptions,
  type Pixels,
  type Rgb,
} from '../../src/render';
import { defaultsOf } from '../../src/spec/params';
import { pcg4d } from '../../src/util/random';
import { expectClose, useGpu } from './harness';

const gpu = useGpu();

const BOX: Bounds = [
  [-5, 5],
  [-5, 5],
];

function makeView(
  width: number,
  height: number,
  options: LandscapeViewOptions = {},
): LandscapeView {
  const canvas = new OffscreenCanvas(width, height);
  return new LandscapeView(gpu().device, canvas, undefined, options);
}

/** RGB of pixel (x, y), x from the left, y from the top, in [0, 255]. */
function rgbAt(p: Pixels, x: number, y: number): [number, number, number] {
  const i = 4 * (y * p.width + x);
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
}

const to255 = (c: Rgb): number[] => c.map((v) => v * 255);

/** The pixel (column, row from the top) whose square holds a world point. */
function pixelOf(view: LandscapeView, x: number, y: number): [number, number] {
  const c = view.worldToCanvas(x, y);
  return [Math.floor(c.x), Math.floor(c.y)];
}

/** A storage buffer holding `struct Run` values, laid out by webgpu-utils. */
function runBuffer(
  runs: { x: number; y: number; divergedAt?: number }[],
): GPUBuffer {
  const run = makeShaderDataDefinitions(layoutWgsl).structs.Run!;
  const data = new ArrayBuffer(Math.max(1, runs.length) * run.size);
  runs.forEach((r, i) => {
    makeStructuredView(run, data, i * run.size).set({
      pos: [r.x, r.y],
      loss: 0,
      diverged_at: r.divergedAt ?? 0,
      unconverged_at: 0,
    });
  });
  const buffer = gpu().device.createBuffer({
    label: 'render.test.runs',
    size: data.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  gpu().device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

function storageOf(data: Float32Array | Uint32Array, label: string) {
  const buffer = gpu().device.createBuffer({
    label,
    size: Math.max(16, data.byteLength),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  gpu().device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

/** Pixels that differ between two frames, as [x, y]. */
function changed(a: Pixels, b: Pixels): [number, number][] {
  const out: [number, number][] = [];
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const p = rgbAt(a, x, y);
      const q = rgbAt(b, x, y);
      if (p.some((v, c) => v !== q[c])) out.push([x, y]);
    }
  }
  return out;
}

// Exact colours: 8-bit output of an exact input is off by at most one
// step (WebGPU lets the float-to-unorm conversion round either way).
const EXACT = { atol: 1, rtol: 0 };

describe('LandscapeView heatmap', () => {
  test('Himmelblau: minimum viridis(0), corner viridis(1)', async () => {
    const view = makeView(128, 128, { criticalPoints: false });
    await view.setLandscape(himmelblau, {}, BOX);
    const pixels = await view.readPixels();
    const s = view.lossScale!;

    // The centre of the pixel holding the minimum (3, 2) lies within 0.06
    // of it, where the loss is below 0.2: far under the 1st percentile of
    // the sampled log loss, so t clamps to 0 (checked here, Float64).
    const [mx, my] = pixelOf(view, 3, 2);
    const mc = view.canvasToWorld(mx + 0.5, my + 0.5);
    expect(
      lossToUnit(himmelblau.valueGrad(mc.x, mc.y, {}).value, s),
    ).toBeLessThan(0);
    expectClose(rgbAt(pixels, mx, my), [68, 1, 84], EXACT, 'minimum pixel');

    // The top-right pixel, centre (4.96, 4.96), loss 850: above the 99th
    // percentile (t > 1, checked), so it is viridis's last entry.
    const cc = view.canvasToWorld(127.5, 0.5);
    const fc = himmelblau.valueGrad(cc.x, cc.y, {}).value;
    expect(lossToUnit(fc, s)).toBeGreaterThan(1);
    expectClose(rgbAt(pixels, 127, 0), [253, 231, 37], EXACT, 'corner pixel');
    view.destroy();
  });

  // Polynomial landscapes only: their f32 values are good to about 1e-6 of
  // the largest term (test/gpu/tolerances.ts), which moves t by far less
  // than one colour step; sin and cos of WGSL (absolute error 2^-11) would
  // move it by several near a minimum.
  test.each([
    ['himmelblau', himmelblau, BOX],
    ['rosenbrock', rosenbrock, null],
    ['six-hump-camel', sixHumpCamel, null],
  ] as const)(
    '%s: pixels match the Float64 colour mapping (log scale + viridis)',
    async (_id, l: Landscape, box: Bounds | null) => {
      // odd sizes, not square, so rows and columns cannot be swapped
      const width = 161;
      const height = 101;
      const params = defaultsOf(l.params);
      const bounds = box ?? l.bounds(params);
      const view = makeView(width, height, { criticalPoints: false });
      await view.setLandscape(l, params, bounds);
      const pixels = await view.readPixels();
      const s = view.lossScale!;

      // Float64 reference at every pixel centre, and at two rings of
      // centres beyond the edges (a line just outside touches the border)
      const m = 2;
      const gw = width + 2 * m;
      const f = new Float64Array(gw * (height + 2 * m));
      const v = f.map((_, i) => {
        const w = view.canvasToWorld(
          (i % gw) - m + 0.5,
          Math.floor(i / gw) - m + 0.5,
        );
        f[i] = l.valueGrad(w.x, w.y, params).value;
        return lossToUnit(f[i]!, s) * s.levels;
      });
      const at = (a: Float64Array, x: number, y: number) =>
        a[(y + m) * gw + x + m]!;

      // Contour lines cover pixels within 1.125 px (half their width plus
      // half a pixel of fade) of a level, the distance taken as |v - k| /
      // fwidth(v). A pixel is excluded when, with margin, that could hold:
      // |v - k| <= 2 (gx + gy), gx and gy the largest differences of v
      // between neighbouring centres around it (fwidth's coarse estimate),
      // or a level k lies within the range of v over a 5 x 5 window.
      const nearLine = (x: number, y: number) => {
        let lo = Infinity;
        let hi = -Infinity;
        let gx = 0;
        let gy = 0;
        for (let dy = -m; dy <= m; dy++) {
          for (let dx = -m; dx <= m; dx++) {
            const c = at(v, x + dx, y + dy);
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
            if (Math.abs(dx) <= 1 && Math.abs(dy) <= 1) {
              gx = Math.max(gx, Math.abs(at(v, x + dx + 1, y + dy) - c));
              gy = Math.max(gy, Math.abs(at(v, x + dx, y + dy + 1) - c));
            }
          }
        }
        const c = at(v, x, y);
        const k = Math.min(Math.max(Math.round(c), 1), s.levels - 1);
        if (Math.abs(c - k) <= 2 * (gx + gy)) return true;
        const above = Math.max(Math.ceil(lo), 1);
        return above <= Math.min(hi, s.levels - 1);
      };

      const actual: number[] = [];
      const expected: number[] = [];
      const names: string[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (nearLine(x, y)) continue;
          const want = to255(heatmapColor(at(f, x, y), s));
          const got = rgbAt(pixels, x, y);
          for (let c = 0; c < 3; c++) {
            actual.push(got[c]!);
            expected.push(want[c]!);
            names.push(`(${x}, ${y}) ${'rgb'[c]}`);
          }
        }
      }
      // enough pixels away from lines for the check to mean something
      expect(actual.length / 3).toBeGreaterThan(0.15 * width * height);
      // The reference is not rounded: 0.5 of a step is the 8-bit rounding
      // (the largest error seen on SwiftShader is 0.50); the other 0.5
      // allows a conversion that rounds the other way (WebGPU permits it)
      // and the f32 evaluation, which moves t by under 1e-5 here.
      expectClose(
        actual,
        expected,
        { atol: 1, rtol: 0 },
        l.id,
        (i) => names[i]!,
      );
      view.destroy();
    },
  );

  test.each(LANDSCAPES.map((l) => [l.id, l] as const))(
    '%s: the heatmap composes with the landscape module and draws',
    async (_id, l) => {
      const view = makeView(24, 16);
      const params = defaultsOf(l.params);
      await view.setLandscape(l, params, l.bounds(params));
      const pixels = await view.readPixels();
      // not one flat colour: the loss varies over the bounds
      const colors = new Set<string>();
      for (let y = 0; y < 16; y++) {
        for (let x = 0; x < 24; x++) colors.add(rgbAt(pixels, x, y).join());
      }
      expect(colors.size).toBeGreaterThan(10);
      view.destroy();
    },
  );

  test('a resized canvas gets a heatmap of its new size', async () => {
    const canvas = new OffscreenCanvas(32, 32);
    const view = new LandscapeView(gpu().device, canvas, undefined, {
      criticalPoints: false,
    });
    await view.setLandscape(himmelblau, {}, BOX);
    view.draw();
    canvas.width = 48;
    canvas.height = 20;
    const pixels = await view.readPixels();
    expect([pixels.width, pixels.height]).toEqual([48, 20]);
    // the top-right corner is still the top of the map
    expectClose(rgbAt(pixels, 47, 0), [253, 231, 37], EXACT, 'corner pixel');
    view.destroy();
  });

  test('colorbar: viridis stops, levels between min and max', async () => {
    const view = makeView(32, 32);
    expect(view.colorbar()).toBeNull();
    await view.setLandscape(himmelblau, {}, BOX);
    const bar = view.colorbar()!;
    expect(bar.log).toBe(true);
    expect(bar.stops[0]).toBe('#440154');
    expect(bar.stops.at(-1)).toBe('#fde725');
    expect(bar.min).toBeLessThan(bar.max);
    expect(bar.levels).toHaveLength(11);
    for (const level of bar.levels) {
      expect(level).toBeGreaterThan(bar.min);
      expect(level).toBeLessThan(bar.max);
    }
    expect(bar.min - bar.offset).toBeGreaterThan(0);
    view.destroy();
  });
});

describe('LandscapeView overlays', () => {
  // No landscape: the points are drawn over the plain background.
  const BG: Rgb = [0, 0, 0];
  const RED: Rgb = [1, 0, 0];
  const BLUE: Rgb = [0, 0, 1];
  const VIEW: Bounds = [
    [-4, 4],
    [-4, 4],
  ];

  async function overlayView(options: LandscapeViewOptions = {}) {
    const view = makeView(64, 48, { background: BG, ...options });
    // a flat landscape would do; the view only needs its bounds here
    view.setView(VIEW);
    return view;
  }

  test('struct Run points hit their pixels; diverged grey', async () => {
    const view = await overlayView({ pointSize: 3 });
    const live = { x: 1.3, y: -2.1 };
    const dead = { x: -3.1, y: 3.2, divergedAt: 5 };
    const other = { x: 2.5, y: 2.5 };
    const a = runBuffer([live, dead]);
    const b = runBuffer([other]);
    view.setRunSources([
      {
        kind: 'gpu',
        chunks: [
          { buffer: a, runOffset: 0, runCount: 2 },
          { buffer: b, runOffset: 2, runCount: 1 },
        ],
        color: RED,
      },
    ]);
    let pixels = await view.readPixels();
    const at = (p: { x: number; y: number }) =>
      rgbAt(pixels, ...pixelOf(view, p.x, p.y));
    expectClose(at(live), [255, 0, 0], EXACT, 'live run');
    expectClose(at(other), [255, 0, 0], EXACT, 'run of the second chunk');
    expectClose(at(dead), to255([0.62, 0.62, 0.62]), EXACT, 'diverged run');
    // a 3 px square covers 9 pixel centres, or 12 or 16 on ties
    const lit = changed(pixels, await (await overlayView()).readPixels());
    expect(lit.length).toBeGreaterThanOrEqual(27);
    expect(lit.length).toBeLessThanOrEqual(48);

    view.setOptions({ divergedColor: null });
    pixels = await view.readPixels();
    expectClose(at(dead), [0, 0, 0], EXACT, 'hidden diverged run');
    expectClose(at(live), [255, 0, 0], EXACT, 'live run, diverged hidden');

    // every 2nd run by global index: runs 0 and 2 drawn, run 1 not
    view.setOptions({ divergedColor: [0, 1, 0] });
    view.setRunSources([
      {
        kind: 'gpu',
        chunks: [
          { buffer: a, runOffset: 0, runCount: 2 },
          { buffer: b, runOffset: 2, runCount: 1 },
        ],
        color: RED,
        maxPoints: 2,
      },
    ]);
    pixels = await view.readPixels();
    expectClose(at(live), [255, 0, 0], EXACT, 'subsample: run 0');
    expectClose(at(dead), [0, 0, 0], EXACT, 'subsample: run 1 skipped');
    expectClose(at(other), [255, 0, 0], EXACT, 'subsample: run 2');
    view.destroy();
    a.destroy();
    b.destroy();
  });

  test('CPU positions are drawn; NaN positions are skipped', async () => {
    const view = await overlayView({ pointSize: 2 });
    const positions = new Float32Array([-1.5, 0.5, NaN, NaN, 3, -3]);
    view.setRunSources([{ kind: 'cpu', positions, color: BLUE }]);
    const pixels = await view.readPixels();
    expectClose(
      rgbAt(pixels, ...pixelOf(view, -1.5, 0.5)),
      [0, 0, 255],
      EXACT,
      'first position',
    );
    expectClose(
      rgbAt(pixels, ...pixelOf(view, 3, -3)),
      [0, 0, 255],
      EXACT,
      'third position',
    );
    // a 2 px square covers 4 pixel centres (up to 9 on ties); NaN adds none
    const lit = changed(pixels, await (await overlayView()).readPixels());
    expect(lit.length).toBeGreaterThanOrEqual(8);
    expect(lit.length).toBeLessThanOrEqual(18);
    view.destroy();
  });

  test.each(['gpu', 'cpu'] as const)(
    'trails (%s buffer): segments touching NaN points are skipped',
    async (kind) => {
      const stride = 5;
      // path 0 reaches (-1, -3), then NaN; (3, 3) after the NaN and
      // everything past stepsDone must not be drawn; path 1 never moved
      const n = NaN;
      const points = new Float32Array([
        ...[-3, -3, -1, -3, n, n, 3, 3, 2, 2],
        ...[2, -2, n, n, n, n, n, n, n, n],
      ]);
      const buffer =
        kind === 'gpu' ? storageOf(points, 'render.test.trail') : points;
      const view = await overlayView();
      const blank = await view.readPixels();
      view.setTrails([
        { buffer, count: 2, stride, stepsDone: 3, color: [1, 1, 1] },
      ]);
      const pixels = await view.readPixels();
      const lit = changed(blank, pixels);

      // the segment from (-3, -3) to (-1, -3) is drawn ...
      const [mx, my] = pixelOf(view, -2, -3);
      expect(rgbAt(pixels, mx, my)[0]).toBeGreaterThan(128);
      // ... and nothing else: every changed pixel lies within its quad
      const [x0, y0] = pixelOf(view, -3, -3);
      const [x1] = pixelOf(view, -1, -3);
      const stray = lit.filter(
        ([x, y]) => x < x0 - 3 || x > x1 + 3 || Math.abs(y - y0) > 3,
      );
      expect(stray).toEqual([]);
      const [ox, oy] = pixelOf(view, 0, 0);
      expect(rgbAt(pixels, ox, oy)).toEqual([0, 0, 0]);
      view.destroy();
      if (buffer instanceof GPUBuffer) buffer.destroy();
    },
  );

  test('long trails: decimated to the cap, still span the path', async () => {
    const view = await overlayView({ maxTrailSegments: 10 });
    const blank = await view.readPixels();
    // 101 points from (-3, 0) to (3, 0): 100 segments drawn as 10
    const n = 101;
    const path = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) path.set([-3 + (6 * i) / (n - 1), 0], 2 * i);
    view.setTrails([
      { buffer: path, count: 1, stride: n, stepsDone: n - 1, color: [1, 1, 1] },
    ]);
    const pixels = await view.readPixels();
    for (const x of [-2.9, 0, 2.9]) {
      const [px, py] = pixelOf(view, x, 0);
      const lit = [py - 1, py, py + 1].some((y) => rgbAt(pixels, px, y)[0]);
      expect(lit, `trail at x = ${x}`).toBe(true);
    }
    const [x0] = pixelOf(view, -3, 0);
    const [x1] = pixelOf(view, 3, 0);
    const stray = changed(blank, pixels).filter(
      ([x]) => x < x0 - 3 || x > x1 + 3,
    );
    expect(stray).toEqual([]);
    view.destroy();
  });

  test('a bgra8unorm canvas gets the same colours', async () => {
    const canvas = new OffscreenCanvas(16, 16);
    const view = new LandscapeView(gpu().device, canvas, 'bgra8unorm', {
      background: [0, 0, 0],
      pointSize: 3,
    });
    view.setView(VIEW);
    const positions = new Float32Array([1, 1]);
    view.setRunSources([{ kind: 'cpu', positions, color: RED }]);
    const pixels = await view.readPixels();
    const [px, py] = pixelOf(view, 1, 1);
    expectClose(rgbAt(pixels, px, py), [255, 0, 0], EXACT, 'point');
    expectClose(rgbAt(pixels, 0, 0), [0, 0, 0], EXACT, 'background');
    view.destroy();
  });

  test('highlight: white marker and path on top; null removes', async () => {
    const view = await overlayView();
    const blank = await view.readPixels();
    view.highlight({
      x: 1,
      y: 1,
      path: new Float32Array([-2, -2, 0, -1, 1, 1, NaN, NaN]),
    });
    const pixels = await view.readPixels();
    const white = changed(blank, pixels).filter(([x, y]) =>
      rgbAt(pixels, x, y).every((c) => c > 240),
    );
    expect(white.length).toBeGreaterThan(10);
    const [mx, my] = pixelOf(view, 0, -1);
    expect(rgbAt(pixels, mx, my).every((c) => c > 200)).toBe(true);
    view.highlight(null);
    expect(changed(blank, await view.readPixels())).toEqual([]);
    view.destroy();
  });

  test('worldToCanvas and canvasToWorld are inverse, y up', async () => {
    const view = await overlayView();
    expect(view.worldToCanvas(-4, 4)).toEqual({ x: 0, y: 0 });
    expect(view.worldToCanvas(4, -4)).toEqual({ x: 64, y: 48 });
    const w = view.canvasToWorld(16, 36);
    const c = view.worldToCanvas(w.x, w.y);
    expect(c.x).toBeCloseTo(16, 10);
    expect(c.y).toBeCloseTo(36, 10);
    view.destroy();
  });
});

describe('BasinMapView', () => {
  // 5 x 3 cells of 10 x 10 pixels; chunks split mid-row
  const NX = 5;
  const NY = 3;
  const MINIMA = 3;
  const CLASSES = new Uint32Array([
    ...[0, 1, 2, 3, 4], // iy = 0, the bottom row
    ...[4, 3, 2, 1, 0],
    ...[0, 0, 1, 3, 4], // iy = 2, the top row
  ]);

  test.each(['gpu', 'cpu'] as const)(
    '%s classes: cell (ix, iy) has basinColors()[class], y up',
    async (kind) => {
      const canvas = new OffscreenCanvas(10 * NX, 10 * NY);
      const view = new BasinMapView(gpu().device, canvas);
      const owned: GPUBuffer[] = [];
      let classes: BasinClasses;
      if (kind === 'gpu') {
        owned.push(
          storageOf(CLASSES.slice(0, 7), 'render.test.classes0'),
          storageOf(CLASSES.slice(7), 'render.test.classes1'),
        );
        classes = {
          kind: 'gpu',
          buffers: owned,
          chunks: [
            { runOffset: 0, runCount: 7 },
            { runOffset: 7, runCount: 8 },
          ],
        };
      } else {
        classes = { kind: 'cpu', classes: CLASSES };
      }
      view.set(NX, NY, classes, MINIMA);
      const pixels = await view.readPixels();
      const colors = basinColors(MINIMA).map((c) => to255(parseHex(c)));
      const actual: number[] = [];
      const expected: number[] = [];
      for (let y = 0; y < pixels.height; y++) {
        for (let x = 0; x < pixels.width; x++) {
          const iy = NY - 1 - Math.floor(y / 10);
          const ix = Math.floor(x / 10);
          actual.push(...rgbAt(pixels, x, y));
          expected.push(...colors[CLASSES[iy * NX + ix]!]!);
        }
      }
      expectClose(actual, expected, EXACT, 'basin map', (i) => {
        const p = Math.floor(i / 3);
        return `(${p % pixels.width}, ${Math.floor(p / pixels.width)})`;
      });
      view.destroy();
      for (const b of owned) b.destroy();
    },
  );

  test('basinColors: Okabe-Ito minima, then other and diverged', () => {
    const c = basinColors(9);
    expect(c).toHaveLength(11);
    expect(c[0]).toBe('#e69f00');
    expect(new Set(c).size).toBe(11);
    expect(c.at(-1)).toBe('#000000');
  });
});

describe('frame time (printed, not asserted)', () => {
  test('heatmap + 65,536 runs from a GPU buffer + trails', async () => {
    const n = 65_536;
    const runs = Array.from({ length: n }, (_, i) => {
      const [a, b] = pcg4d(3, i, 0, 7);
      return {
        x: -5 + 10 * ((a >>> 8) / 2 ** 24),
        y: -5 + 10 * ((b >>> 8) / 2 ** 24),
        divergedAt: i % 97 === 0 ? 1 : 0,
      };
    });
    const buffer = runBuffer(runs);
    const view = makeView(640, 480);
    await view.setLandscape(himmelblau, {}, BOX);
    const t0 = performance.now();
    view.draw();
    await gpu().device.queue.onSubmittedWorkDone();
    const heatmapMs = performance.now() - t0;

    view.setRunSources([
      {
        kind: 'gpu',
        chunks: [{ buffer, runOffset: 0, runCount: n }],
        color: [1, 0.4, 0.2],
      },
    ]);
    const points = await measureFrames(view, 20);

    // and 32 recorded paths of 500 steps, a typical set of trails
    const paths = 32;
    const stride = 501;
    const walk = new Float32Array(2 * paths * stride);
    for (let i = 0; i < walk.length; i++) {
      const [a] = pcg4d(5, i, 0, 1);
      const prev = i >= 2 && i % (2 * stride) >= 2 ? walk[i - 2]! : 0;
      walk[i] = prev + 0.05 * ((a >>> 8) / 2 ** 24 - 0.5);
    }
    view.setTrails([
      {
        buffer: walk,
        count: paths,
        stride,
        stepsDone: stride - 1,
        color: [1, 1, 1],
      },
    ]);
    const frames = await measureFrames(view, 20);
    const blit = makeView(640, 480);
    await blit.setLandscape(himmelblau, {}, BOX);
    const heatmapOnly = await measureFrames(blit, 10);
    const ms = (t: { medianMs: number; p90Ms: number }) =>
      `median ${t.medianMs.toFixed(1)} ms, p90 ${t.p90Ms.toFixed(1)} ms`;
    console.log(
      `[render] 640x480 on ${gpu().adapter.architecture}:\n` +
        `  first frame (heatmap evaluated) ${heatmapMs.toFixed(1)} ms\n` +
        `  cached heatmap, no runs: ${ms(heatmapOnly)}\n` +
        `  heatmap + ${n} runs: ${ms(points)}\n` +
        `  and ${paths} paths of ${stride - 1} steps: ${ms(frames)}`,
    );
    expect(Number.isFinite(frames.medianMs)).toBe(true);
    view.destroy();
    blit.destroy();
    buffer.destroy();
  });
});

// viridis(0) and viridis(1) are the table's ends, as asserted above
test('viridis table ends', () => {
  expect(to255(viridis(0)).map(Math.round)).toEqual([68, 1, 84]);
  expect(to255(viridis(1)).map(Math.round)).toEqual([253, 231, 37]);
});
