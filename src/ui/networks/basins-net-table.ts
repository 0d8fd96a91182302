import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { NetExperimentResult } from '../../nn/results';
import { count, fmt, pct } from '../format';
import { optimizerColor } from '../palette';
import { shared } from '../theme';

/**
 * One row per optimizer lane: medians of the final networks' losses,
 * accuracies, gap and sharpness, the diverged count and the training
 * speed. Text only; labels are rendered as text, never as HTML.
 */
@customElement('basins-net-table')
export class BasinsNetTable extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.92em;
      }
      th,
      td {
        padding: 0.3em 0.6em;
        text-align: right;
        border-bottom: 1px solid var(--border);
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      thead th {
        color: var(--muted);
        font-weight: 600;
      }
      caption {
        text-align: left;
        color: var(--muted);
        padding-bottom: 0.4em;
      }
    `,
  ];

  /** The results to show; nothing before the first run. */
  @property({ attribute: false }) result: NetExperimentResult | null = null;

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const acc = r.dataset.task === 'classification';
    const where =
      r.engine === 'webgpu' ? 'on the GPU' : 'on the CPU (Float64 reference)';
    return html`
      <table>
        <caption>
          Medians over the networks that did not diverge, ${r.dataset.kind}:
          ${r.dataset.nTrain} training and ${r.dataset.nTest} test points,
          ${r.parameters} parameters per network, trained ${where}.
        </caption>
        <thead>
          <tr>
            <th scope="col">optimizer</th>
            <th scope="col">train loss</th>
            <th scope="col">test loss</th>
            ${
              acc
                ? html`<th scope="col">train acc.</th>
                    <th scope="col">test acc.</th>`
                : nothing
            }
            <th scope="col">gap</th>
            <th scope="col">λ<sub>max</sub></th>
            <th scope="col">diverged</th>
            <th scope="col">network-steps/s</th>
          </tr>
        </thead>
        <tbody>
          ${r.lanes.map(
            (l, i) => html`
              <tr data-lane=${i}>
                <th scope="row">
                  <span
                    class="swatch"
                    style="background:${optimizerColor(i)}"
                  ></span>
                  ${l.label}
                </th>
                <td class="num">${fmt(l.median.trainLoss)}</td>
                <td class="num">${fmt(l.median.testLoss)}</td>
                ${
                  acc
                    ? html`<td class="num" data-field="trainAccuracy">
                          ${pct(l.median.trainAccuracy)}
                        </td>
                        <td class="num">${pct(l.median.testAccuracy)}</td>`
                    : nothing
                }
                <td class="num">${fmt(l.median.gap)}</td>
                <td class="num">
                  ${l.sharpness ? fmt(l.sharpness.median.lambdaMax) : '—'}
                </td>
                <td class="num">${count(l.diverged)} of ${count(l.runs)}</td>
                <td class="num">${count(l.networkStepsPerSecond)}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-net-table': BasinsNetTable;
  }
}
