import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { NetExperimentResult } from '../../nn/results';
import { optimizerColor } from '../palette';
import { alpha, axis, axisStyle } from '../plot';
import { shared } from '../theme';
import { inkOf, type Ink } from './net-canvas';

const PLOT_HEIGHT = 300;

type Measure = 'testLoss' | 'gap';

/**
 * Every final network as a point: its top Hessian eigenvalue against its
 * test loss (log scales) or its generalization gap, one colour per lane.
 * Networks that diverged, or whose lambda_max is not positive, are left
 * out (a log axis has no room for them). Drawn with uPlot.
 */
@customElement('basins-net-scatter')
export class BasinsNetScatter extends LitElement {
  static override styles = [
    shared,
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
      }
      .plot {
        width: 100%;
        min-height: ${PLOT_HEIGHT}px;
      }
      .bar {
        display: flex;
        gap: 0.6em;
        align-items: center;
        margin-bottom: 0.3em;
        font-size: 0.92em;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3em 1.2em;
        font-size: 0.88em;
      }
    `,
  ];

  /** The results to plot; nothing before the first run. */
  @property({ attribute: false }) result: NetExperimentResult | null = null;

  @state() private measure: Measure = 'testLoss';
  @query('.plot') private box!: HTMLDivElement | null;

  private plot: uPlot | null = null;
  private shown: unknown = null;
  private resize = new ResizeObserver(() => this.fit());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  /** What the plot's canvas shows, for the page's tests. */
  ink(): Ink {
    const lanes = this.result?.lanes.map((_, i) => optimizerColor(i)) ?? [];
    return inkOf(this.plot?.ctx.canvas, lanes);
  }

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const sharp = r.lanes.some((l) => l.sharpness);
    if (!sharp) {
      return html`<p class="muted">Sharpness was not measured.</p>`;
    }
    return html`
      <div class="bar">
        <label for="measure">vertical axis</label>
        <select id="measure" .value=${this.measure} @change=${this.onMeasure}>
          <option value="testLoss">test loss</option>
          <option value="gap">gap (test − train loss)</option>
        </select>
      </div>
      <div
        class="plot"
        role="img"
        aria-label="Scatter of each network's top Hessian eigenvalue against its ${
          this.measure === 'gap' ? 'generalization gap' : 'test loss'
        }, one colour per optimizer"
      ></div>
      <div class="legend">
        ${r.lanes.map(
          (l, i) =>
            html`<span
              ><span
                class="swatch"
                style="background:${optimizerColor(i)}"
              ></span>
              ${l.label}</span
            >`,
        )}
      </div>
    `;
  }

  override updated(): void {
    const r = this.result;
    if (!this.box || !r) return;
    this.resize.observe(this.box);
    const key = [r, this.measure];
    const same =
      Array.isArray(this.shown) &&
      this.shown[0] === key[0] &&
      this.shown[1] === key[1];
    if (same && this.plot) return;
    this.shown = key;
    this.plot?.destroy();
    this.plot = this.make(this.box, r);
  }

  private onMeasure(e: Event): void {
    this.measure = (e.target as HTMLSelectElement).value as Measure;
  }

  private fit(): void {
    if (!this.plot || !this.box) return;
    const w = Math.max(240, this.box.clientWidth);
    if (w !== this.plot.width)
      this.plot.setSize({ width: w, height: PLOT_HEIGHT });
  }

  /** One x array (sorted) and, per lane, its y values or null. */
  private data(r: NetExperimentResult, log: boolean): uPlot.AlignedData {
    const points: [number, number, number][] = [];
    r.lanes.forEach((l, lane) => {
      const lm = l.sharpness?.lambdaMax;
      if (!lm) return;
      const ys = this.measure === 'gap' ? l.gap : l.testLoss;
      for (let i = 0; i < l.runs; i++) {
        const x = lm[i]!;
        const y = ys[i]!;
        if (l.divergedAt[i] !== 0 || !(x > 0) || !Number.isFinite(y)) continue;
        if (log && !(y > 0)) continue;
        points.push([x, y, lane]);
      }
    });
    points.sort((a, b) => a[0] - b[0]);
    const xs = points.map((p) => p[0]);
    const series = r.lanes.map((_, lane) =>
      points.map((p) => (p[2] === lane ? p[1] : null)),
    );
    return [xs, ...series] as uPlot.AlignedData;
  }

  private make(box: HTMLDivElement, r: NetExperimentResult): uPlot {
    const style = axisStyle(this);
    const log = this.measure === 'testLoss';
    const series: uPlot.Series[] = [{ label: 'lambda_max' }];
    r.lanes.forEach((l, i) => {
      const c = optimizerColor(i);
      series.push({
        label: l.label,
        stroke: c,
        paths: () => null,
        points: { show: true, size: 5, width: 0, fill: alpha(c, 0.85) },
      });
    });
    return new uPlot(
      {
        width: Math.max(240, box.clientWidth),
        height: PLOT_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: { time: false, distr: 3 },
          y: log ? { distr: 3 } : {},
        },
        series,
        axes: [
          axis('top Hessian eigenvalue λmax', style, true),
          {
            ...axis(log ? 'test loss' : 'test − train loss', style, log),
            size: 64,
          },
        ],
      },
      this.data(r, log),
      box,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-net-scatter': BasinsNetScatter;
  }
}
