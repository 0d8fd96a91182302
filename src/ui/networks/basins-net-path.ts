import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { fmt } from '../format';
import { axis, axisStyle } from '../plot';
import { shared } from '../theme';
import { inkOf, type Ink } from './net-canvas';

const PLOT_HEIGHT = 260;

/** Colours of the training and test curves. */
export const PATH_COLORS = { train: '#7cc4ff', test: '#ff5c8a' } as const;

/** The straight path between two networks and its barrier. */
export interface PathView {
  alphas: number[];
  /** Training objective (loss plus penalty) along the path. */
  trainLoss: Float32Array;
  testLoss: Float32Array;
  /** Highest training objective on [0, 1] above the higher end. */
  barrier: number;
  /** The networks at alpha = 0 and alpha = 1, in words. */
  from: string;
  to: string;
}

/**
 * The training and test loss along the straight line (1 - alpha) a +
 * alpha b between two networks (Goodfellow et al. 2015), with the barrier
 * between them stated. Drawn with uPlot.
 */
@customElement('basins-net-path')
export class BasinsNetPath extends LitElement {
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
      p {
        margin: 0.3em 0 0;
        font-size: 0.92em;
      }
      .key {
        display: inline-block;
        width: 1.4em;
        height: 3px;
        vertical-align: middle;
      }
    `,
  ];

  /** The path to plot; nothing while null. */
  @property({ attribute: false }) path: PathView | null = null;

  @query('.plot') private box!: HTMLDivElement | null;

  private plot: uPlot | null = null;
  private shown: PathView | null = null;
  private resize = new ResizeObserver(() => this.fit());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  /** What the plot's canvas shows, for the page's tests. */
  ink(): Ink {
    return inkOf(this.plot?.ctx.canvas, Object.values(PATH_COLORS));
  }

  override render() {
    const p = this.path;
    if (!p) return nothing;
    return html`
      <div
        class="plot"
        role="img"
        aria-label="Training and test loss along the straight path from ${p.from} to ${p.to}"
      ></div>
      <p>
        <span class="key" style="background:${PATH_COLORS.train}"></span>
        training objective
        <span class="key" style="background:${PATH_COLORS.test}"></span>
        test loss · α = 0: ${p.from}; α = 1: ${p.to}
      </p>
      <p class="barrier">
        Barrier: <strong class="num">${fmt(p.barrier)}</strong> above the higher
        end${
          p.barrier <= 1e-6
            ? ' (none: the two networks are linearly connected)'
            : ''
        }.
      </p>
    `;
  }

  override updated(): void {
    const p = this.path;
    if (!this.box || !p) return;
    this.resize.observe(this.box);
    if (this.shown === p && this.plot) return;
    this.shown = p;
    this.plot?.destroy();
    const style = axisStyle(this);
    const line = (label: string, stroke: string): uPlot.Series => ({
      label,
      stroke,
      width: 2,
      points: { show: false },
    });
    this.plot = new uPlot(
      {
        width: Math.max(240, this.box.clientWidth),
        height: PLOT_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        series: [
          { label: 'alpha' },
          line('training objective', PATH_COLORS.train),
          line('test loss', PATH_COLORS.test),
        ],
        axes: [axis('α', style), { ...axis('loss', style), size: 60 }],
      },
      [p.alphas, Array.from(p.trainLoss), Array.from(p.testLoss)],
      this.box,
    );
  }

  private fit(): void {
    if (!this.plot || !this.box) return;
    const w = Math.max(240, this.box.clientWidth);
    if (w !== this.plot.width)
      this.plot.setSize({ width: w, height: PLOT_HEIGHT });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-net-path': BasinsNetPath;
  }
}
