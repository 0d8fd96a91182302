import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { count, fmt } from './format';
import { optimizerColor } from './palette';
import type { RunDetail } from './run-detail';
import { shared } from './theme';

/**
 * The run picked on the landscape or a basin map: start, end, loss, basin,
 * when it diverged or converged, and where its drawn path comes from.
 *
 * @fires clear-selection - the close button was pressed
 */
@customElement('basins-run-details')
export class BasinsRunDetails extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .box {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--panel);
        padding: 0.6em 0.9em;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.5em;
        font-weight: 600;
      }
      header button {
        margin-left: auto;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.15em 0.8em;
        margin: 0.5em 0 0;
        font-size: 0.92em;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
      }
      p {
        color: var(--muted);
        margin: 0;
        font-size: 0.92em;
      }
    `,
  ];

  @property({ attribute: false }) detail: RunDetail | null = null;
  /** Whether gradient noise is on: a replayed path then differs. */
  @property({ type: Boolean }) noisy = false;

  override render() {
    const d = this.detail;
    if (!d) {
      return html`<div class="box">
        <p>
          Click a point on the landscape or a cell of a basin map to follow one
          run.
        </p>
      </div>`;
    }
    const pt = (p: [number, number]) => `(${fmt(p[0], 4)}, ${fmt(p[1], 4)})`;
    const path =
      d.pathSource === 'recorded'
        ? 'recorded by the engine'
        : d.pathSource === 'replayed'
          ? `replayed on the CPU in Float64${
              this.noisy ? ' (its noise differs from the GPU run)' : ''
            }`
          : 'not recorded';
    return html`
      <div class="box" role="region" aria-label="Picked run" aria-live="polite">
        <header>
          <i
            class="swatch"
            style="background:${optimizerColor(d.optimizer)}"
          ></i>
          ${d.label}, run ${count(d.run)}
          <button
            @click=${() =>
              this.dispatchEvent(
                new CustomEvent('clear-selection', {
                  bubbles: true,
                  composed: true,
                }),
              )}
            aria-label="Close the run details"
          >
            ✕
          </button>
        </header>
        <dl class="num">
          <dt>start</dt>
          <dd>${pt(d.start)}</dd>
          <dt>at step ${count(d.step)}</dt>
          <dd>${pt(d.end)}</dd>
          <dt>loss</dt>
          <dd>${fmt(d.loss, 5)}</dd>
          <dt>basin</dt>
          <dd>${d.basin}</dd>
          ${
            d.divergedAt
              ? html`<dt>diverged</dt>
                  <dd>at step ${count(d.divergedAt)}</dd>`
              : nothing
          }
          ${
            d.convergedAt
              ? html`<dt>converged</dt>
                  <dd>after ${count(d.convergedAt)} steps</dd>`
              : nothing
          }
          <dt>path</dt>
          <dd>${path}</dd>
        </dl>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-run-details': BasinsRunDetails;
  }
}
