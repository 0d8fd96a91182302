import { LitElement, css, html, nothing, unsafeCSS } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { ExperimentResult, SharpnessMeasure } from '../engine/results';
import type { ResolvedSpec } from '../spec/spec';
import { count, fmt, pct } from './format';
import { optimizerColor } from './palette';
import { alpha, axis, axisStyle, type AxisStyle } from './plot';
import {
  MAX_MARKED,
  MEASURES,
  histograms,
  measureInfo,
  selectBox,
  sharpnessView,
  stabilityLimits,
  verdicts,
  type RunSelection,
  type SharpnessView,
} from './sharpness-data';
import { shared, tables } from './theme';

const PLOT_HEIGHT = 250;
/** Side of a point of the scatter, CSS pixels. */
const POINT_PX = 3;

/** The 2/lr lines' caption, also their tooltip. */
const STABILITY_NOTE =
  'Dashed: GD stability 2/lr, one line per optimizer in its colour. ' +
  'Plain gradient descent at learning rate lr cannot settle where ' +
  'λ_max > 2/lr; for other methods the line is a reference only.';

/**
 * The sharpness of every run's end point, per optimizer: a measure picker,
 * an overlaid histogram of the measure (with the GD stability limit 2/lr
 * for λ_max), a scatter of the final loss against it where dragging a box
 * selects runs, and a verdict table: the share of runs in the flattest
 * basin and the measure's median and quartiles.
 *
 * The sharpness is measured once per finished or paused state: while the
 * panel is on screen and the runs are paused at a step not yet measured,
 * it asks for a measurement.
 *
 * @fires sharpness-request - the runs are paused at an unmeasured step
 * @fires runs-select - `{ selection }`: runs brushed in the scatter, or null
 */
