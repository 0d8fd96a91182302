/**
 * The drawing layer without WebGPU: the same pictures as src/render drawn
 * with a 2D canvas from CPU data (the Float64 twin of the landscape, the
 * reference engine's positions). Meant for a few thousand runs.
 */
import type { Bounds, Landscape } from '../objectives/landscape';
import { basinColors, cssHex, parseHex, viridis } from '../render/colormap';
import {
  lossScale,
  lossToUnit,
  unitToLoss,
  type LossScale,
} from '../render/loss-scale';
import type {
  BasinClasses,
  BasinMapViewApi,
  ColorBar,
  Highlight,
  LandscapeViewApi,
  RunSource,
  TrailSource,
} from './render-api';

/** Largest side of the heatmap image, in pixels (it is scaled up). */
const HEATMAP_MAX = 512;

const rgbCss = (c: readonly number[], alpha = 1) =>
  `rgba(${Math.round(c[0]! * 255)}, ${Math.round(c[1]! * 255)}, ` +
  `${Math.round(c[2]! * 255)}, ${alpha})`;

/** Sets a canvas's backing store to its CSS size times the pixel ratio. */
export function fitCanvas(canvas: HTMLCanvasElement): void {
  const dpr = Math.min(globalThis.devicePixelRatio || 1, 2);
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
}

/**
 * A 2D context drawn by the CPU: where WebGPU is missing the browser's
 * GPU canvas is often emulated too, and thousands of small rectangles a
 * frame are far cheaper in plain memory.
 */
function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser gives no 2D canvas context');
  return ctx;
}

