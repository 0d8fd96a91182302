import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ExperimentResult, LiveStats } from '../engine/results';
import { basinColors } from '../render/colormap';
import type { ResolvedSpec } from '../spec/spec';
import { count, fmt, pct } from './format';
import { optimizerColor } from './palette';
import { shared, tables } from './theme';

/**
 * The numbers per optimizer: the share of runs in each basin (a stacked
 * bar in the basin colours), how many diverged, the median number of steps
 * to converge (once the runs are done) and quantiles of the loss.
 */
@customElement('basins-stats')
export class BasinsStats extends LitElement {
  static override styles = [
    shared,
    tables,
    css`
      :host {
        display: block;
      }
      tbody th {
        max-width: 12em;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .stack {
        display: flex;
        height: 0.9em;
        min-width: 5em;
        border-radius: 3px;
        overflow: hidden;
        box-shadow: 0 0 0 1px var(--border);
      }
      .stack i {
        display: block;
        height: 100%;
      }
      td.bar {
        width: 24%;
      }
      .note {
        color: var(--muted);
        font-size: 0.82em;
        margin: 0.5em 0 0;
      }
    `,
  ];

  @property({ attribute: false }) spec: ResolvedSpec | null = null;
  @property({ attribute: false }) stats: LiveStats | null = null;
  /** Full results at the end of the run (median steps to converge). */
  @property({ attribute: false }) results: ExperimentResult | null = null;

  override render() {
    const spec = this.spec;
    const st = this.stats;
    if (!spec || !st)
      return html`<p class="note">Waiting for the first numbers…</p>`;
    const minima = spec.landscape.minima(spec.landscapeParams);
    const colors = basinColors(minima.length);
    const done = st.step >= spec.steps;
    const res = this.results?.spec === spec.json ? this.results : null;
    const levels = st.optimizers[0]?.quantiles.levels ?? [];
    return html`
      <table>
        <caption class="sr-only">
          Statistics per optimizer at step ${st.step}
        </caption>
        <thead>
          <tr>
            <th scope="col">optimizer</th>
            <th scope="col">basins</th>
            <th scope="col">diverged</th>
            <th
              scope="col"
              title="Median steps until a run converged for good, and the share of runs that did"
            >
              converged
            </th>
            ${levels.map(
              (q) => html`<th scope="col">loss q${Math.round(100 * q)}</th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${st.optimizers.map((o, i) => {
            const last = o.quantiles.values.at(-1) ?? [];
            const conv = res?.optimizers[i]?.converged;
            const n = colors.length;
            const parts = [
              ...o.basins.map((b, k) => [b.fraction, colors[k]!, b.label]),
              [o.other.fraction, colors[n - 2]!, 'other'],
              [o.diverged.fraction, colors[n - 1]!, 'diverged'],
            ] as [number, string, string][];
            return html`
              <tr>
                <th scope="row">
                  <i class="swatch" style="background:${optimizerColor(i)}"></i>
                  ${o.label}
                </th>
                <td class="bar">
                  <div
                    class="stack"
                    role="img"
                    aria-label=${parts
                      .filter((p) => p[0] > 0)
                      .map((p) => `${p[2]} ${pct(p[0])}`)
                      .join(', ')}
                  >
                    ${parts
                      .filter((p) => p[0] > 0)
                      .map(
                        ([f, c, label]) =>
                          html`<i
                            style="width:${(100 * f).toFixed(3)}%;background:${c}"
                            title=${`${label}: ${pct(f)}`}
                          ></i>`,
                      )}
                  </div>
                </td>
                <td class="num">
                  ${count(o.diverged.count)}
                  <span class="muted">(${pct(o.diverged.fraction)})</span>
                </td>
                <td class="num">
                  ${
                    conv
                      ? conv.medianSteps === null
                        ? 'none converged'
                        : html`${fmt(conv.medianSteps)}
                            <span class="muted">(${pct(conv.fraction)})</span>`
                      : html`<span class="muted"
                          >${done ? '…' : 'at the end'}</span
                        >`
                  }
                </td>
                ${levels.map(
                  (_, k) => html`<td class="num">${fmt(last[k] ?? null)}</td>`,
                )}
              </tr>
            `;
          })}
        </tbody>
      </table>
      <p class="note">
        ${done ? 'Final' : `At step ${count(st.step)}:`} loss quantiles over the
        runs that have not diverged; ${count(spec.runs)} runs per optimizer.
        ${res ? nothing : done ? nothing : 'Convergence is counted at the end.'}
      </p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-stats': BasinsStats;
  }
}
