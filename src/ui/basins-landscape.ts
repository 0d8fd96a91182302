import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Bounds } from '../objectives/landscape';
import { ReferenceExperiment } from '../reference/engine';
import type { Rgb } from '../render/colormap';
import type { ResolvedSpec } from '../spec/spec';
import { Landscape2D, fitCanvas } from './canvas2d';
import type {
  EngineController,
  Experiment,
  FrameInfo,
} from './engine-controller';
import { fmt, ticks } from './format';
import { optimizerColor, optimizerRgb } from './palette';
import type {
  ColorBar,
  Highlight,
  LandscapeViewApi,
  RunSource,
  TrailSource,
} from './render-api';
import type { RunDetail } from './run-detail';
import { shared } from './theme';
import { ViewHolder } from './view-holder';

/**
 * Which labels of points (u, v in [0, 1] of the plot, v down) can be shown
 * without overlapping one placed before: the first ones win (global
 * minima come first). A label is about 0.9 em tall and 0.55 em per
 * character wide, on a plot about 40 em wide.
 */
function labelsThatFit(
  points: { u: number; v: number; text: string }[],
  aspect: number,
): Set<number> {
  const emU = 1 / 40;
  const emV = aspect / 40;
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const keep = new Set<number>();
  points.forEach((p, i) => {
    const w = (0.45 * p.text.length + 0.7) * emU;
    const flip = p.u > 0.75;
    const box = {
      x0: flip ? p.u - w : p.u,
      x1: flip ? p.u : p.u + w,
      y0: p.v - 1.3 * emV,
      y1: p.v,
    };
    const hit = placed.some(
      (b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1,
    );
    if (!hit && placed.length < 8) {
      placed.push(box);
      keep.add(i);
    }
  });
  return keep;
}

/** Pixels around the pointer within which a click picks a run. */
export const PICK_RADIUS_PX = 14;

/**
 * The landscape as a heatmap with contour lines, the runs moving over it,
 * trails of a sample of runs, the known minima and saddles, axes and a
 * colour bar. Draws with the WebGPU layer straight from the engine's
 * buffers, or with a 2D canvas from CPU positions.
 *
 * @fires landscape-pick - `{ x, y, radius }` in landscape units: a click
 */
@customElement('basins-landscape')
export class BasinsLandscape extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0;
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        grid-template-rows: minmax(0, 1fr) auto;
        gap: 0.3em 0.5em;
      }
      .yaxis,
      .xaxis {
        position: relative;
        color: var(--muted);
        font-size: 0.8em;
      }
      .yaxis {
        width: 2.8em;
      }
      .xaxis {
        grid-column: 2;
        height: 1.5em;
      }
      .yaxis span {
        position: absolute;
        right: 0.3em;
        transform: translateY(-50%);
      }
      .xaxis span {
        position: absolute;
        top: 0.1em;
        transform: translateX(-50%);
      }
      .axis-name {
        font-style: italic;
        color: var(--text);
      }
      .plot {
        position: relative;
        width: 100%;
        border-radius: var(--radius-s);
        overflow: hidden;
        background: #000;
        box-shadow: 0 0 0 1px var(--border);
        touch-action: none;
      }
      canvas {
        display: block;
        width: 100%;
        height: 100%;
        cursor: crosshair;
      }
      .marker {
        position: absolute;
        transform: translate(-50%, -50%);
        pointer-events: none;
      }
      .min {
        width: 0.75em;
        height: 0.75em;
        border-radius: 50%;
        border: 2px solid #fff;
        box-shadow: 0 0 0 1.5px rgba(0, 0, 0, 0.7);
      }
      .saddle {
        width: 0.6em;
        height: 0.6em;
        transform: translate(-50%, -50%) rotate(45deg);
        border: 2px solid rgba(255, 255, 255, 0.85);
        box-shadow: 0 0 0 1.5px rgba(0, 0, 0, 0.6);
      }
      .max {
        width: 0;
        height: 0;
        border-left: 0.4em solid transparent;
        border-right: 0.4em solid transparent;
        border-bottom: 0.7em solid rgba(255, 255, 255, 0.85);
      }
      .start {
        width: 0.7em;
        height: 0.7em;
        border: 2px solid #fff;
        box-shadow: 0 0 0 1.5px rgba(0, 0, 0, 0.7);
      }
      .mlabel {
        position: absolute;
        transform: translate(0.7em, -120%);
        font-size: 0.78em;
        color: #fff;
        text-shadow:
          0 0 3px #000,
          0 0 2px #000;
        pointer-events: none;
        white-space: nowrap;
      }
      .mlabel.flip {
        transform: translate(calc(-100% - 0.7em), -120%);
      }
      .legend {
        position: absolute;
        left: 0.6em;
        top: 0.6em;
        display: flex;
        flex-wrap: wrap;
        gap: 0.3em 0.8em;
        max-width: calc(100% - 1.2em);
        padding: 0.3em 0.6em;
        border-radius: var(--radius-s);
        background: rgba(10, 12, 18, 0.72);
        font-size: 0.9em;
        pointer-events: none;
      }
      .legend span {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
      }
      .tip {
        position: absolute;
        pointer-events: none;
        background: rgba(10, 12, 18, 0.9);
        border: 1px solid var(--border);
        border-radius: var(--radius-s);
        padding: 0.25em 0.5em;
        font-size: 0.85em;
        white-space: nowrap;
        transform: translate(12px, 12px);
      }
      .bar {
        grid-row: 1;
        grid-column: 3;
        display: grid;
        grid-template-columns: 0.9em auto;
        gap: 0.35em;
        font-size: 0.8em;
        color: var(--muted);
      }
      .gradient {
        border-radius: 3px;
        box-shadow: 0 0 0 1px var(--border);
      }
      .bar-ticks {
        position: relative;
        min-width: 3.2em;
      }
      .bar-ticks span {
        position: absolute;
        left: 0;
        transform: translateY(50%);
      }
      .bar-name {
        grid-column: 1 / -1;
        writing-mode: vertical-rl;
        transform: rotate(180deg);
        justify-self: center;
        display: none;
      }
      figcaption {
        grid-column: 2 / 4;
        color: var(--muted);
        font-size: 0.85em;
      }
    `,
  ];

  @property({ attribute: false }) engine!: EngineController;
  /** Changes with every new experiment or device (engine.version). */
  @property({ type: Number }) version = 0;
  @property({ attribute: false }) spec: ResolvedSpec | null = null;
  /** The picked run, drawn with its path. */
  @property({ attribute: false }) selection: RunDetail | null = null;
  /**
   * Runs selected elsewhere (the sharpness scatter): their end points per
   * optimizer, drawn in its colour over the other runs, which are dimmed.
   */
  @property({ attribute: false }) marked: Float32Array[] | null = null;

  @state() private tip: { px: number; py: number; text: string } | null = null;
  @state() private colorbar: ColorBar | null = null;
  /** The drawing layer failed: draw with a 2D canvas from now on. */
  @state() private gpuFailed = false;

  @query('canvas') private canvas!: HTMLCanvasElement | null;

  private readonly views = new ViewHolder<LandscapeViewApi>(this);
  private unsubscribe: (() => void) | null = null;
  /** The view, landscape and experiment that were last set up. */
  private boundView: LandscapeViewApi | null = null;
  private boundLandscape = '';
  private boundExp: unknown = null;
  private boundMarked: Float32Array[] | null = null;
  private resize = new ResizeObserver(() => this.engine?.requestDraw());

  /** Which drawing layer to use: WebGPU when the engine is on the GPU. */
  private get kind(): 'gpu' | '2d' {
    return this.engine?.render &&
      this.engine.gpu &&
      this.engine.mode === 'gpu' &&
      !this.gpuFailed
      ? 'gpu'
      : '2d';
  }

  /** The box the picture shows. */
  get viewBounds(): Bounds {
    const s = this.spec;
    if (!s) {
      return [
        [-1, 1],
        [-1, 1],
      ];
    }
    return s.landscape.bounds(s.landscapeParams);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.engine?.onFrame((f) => this.drawFrame(f)) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.resize.disconnect();
    this.boundView = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('engine') && this.isConnected) {
      this.unsubscribe?.();
      this.unsubscribe = this.engine.onFrame((f) => this.drawFrame(f));
    }
    // a new device or experiment: set the view up again
    if (changed.has('version')) this.boundView = null;
  }

  override updated(changed: PropertyValues<this>): void {
    if (this.canvas) this.resize.observe(this.canvas);
    if (changed.has('selection')) {
      this.views.current?.highlight(this.highlightOf(this.selection));
    }
    this.engine?.requestDraw();
  }

  /** The view for the current canvas and device, made on first use. */
  private view(): LandscapeViewApi | null {
    const canvas = this.canvas;
    if (!canvas || !this.spec) return null;
    const kind = this.kind;
    const device = this.engine.gpu?.device ?? null;
    return this.views.get([kind, device, canvas], () => {
      try {
        if (kind === 'gpu' && device && this.engine.render) {
          // minima and saddles are marked by the page, with their names
          return new this.engine.render.LandscapeView(
            device,
            canvas,
            undefined,
            {
              criticalPoints: false,
            },
          );
        }
        return new Landscape2D(canvas);
      } catch (e) {
        if (kind === 'gpu') this.gpuFailed = true;
        this.engine.error = `Drawing failed: ${e instanceof Error ? e.message : e}`;
        return null;
      }
    });
  }

  private drawFrame({ exp }: FrameInfo): void {
    const spec = this.spec;
    if (!spec || exp.spec !== spec) return;
    const view = this.view();
    if (!view || !this.canvas) return;
    fitCanvas(this.canvas);
    if (this.boundView !== view) {
      this.boundView = view;
      this.boundLandscape = '';
      this.boundExp = null;
    }

    // the heatmap: only when the landscape or its box changes
    const key = JSON.stringify([
      spec.landscape.id,
      spec.landscapeParams,
      this.viewBounds,
    ]);
    if (this.boundLandscape !== key) {
      this.boundLandscape = key;
      void view
        .setLandscape(spec.landscape, spec.landscapeParams, this.viewBounds)
        .then(() => {
          if (this.boundView !== view) return;
          this.colorbar = view.colorbar();
          this.engine.requestDraw();
        });
    }

    // the runs: straight from the engine's buffers on the GPU
    const gpu = this.kind === 'gpu' && !(exp instanceof ReferenceExperiment);
    const n = spec.optimizers.length;
    if (this.boundExp !== exp || this.boundMarked !== this.marked) {
      if (gpu) {
        view.setRunSources([
          ...Array.from({ length: n }, (_, o) => ({
            kind: 'gpu' as const,
            chunks: exp.runBuffers(o),
            color: this.runColor(o),
          })),
          ...this.markedSources(),
        ]);
      }
      if (this.boundExp !== exp) {
        view.highlight(this.highlightOf(this.selection));
      }
      this.boundExp = exp;
      this.boundMarked = this.marked;
    }
    if (gpu && !(exp instanceof ReferenceExperiment)) {
      view.setTrails(
        Array.from({ length: n }, (_, o) => ({
          buffer: exp.trajectoryBuffer(o),
          count: spec.trajectories,
          stride: spec.steps + 1,
          stepsDone: exp.stepsDone,
          color: optimizerRgb(o),
        })),
      );
    } else this.setCpuSources(view, exp);

    try {
      view.draw();
    } catch (e) {
      this.views.release();
      this.boundView = null;
      if (this.kind === 'gpu') this.gpuFailed = true;
      this.engine.error = `Drawing failed: ${e instanceof Error ? e.message : e}`;
    }
  }

  /** An optimizer's colour for its runs: dimmed while some are marked. */
  private runColor(o: number): Rgb {
    const c = optimizerRgb(o);
    return this.marked ? [c[0] * 0.35, c[1] * 0.35, c[2] * 0.35] : c;
  }

  /** The marked runs' end points, in full colour, drawn last. */
  private markedSources(): RunSource[] {
    return (this.marked ?? []).flatMap((positions, o) =>
      positions.length
        ? [{ kind: 'cpu' as const, positions, color: optimizerRgb(o) }]
        : [],
    );
  }

  private highlightOf(d: RunDetail | null): Highlight | null {
    return d
      ? { x: d.end[0], y: d.end[1], ...(d.path ? { path: d.path } : {}) }
      : null;
  }

  /**
   * Points and trails from the CPU: the reference engine's positions now,
   * the paths of the last full results (a poll away at most).
   */
  private setCpuSources(view: LandscapeViewApi, exp: Experiment): void {
    const spec = exp.spec;
    const r = this.engine.results;
    const fresh = r && r.spec === spec.json ? r : null;
    const sources: RunSource[] = spec.optimizers.flatMap((_, i) => {
      const positions =
        exp instanceof ReferenceExperiment
          ? exp.positions(i)
          : fresh?.optimizers[i]?.final;
      return positions
        ? [{ kind: 'cpu' as const, positions, color: this.runColor(i) }]
        : [];
    });
    sources.push(...this.markedSources());
    const trails: TrailSource[] = (fresh?.optimizers ?? []).map((o, i) => ({
      buffer: o.trajectories.points,
      count: o.trajectories.count,
      stride: o.trajectories.stride,
      stepsDone: Math.min(exp.stepsDone, this.engine.resultsStep),
      color: optimizerRgb(i),
    }));
    view.setRunSources(sources);
    view.setTrails(trails);
  }

  /**
   * Draws the picture now and copies it onto a 2D context (for the PNG
   * export): a WebGPU canvas can only be read in the task that drew it.
   */
  snapshot(ctx: CanvasRenderingContext2D, x: number, y: number): void {
    const canvas = this.canvas;
    const exp = this.engine.exp;
    if (!canvas || !exp) return;
    this.drawFrame({ exp });
    ctx.drawImage(canvas, x, y, canvas.width, canvas.height);
  }

  /** The size of the canvas's backing store, for the export's layout. */
  get pixelSize(): [number, number] {
    return [this.canvas?.width ?? 0, this.canvas?.height ?? 0];
  }

  private toWorld(e: PointerEvent | MouseEvent): [number, number] | null {
    const c = this.canvas;
    if (!c) return null;
    const rect = c.getBoundingClientRect();
    const u = (e.clientX - rect.left) / rect.width;
    const v = (e.clientY - rect.top) / rect.height;
    const [[x0, x1], [y0, y1]] = this.viewBounds;
    return [x0 + u * (x1 - x0), y1 - v * (y1 - y0)];
  }

  private onMove(e: PointerEvent): void {
    const w = this.toWorld(e);
    const s = this.spec;
    if (!w || !s) return;
    const c = this.canvas!.getBoundingClientRect();
    const f = s.landscape.valueGrad(w[0], w[1], s.landscapeParams).value;
    this.tip = {
      px: e.clientX - c.left,
      py: e.clientY - c.top,
      text: `x ${fmt(w[0])}, y ${fmt(w[1])} · loss ${fmt(f)}`,
    };
  }

  private onClick(e: MouseEvent): void {
    const w = this.toWorld(e);
    if (!w || !this.canvas) return;
    const [[x0, x1]] = this.viewBounds;
    const radius =
      (PICK_RADIUS_PX * (x1 - x0)) /
      Math.max(1, this.canvas.getBoundingClientRect().width);
    this.dispatchEvent(
      new CustomEvent('landscape-pick', {
        detail: { x: w[0], y: w[1], radius },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render() {
    const s = this.spec;
    if (!s) return nothing;
    const [[x0, x1], [y0, y1]] = this.viewBounds;
    const left = (x: number) => `${(100 * (x - x0)) / (x1 - x0)}%`;
    const top = (y: number) => `${(100 * (y1 - y)) / (y1 - y0)}%`;
    const minima = s.landscape.minima(s.landscapeParams);
    const saddles = s.landscape.saddles(s.landscapeParams);
    const inside = (p: { x: number; y: number }) =>
      p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
    const labelled = labelsThatFit(
      minima.filter(inside).map((m) => ({
        u: (m.x - x0) / (x1 - x0),
        v: (y1 - m.y) / (y1 - y0),
        text: m.label,
      })),
      (x1 - x0) / (y1 - y0),
    );
    const aspect = `${x1 - x0} / ${y1 - y0}`;
    return html`
      <figure>
        <div class="yaxis" aria-hidden="true">
          ${ticks(y0, y1, 6).map(
            (t) => html`<span style="top: ${top(t)}">${fmt(t)}</span>`,
          )}
        </div>
        <div
          class="plot"
          style="aspect-ratio: ${aspect}"
          @pointermove=${this.onMove}
          @pointerleave=${() => (this.tip = null)}
          @click=${this.onClick}
        >
          ${keyed(
            this.kind,
            html`<canvas
              role="img"
              aria-label=${
                `${s.landscape.name} loss landscape with ` +
                `${s.runs} runs per optimizer; click a point to see its run`
              }
            ></canvas>`,
          )}
          ${minima.filter(inside).map(
            (m, i) => html`
              <span
                class="marker min"
                style="left: ${left(m.x)}; top: ${top(m.y)}"
              ></span>
              ${
                labelled.has(i)
                  ? html`<span
                      class="mlabel ${
                        (m.x - x0) / (x1 - x0) > 0.75 ? 'flip' : ''
                      }"
                      style="left: ${left(m.x)}; top: ${top(m.y)}"
                      >${m.label}</span
                    >`
                  : nothing
              }
            `,
          )}
          ${saddles
            .filter(inside)
            .map(
              (p) =>
                html`<span
                  class="marker ${p.label === 'maximum' ? 'max' : 'saddle'}"
                  style="left: ${left(p.x)}; top: ${top(p.y)}"
                ></span>`,
            )}
          ${
            this.selection
              ? html`<span
                  class="marker start"
                  title="Start of the picked run"
                  style="left: ${left(this.selection.start[0])}; top: ${top(
                    this.selection.start[1],
                  )}"
                ></span>`
              : nothing
          }
          <div class="legend">
            ${s.optimizers.map(
              (o, i) =>
                html`<span
                  ><i class="swatch" style="background:${optimizerColor(i)}"></i
                  >${o.label}</span
                >`,
            )}
          </div>
          ${
            this.tip
              ? html`<div
                  class="tip num"
                  style="left: ${this.tip.px}px; top: ${this.tip.py}px"
                >
                  ${this.tip.text}
                </div>`
              : nothing
          }
        </div>
        ${this.renderBar()}
        <div class="xaxis" aria-hidden="true">
          ${ticks(x0, x1, 7).map(
            (t) => html`<span style="left: ${left(t)}">${fmt(t)}</span>`,
          )}
        </div>
        <figcaption>
          ● minima ◆ saddles ▲ maxima · colour: loss above the minimum, log
          scale · click a point to follow its run
        </figcaption>
      </figure>
    `;
  }

  /** The colour bar: the heatmap's colours with loss ticks in decades. */
  private renderBar() {
    const bar = this.colorbar;
    if (!bar) return html`<div class="bar"></div>`;
    const gradient = `linear-gradient(to top, ${bar.stops.join(', ')})`;
    // the bar is linear in ln(loss - offset): ticks at whole decades of it
    const lo = Math.log(Math.max(bar.min - bar.offset, 1e-300));
    const hi = Math.log(Math.max(bar.max - bar.offset, 1e-300));
    const at = (v: number) => (Math.log(v) - lo) / (hi - lo);
    const k0 = Math.floor(lo / Math.LN10);
    const k1 = Math.ceil(hi / Math.LN10);
    const decades = k1 - k0;
    // few decades: 1, 2 and 5 of each; many: every n-th decade
    const mantissas = decades <= 2 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
    const stride = Math.max(1, Math.ceil(decades / 7));
    const marks: { t: number; text: string }[] = [];
    for (let k = k0; k <= k1; k += stride) {
      for (const m of mantissas) {
        const v = m * 10 ** k;
        const t = at(v);
        if (t >= -1e-9 && t <= 1 + 1e-9) marks.push({ t, text: fmt(v, 2) });
      }
    }
    return html`
      <div
        class="bar"
        title=${
          `Loss minus ${fmt(bar.offset)}, log scale; lines at ` +
          `${bar.levels.length} contour levels`
        }
      >
        <div class="gradient" style="background: ${gradient}"></div>
        <div class="bar-ticks num" aria-hidden="true">
          ${marks.map(
            (m) =>
              html`<span style="bottom: ${(100 * m.t).toFixed(1)}%"
                >${m.text}</span
              >`,
          )}
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-landscape': BasinsLandscape;
  }
}
