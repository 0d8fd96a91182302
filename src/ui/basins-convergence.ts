import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { LiveStats } from '../engine/results';
import type { ResolvedSpec } from '../spec/spec';
import { optimizerColor } from './palette';
import { alpha, axis, axisStyle } from './plot';
import { shared } from './theme';

const PLOT_HEIGHT = 260;

/** The quantile level closest to q, as an index into `levels`. */
function nearestLevel(levels: readonly number[], q: number): number {
  let best = 0;
  levels.forEach((l, i) => {
    if (Math.abs(l - q) < Math.abs(levels[best]! - q)) best = i;
  });
  return best;
}

/**
 * The loss over the steps, one colour per optimizer: the median as a line
 * and the 10 to 90 percent band around it, on a log scale of the loss
 * above the landscape's minimum. Drawn with uPlot.
 */
@customElement('basins-convergence')
export class BasinsConvergence extends LitElement {
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
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3em 1.2em;
        font-size: 0.88em;
        color: var(--muted);
        margin-top: 0.3em;
      }
      .legend span {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        color: var(--text);
      }
      .line {
        width: 1.6em;
        height: 0.7em;
        border-radius: 2px;
        position: relative;
      }
      .line::after {
        content: '';
        position: absolute;
        left: 0;
        right: 0;
        top: calc(50% - 1.5px);
        height: 3px;
        background: var(--c);
      }
      .u-axis {
        color: var(--muted);
      }
    `,
  ];

  @property({ attribute: false }) spec: ResolvedSpec | null = null;
  @property({ attribute: false }) stats: LiveStats | null = null;

  @query('.plot') private box!: HTMLDivElement | null;

  private plot: uPlot | null = null;
  private plotKey = '';
  private resize = new ResizeObserver(() => this.fit());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
    this.plotKey = '';
  }

  override render() {
    if (!this.spec) return nothing;
    return html`
      <div
        class="plot"
        role="img"
        aria-label="Loss quantiles over the steps, log scale: median lines and 10 to 90 percent bands per optimizer"
      ></div>
      <div class="legend">
        ${this.spec.optimizers.map(
          (o, i) =>
            html`<span
              ><i
                class="line"
                style="--c:${optimizerColor(i)};background:${alpha(
                  optimizerColor(i),
                  0.25,
                )}"
              ></i
              >${o.label}</span
            >`,
        )}
        <span class="muted">line: median · band: 10–90% of runs</span>
      </div>
    `;
  }

  override updated(): void {
    if (!this.box || !this.spec) return;
    this.resize.observe(this.box);
    const key = JSON.stringify([
      this.spec.json,
      this.spec.optimizers.map((o) => o.label),
    ]);
    if (key !== this.plotKey || !this.plot) {
      this.plot?.destroy();
      this.plot = this.make(this.box, this.spec);
      this.plotKey = key;
    }
    this.plot.setData(this.data(this.spec), true);
  }

  private fit(): void {
    if (!this.plot || !this.box) return;
    const w = Math.max(200, this.box.clientWidth);
    if (w !== this.plot.width)
      this.plot.setSize({ width: w, height: PLOT_HEIGHT });
  }

  /** The lowest loss the landscape can reach, the zero of the log axis. */
  private floorOf(spec: ResolvedSpec): { fmin: number; tiny: number } {
    const values = spec.landscape
      .minima(spec.landscapeParams)
      .map((m) => m.value);
    const fmin = values.length ? Math.min(...values) : 0;
    return { fmin, tiny: Math.max(1e-12, 1e-7 * Math.abs(fmin)) };
  }

  private data(spec: ResolvedSpec): uPlot.AlignedData {
    const st = this.stats;
    const first = st?.optimizers[0]?.quantiles;
    const xs = first ? first.steps : [0];
    const { fmin, tiny } = this.floorOf(spec);
    const gap = (v: number | null | undefined) =>
      v === null || v === undefined || !Number.isFinite(v)
        ? null
        : Math.max(v - fmin, tiny);
    const out: (number | null)[][] = [xs];
    spec.optimizers.forEach((_, i) => {
      const q = st?.optimizers[i]?.quantiles;
      const lo = q ? nearestLevel(q.levels, 0.1) : 0;
      const mid = q ? nearestLevel(q.levels, 0.5) : 0;
      const hi = q ? nearestLevel(q.levels, 0.9) : 0;
      const col = (k: number) =>
        xs.map((_, r) => (q ? gap(q.values[r]?.[k]) : null));
      out.push(col(hi), col(mid), col(lo));
    });
    return out as uPlot.AlignedData;
  }

  private make(box: HTMLDivElement, spec: ResolvedSpec): uPlot {
    const style = axisStyle(this);
    const series: uPlot.Series[] = [{ label: 'step' }];
    const bands: uPlot.Band[] = [];
    spec.optimizers.forEach((o, i) => {
      const c = optimizerColor(i);
      const base = 1 + 3 * i;
      series.push(
        {
          label: `${o.label} q90`,
          stroke: alpha(c, 0.35),
          width: 1,
          points: { show: false },
        },
        {
          label: `${o.label} median`,
          stroke: c,
          width: 2.5,
          points: { show: false },
        },
        {
          label: `${o.label} q10`,
          stroke: alpha(c, 0.35),
          width: 1,
          points: { show: false },
        },
      );
      bands.push({ series: [base, base + 2], fill: alpha(c, 0.16) });
    });
    return new uPlot(
      {
        width: Math.max(200, box.clientWidth),
        height: PLOT_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: () => [0, spec.steps] },
          y: { distr: 3 },
        },
        series,
        bands,
        axes: [
          axis('step', style),
          { ...axis('loss − minimum', style, true), size: 72, gap: 6 },
        ],
      },
      this.data(spec),
      box,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-convergence': BasinsConvergence;
  }
}