@customElement('basins-sharpness')
export class BasinsSharpness extends LitElement {
  static override styles = [
    shared,
    tables,
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5em 1em;
        margin-bottom: 0.7em;
      }
      .bar label {
        color: var(--muted);
        font-size: 0.92em;
      }
      .bar .picked {
        margin-left: auto;
        font-size: 0.9em;
      }
      .plots {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(24em, 1fr));
        gap: 1em 1.4em;
      }
      figure {
        margin: 0;
        min-width: 0;
      }
      figure h3 {
        font-size: 0.92em;
        font-weight: 600;
        margin: 0 0 0.3em;
      }
      .plot {
        width: 100%;
        min-height: ${PLOT_HEIGHT}px;
      }
      .scatter {
        cursor: crosshair;
      }
      figcaption,
      .note {
        color: var(--muted);
        font-size: 0.82em;
        margin: 0.35em 0 0;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3em 1.2em;
        font-size: 0.88em;
        margin: 0.5em 0 0.9em;
      }
      .legend span {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
      }
      .stale {
        opacity: 0.6;
      }
      tbody th {
        max-width: 14em;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      tr.best {
        background: var(--panel-2);
      }
      .badge {
        margin-left: 0.5em;
        padding: 0.05em 0.45em;
        border-radius: 999px;
        border: 1px solid var(--accent);
        color: var(--accent);
        font-size: 0.8em;
        font-weight: 500;
      }
      .u-axis {
        color: var(--muted);
      }
      /* inset: a hidden (zero-size) box leaves no dot behind */
      .u-select {
        background: rgba(124, 196, 255, 0.16);
        box-shadow: inset 0 0 0 1px var(--accent);
      }
    `,
  ];

  @property({ attribute: false }) spec: ResolvedSpec | null = null;
  /** Results with the sharpness of every end point, or null. */
  @property({ attribute: false }) result: ExperimentResult | null = null;
  /** The step `result` was measured at. */
  @property({ type: Number }) measuredStep = -1;
  /** The step the runs are at now. */
  @property({ type: Number }) step = 0;
  @property({ type: Boolean }) playing = false;
  /** Whether the engine could measure now (an experiment is ready). */
  @property({ type: Boolean }) ready = false;
  /** The runs selected in the scatter (held by the page). */
  @property({ attribute: false }) selected: RunSelection | null = null;

  @state() private measure: SharpnessMeasure = 'lambdaMax';

  @query('.hist') private histBox!: HTMLDivElement | null;
  @query('.scatter') private scatterBox!: HTMLDivElement | null;

  private view: SharpnessView | null = null;
  private viewKey: [ExperimentResult | null, SharpnessMeasure] = [
    null,
    'lambdaMax',
  ];
  private hist: uPlot | null = null;
  private scatter: uPlot | null = null;
  private plotView: SharpnessView | null = null;
  private visible = false;
  /** The spec and step a measurement was last asked for. */
  private asked: [unknown, number] = [null, -1];
  private readonly resize = new ResizeObserver(() => this.fit());
  private readonly seen = new IntersectionObserver((entries) => {
    const v = entries.some((e) => e.isIntersecting);
    if (v !== this.visible) {
      this.visible = v;
      this.requestUpdate();
    }
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.seen.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.seen.disconnect();
    this.resize.disconnect();
    this.destroyPlots();
  }

  /** The result, if it has the sharpness of the current experiment. */
  private get measured(): ExperimentResult | null {
    const r = this.result;
    return r &&
      this.spec &&
      r.spec === this.spec.json &&
      r.optimizers.every((o) => o.sharpness)
      ? r
      : null;
  }

  override willUpdate(): void {
    const r = this.measured;
    if (this.viewKey[0] !== r || this.viewKey[1] !== this.measure) {
      this.viewKey = [r, this.measure];
      const limits =
        r && this.measure === 'lambdaMax'
          ? stabilityLimits(r).filter((x): x is number => x !== null)
          : [];
      this.view = r ? sharpnessView(r, this.measure, limits) : null;
    }
  }

  override updated(changed: PropertyValues<this>): void {
    this.askForMeasurement();
    if (!this.view || !this.histBox || !this.scatterBox) {
      this.destroyPlots();
      return;
    }
    if (this.plotView !== this.view) {
      this.destroyPlots();
      this.plotView = this.view;
      this.hist = this.makeHistogram(this.histBox, this.view);
      this.scatter = this.makeScatter(this.scatterBox, this.view);
      this.resize.observe(this.histBox);
      this.resize.observe(this.scatterBox);
    }
    if (changed.has('selected') && !this.selected && this.scatter) {
      this.scatter.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    }
  }

  /** Asks once per paused step for a measurement, while on screen. */
  private askForMeasurement(): void {
    const spec = this.spec;
    if (!spec || !this.visible || this.playing || !this.ready) return;
    if (this.measured && this.measuredStep === this.step) return;
    if (this.asked[0] === spec.json && this.asked[1] === this.step) return;
    this.asked = [spec.json, this.step];
    this.dispatchEvent(
      new CustomEvent('sharpness-request', { bubbles: true, composed: true }),
    );
  }

  private destroyPlots(): void {
    this.hist?.destroy();
    this.scatter?.destroy();
    this.hist = null;
    this.scatter = null;
    this.plotView = null;
  }

  private fit(): void {
    for (const [plot, box] of [
      [this.hist, this.histBox],
      [this.scatter, this.scatterBox],
    ] as const) {
      if (!plot || !box) continue;
      const w = Math.max(200, box.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: PLOT_HEIGHT });
    }
  }

  // ------------------------------------------------------------ render

  override render() {
    const spec = this.spec;
    if (!spec) return nothing;
    const r = this.measured;
    if (!r || !this.view) {
      const now = !this.playing && this.ready && this.visible;
      return html`<p class="note" role="status">
        ${
          now
            ? 'Measuring the sharpness of every end point…'
            : 'Measured when the runs finish — or pause to measure now.'
        }
      </p>`;
    }
    const view = this.view;
    const info = measureInfo(this.measure);
    const stale = this.measuredStep !== this.step;
    return html`
      <div class="bar">
        <label for="measure">measure</label>
        <select
          id="measure"
          title=${info.doc}
          @change=${(e: Event) => {
            this.measure = (e.target as HTMLSelectElement)
              .value as SharpnessMeasure;
            this.select(null);
          }}
        >
          ${MEASURES.map(
            (m) =>
              html`<option value=${m.key} ?selected=${m.key === this.measure}>
                ${m.label}
              </option>`,
          )}
        </select>
        <span class="muted">
          ${info.short}: ${view.x.log ? 'log' : 'linear'} scale · loss:
          ${view.y.log ? 'log' : 'linear'} scale
        </span>
        <span class="picked" role="status">${this.selectionText()}</span>
        <button
          type="button"
          ?disabled=${!this.selected}
          @click=${() => this.select(null)}
        >
          Clear selection
        </button>
      </div>
      <div class="plots ${stale ? 'stale' : ''}">
        <figure>
          <h3>How sharp the end points are</h3>
          <div
            class="plot hist"
            role="img"
            aria-label=${
              `Histogram of ${info.short} per optimizer, ` +
              `${view.x.log ? 'log' : 'linear'} scale`
            }
          ></div>
          <figcaption title=${STABILITY_NOTE}>
            Share of each optimizer's runs per bin.
            ${
              this.measure === 'lambdaMax'
                ? STABILITY_NOTE
                : 'The GD stability lines 2/lr are drawn for λ_max only.'
            }
          </figcaption>
        </figure>
        <figure>
          <h3>Final loss against ${info.short}</h3>
          <div
            class="plot scatter"
            role="img"
            aria-label=${
              `Scatter of the final loss above the minimum against ` +
              `${info.short}; drag a box to select runs`
            }
          ></div>
          <figcaption>
            Loss above the lowest minimum (${fmt(view.floor)}). Drag a box to
            select its runs on the landscape; click to clear.
          </figcaption>
        </figure>
      </div>
      <div class="legend">
        ${r.optimizers.map(
          (o, i) =>
            html`<span
              ><i class="swatch" style="background:${optimizerColor(i)}"></i
              >${o.label}</span
            >`,
        )}
      </div>
      <div class=${stale ? 'stale' : ''}>${this.renderVerdict(r)}</div>
      ${this.renderNotes(r, view, stale)}
    `;
  }

  private selectionText(): string {
    const s = this.selected;
    if (!s) return 'Drag over the scatter to select runs.';
    const runs = `${count(s.count)} run${s.count === 1 ? '' : 's'} selected`;
    if (s.shown >= s.count) return `${runs}, marked on the landscape`;
    return (
      `${runs}; ${count(s.shown)} of them (at most ${count(MAX_MARKED)}, ` +
      'spread over all) marked on the landscape'
    );
  }

  private renderVerdict(r: ExperimentResult) {
    const info = measureInfo(this.measure);
    const v = verdicts(r, this.measure);
    const flat = r.basinVolumes[r.flattest];
    const flatTitle = flat
      ? `The flattest known minimum: the smallest top Hessian eigenvalue ` +
        `(λ_max = ${fmt(flat.lambdaMax)}); ${pct(flat.volume)} of all ` +
        `starts end there.`
      : '';
    return html`
      <table class="verdict">
        <caption class="sr-only">
          Verdict per optimizer: the share of runs in the flattest basin and the
          spread of ${info.short}
        </caption>
        <thead>
          <tr>
            <th scope="col">optimizer</th>
            <th scope="col" title=${flatTitle}>
              in the flattest basin${v.basin ? html` (‘${v.basin}’)` : nothing}
            </th>
            <th scope="col" title=${info.doc}>median ${info.short}</th>
            <th
              scope="col"
              title="The middle half of the runs: 25th to 75th percentile"
            >
              spread (q25–q75)
            </th>
            <th scope="col">diverged</th>
          </tr>
        </thead>
        <tbody>
          ${v.rows.map((row, i) => {
            const best =
              v.rows.length > 1 && v.best > 0 && row.flattestShare === v.best;
            return html`
              <tr class=${best ? 'best' : ''}>
                <th scope="row">
                  <i class="swatch" style="background:${optimizerColor(i)}"></i>
                  ${row.label}
                  ${
                    best
                      ? html`<span
                          class="badge"
                          title="The most runs in the flattest basin"
                          >flattest</span
                        >`
                      : nothing
                  }
                </th>
                <td class="num flat">
                  ${v.basin === null ? '—' : pct(row.flattestShare)}
                </td>
                <td class="num median">${fmt(row.spread?.median ?? null)}</td>
                <td class="num spread">
                  ${
                    row.spread
                      ? `${fmt(row.spread.q25)} – ${fmt(row.spread.q75)}`
                      : '—'
                  }
                </td>
                <td class="num">
                  ${count(row.diverged.count)}
                  <span class="muted">(${pct(row.diverged.fraction)})</span>
                </td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    `;
  }

  private renderNotes(
    r: ExperimentResult,
    view: SharpnessView,
    stale: boolean,
  ) {
    const diverged = view.points.reduce((n, p) => n + p.diverged, 0);
    const nonFinite = view.points.reduce((n, p) => n + p.nonFinite, 0);
    const left = [
      diverged ? `${count(diverged)} diverged` : '',
      nonFinite ? `${count(nonFinite)} without a finite value` : '',
    ].filter(Boolean);
    const swa = r.optimizers.some((o) => o.swa);
    return html`
      <p class="note">
        ${
          stale
            ? `Measured at step ${count(this.measuredStep)}; the runs are at ` +
              `step ${count(this.step)} now. Pause or let them finish to ` +
              'measure again. '
            : `Measured at step ${count(this.measuredStep)}. `
        }
        ${
          left.length
            ? `Left out of the plots and medians: ${left.join(' and ')} runs.`
            : 'No run was left out.'
        }
        ${
          swa
            ? 'With SWA the measures are of each run’s own end point, not ' +
              'of its average.'
            : nothing
        }
      </p>
    `;
  }

  // ------------------------------------------------------------ plots

  private makeHistogram(box: HTMLDivElement, view: SharpnessView): uPlot {
    const style = axisStyle(this);
    const { edges, shares } = histograms(view);
    const r = this.measured!;
    const info = measureInfo(view.measure);
    const top = Math.max(0.01, ...shares.flat()) * 1.12;
    const limits =
      view.measure === 'lambdaMax'
        ? stabilityLimits(r)
        : r.optimizers.map(() => null);
    const series: uPlot.Series[] = [{ label: info.short }];
    const data: (number | null)[][] = [edges];
    r.optimizers.forEach((o, i) => {
      const c = optimizerColor(i);
      series.push({
        label: o.label,
        stroke: c,
        width: 2,
        fill: alpha(c, 0.14),
        paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: false },
      });
      data.push([...shares[i]!, 0]);
    });
    return new uPlot(
      {
        width: Math.max(200, box.clientWidth),
        height: PLOT_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: {
            time: false,
            distr: view.histX.log ? 3 : 1,
            range: () => [view.histX.min, view.histX.max],
          },
          y: { range: () => [0, top] },
        },
        series,
        axes: [
          axis(info.short, style, view.x.log),
          { ...axis('share of runs', style), size: 56 },
        ],
        hooks: {
          draw: [(u) => this.drawLimits(u, limits, view, style)],
        },
      },
      data as uPlot.AlignedData,
      box,
    );
  }

  /** The 2/lr lines, dashed in each optimizer's colour, with a label. */
  private drawLimits(
    u: uPlot,
    limits: (number | null)[],
    view: SharpnessView,
    style: AxisStyle,
  ): void {
    const ctx = u.ctx;
    const px = uPlot.pxRatio;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.font = style.font.replace(
      /^(\d+)px/,
      (_, n: string) => `${Math.round(Number(n) * px)}px`,
    );
    ctx.textBaseline = 'top';
    let row = 0;
    limits.forEach((x, i) => {
      if (x === null || x < view.histX.min || x > view.histX.max) return;
      const c = optimizerColor(i);
      const at = Math.round(u.valToPos(x, 'x', true)) + 0.5;
      ctx.strokeStyle = c;
      ctx.lineWidth = 1.5 * px;
      // equal limits interleave their dashes, so every colour shows
      ctx.setLineDash([5 * px, 5 * px * (limits.length - 1) + 5 * px]);
      ctx.lineDashOffset = -5 * px * i;
      ctx.beginPath();
      ctx.moveTo(at, top);
      ctx.lineTo(at, top + height);
      ctx.stroke();
      const flip = at > left + 0.62 * width;
      ctx.textAlign = flip ? 'right' : 'left';
      ctx.fillStyle = c;
      ctx.fillText(
        `GD stability 2/lr = ${fmt(x)}`,
        at + (flip ? -5 : 5) * px,
        top + (4 + 16 * row++) * px,
      );
    });
    ctx.restore();
  }

  private makeScatter(box: HTMLDivElement, view: SharpnessView): uPlot {
    const style = axisStyle(this);
    const info = measureInfo(view.measure);
    return new uPlot(
      {
        width: Math.max(200, box.clientWidth),
        height: PLOT_HEIGHT,
        legend: { show: false },
        cursor: {
          drag: { x: true, y: true, setScale: false, dist: 4 },
          points: { show: false },
        },
        scales: {
          x: {
            time: false,
            distr: view.x.log ? 3 : 1,
            range: () => [view.x.min, view.x.max],
          },
          y: {
            distr: view.y.log ? 3 : 1,
            range: () => [view.y.min, view.y.max],
          },
        },
        // the points are drawn by the draw hook; this series holds the
        // y scale only
        series: [{ label: info.short }, { label: 'loss', show: true }],
        axes: [
          axis(info.short, style, view.x.log),
          {
            ...axis('loss − minimum', style, view.y.log),
            size: 64,
            gap: 6,
          },
        ],
        hooks: {
          draw: [(u) => this.drawPoints(u, view)],
          setSelect: [(u) => this.onBrush(u, view)],
        },
      },
      [
        [view.x.min, view.x.max],
        [null, null],
      ],
      box,
    );
  }

  private drawPoints(u: uPlot, view: SharpnessView): void {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const s = POINT_PX * uPlot.pxRatio;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    view.points.forEach((p, i) => {
      ctx.fillStyle = alpha(optimizerColor(i), 0.65);
      for (let k = 0; k < p.x.length; k++) {
        const x = u.valToPos(p.x[k]!, 'x', true);
        const y = u.valToPos(p.y[k]!, 'y', true);
        ctx.fillRect(x - s / 2, y - s / 2, s, s);
      }
    });
    ctx.restore();
  }

  /** A dragged box selects the runs inside it; a click clears. */
  private onBrush(u: uPlot, view: SharpnessView): void {
    const r = this.measured;
    const b = u.select;
    if (!r || b.width < 2 || b.height < 2) {
      if (this.selected) this.select(null);
      return;
    }
    const xa = u.posToVal(b.left, 'x');
    const xb = u.posToVal(b.left + b.width, 'x');
    const ya = u.posToVal(b.top + b.height, 'y');
    const yb = u.posToVal(b.top, 'y');
    this.select(
      selectBox(view, r, this.measuredStep, {
        x0: Math.min(xa, xb),
        x1: Math.max(xa, xb),
        y0: Math.min(ya, yb),
        y1: Math.max(ya, yb),
      }),
    );
  }

  private select(selection: RunSelection | null): void {
    if (!selection) {
      this.scatter?.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    }
    this.dispatchEvent(
      new CustomEvent('runs-select', {
        detail: { selection },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-sharpness': BasinsSharpness;
  }
}