/** Heatmap, contours, points and trails with a 2D canvas. */
export class Landscape2D implements LandscapeViewApi {
  private readonly ctx: CanvasRenderingContext2D;
  private landscape: Landscape | null = null;
  private params: Record<string, number> = {};
  private view: Bounds = [
    [0, 1],
    [0, 1],
  ];
  private scale: LossScale | null = null;
  private heatmap: HTMLCanvasElement | null = null;
  private sources: RunSource[] = [];
  private trails: TrailSource[] = [];
  private marked: Highlight | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.ctx = context2d(canvas);
  }

  setLandscape(
    landscape: Landscape,
    params: Record<string, number>,
    view: Bounds,
  ): Promise<void> {
    this.landscape = landscape;
    this.params = params;
    this.view = view;
    this.scale = lossScale(landscape, params, view);
    this.heatmap = null;
    return Promise.resolve();
  }

  setRunSources(sources: RunSource[]): void {
    this.sources = sources;
  }

  setTrails(trails: TrailSource[]): void {
    this.trails = trails;
  }

  highlight(h: Highlight | null): void {
    this.marked = h;
  }

  colorbar(): ColorBar | null {
    const s = this.scale;
    if (!s) return null;
    const stops = Array.from({ length: 17 }, (_, i) => cssHex(viridis(i / 16)));
    const levels = Array.from({ length: s.levels - 1 }, (_, i) =>
      unitToLoss((i + 1) / s.levels, s),
    );
    return {
      min: unitToLoss(0, s),
      max: unitToLoss(1, s),
      log: true,
      offset: s.fmin - s.eps,
      stops,
      levels,
    };
  }

  /** Loss colours with contour lines, at most HEATMAP_MAX pixels a side. */
  private renderHeatmap(w: number, h: number): HTMLCanvasElement {
    const k = Math.min(1, HEATMAP_MAX / Math.max(w, h));
    const iw = Math.max(1, Math.round(w * k));
    const ih = Math.max(1, Math.round(h * k));
    const out = document.createElement('canvas');
    out.width = iw;
    out.height = ih;
    const ctx = out.getContext('2d', { willReadFrequently: true })!;
    const img = ctx.createImageData(iw, ih);
    const l = this.landscape!;
    const s = this.scale!;
    const [[x0, x1], [y0, y1]] = this.view;
    const t = new Float32Array(iw * ih);
    for (let j = 0; j < ih; j++) {
      const y = y1 - ((j + 0.5) / ih) * (y1 - y0);
      for (let i = 0; i < iw; i++) {
        const x = x0 + ((i + 0.5) / iw) * (x1 - x0);
        t[j * iw + i] = lossToUnit(l.valueGrad(x, y, this.params).value, s);
      }
    }
    const band = (v: number) =>
      Math.floor(Math.min(Math.max(v, 0), 1) * s.levels);
    for (let j = 0; j < ih; j++) {
      for (let i = 0; i < iw; i++) {
        const p = j * iw + i;
        const v = t[p]!;
        let [r, g, b] = viridis(v);
        const b0 = band(v);
        const right = i + 1 < iw ? band(t[p + 1]!) : b0;
        const down = j + 1 < ih ? band(t[p + iw]!) : b0;
        if (b0 !== right || b0 !== down) {
          // a thin line: darker on the bright part of the map, lighter on
          // the dark part
          const to = v > 0.45 ? 0 : 1;
          r += (to - r) * 0.3;
          g += (to - g) * 0.3;
          b += (to - b) * 0.3;
        }
        img.data[4 * p] = r * 255;
        img.data[4 * p + 1] = g * 255;
        img.data[4 * p + 2] = b * 255;
        img.data[4 * p + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    return out;
  }

  draw(): void {
    fitCanvas(this.canvas);
    const { ctx, canvas } = this;
    const w = canvas.width;
    const h = canvas.height;
    if (!this.landscape) return;
    if (
      !this.heatmap ||
      Math.abs(this.heatmap.width / this.heatmap.height - w / h) > 0.01
    ) {
      this.heatmap = this.renderHeatmap(w, h);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.heatmap, 0, 0, w, h);

    const [[x0, x1], [y0, y1]] = this.view;
    const sx = w / (x1 - x0);
    const sy = h / (y1 - y0);
    const px = (x: number) => (x - x0) * sx;
    const py = (y: number) => (y1 - y) * sy;
    const dpr = w / Math.max(1, this.canvas.clientWidth);

    // trails: the paths of a sample of runs
    ctx.lineWidth = 1.25 * dpr;
    ctx.lineJoin = 'round';
    for (const t of this.trails) {
      const pts = t.buffer;
      if (!(pts instanceof Float32Array)) continue;
      ctx.strokeStyle = rgbCss(t.color, 0.75);
      for (let r = 0; r < t.count; r++) {
        ctx.beginPath();
        let pen = false;
        const last = Math.min(t.stepsDone, t.stride - 1);
        for (let n = 0; n <= last; n++) {
          const x = pts[2 * (r * t.stride + n)]!;
          const y = pts[2 * (r * t.stride + n) + 1]!;
          if (!Number.isFinite(x) || !Number.isFinite(y)) break;
          if (pen) ctx.lineTo(px(x), py(y));
          else ctx.moveTo(px(x), py(y));
          pen = true;
        }
        ctx.stroke();
      }
    }

    // the runs as points
    const size = Math.max(1.5, 2.5 * dpr);
    for (const s of this.sources) {
      if (s.kind !== 'cpu') continue;
      ctx.fillStyle = rgbCss(s.color, 0.9);
      const p = s.positions;
      for (let i = 0; i < p.length; i += 2) {
        const x = px(p[i]!);
        const y = py(p[i + 1]!);
        if (x < -size || y < -size || x > w + size || y > h + size) continue;
        ctx.fillRect(x - size / 2, y - size / 2, size, size);
      }
    }

    // the picked run
    const m = this.marked;
    if (m) {
      if (m.path && m.path.length >= 4) {
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.95)';
        ctx.lineWidth = 2.5 * dpr;
        ctx.beginPath();
        for (let i = 0; i < m.path.length; i += 2) {
          const x = m.path[i]!;
          const y = m.path[i + 1]!;
          if (!Number.isFinite(x) || !Number.isFinite(y)) break;
          if (i === 0) ctx.moveTo(px(x), py(y));
          else ctx.lineTo(px(x), py(y));
        }
        ctx.stroke();
      }
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2 * dpr;
      ctx.beginPath();
      ctx.arc(px(m.x), py(m.y), 6 * dpr, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  destroy(): void {
    this.heatmap = null;
    this.sources = [];
    this.trails = [];
  }
}

/** A basin map with a 2D canvas: one pixel per grid start, scaled up. */
export class BasinMap2D implements BasinMapViewApi {
  private readonly ctx: CanvasRenderingContext2D;
  private image: HTMLCanvasElement | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.ctx = context2d(canvas);
  }

  set(
    nx: number,
    ny: number,
    source: BasinClasses,
    minimumCount: number,
  ): void {
    if (source.kind !== 'cpu') return;
    const colors = basinColors(minimumCount).map(parseHex);
    const img = new ImageData(nx, ny);
    const classes = source.classes;
    for (let iy = 0; iy < ny; iy++) {
      // grid rows go up in y; image rows go down
      const row = ny - 1 - iy;
      for (let ix = 0; ix < nx; ix++) {
        const c = colors[classes[iy * nx + ix] ?? 0] ?? colors.at(-1)!;
        const p = 4 * (row * nx + ix);
        img.data[p] = c[0] * 255;
        img.data[p + 1] = c[1] * 255;
        img.data[p + 2] = c[2] * 255;
        img.data[p + 3] = 255;
      }
    }
    const out = this.image ?? document.createElement('canvas');
    out.width = nx;
    out.height = ny;
    out.getContext('2d', { willReadFrequently: true })!.putImageData(img, 0, 0);
    this.image = out;
  }

  draw(): void {
    fitCanvas(this.canvas);
    const { ctx, canvas } = this;
    ctx.fillStyle = '#000000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!this.image) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.image, 0, 0, canvas.width, canvas.height);
  }

  destroy(): void {
    this.image = null;
  }
}
