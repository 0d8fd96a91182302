import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SPEEDS, type Speed } from './engine-controller';
import { count } from './format';
import { shared } from './theme';

const icon = (d: ReturnType<typeof svg>) =>
  html`<svg viewBox="0 0 24 24" aria-hidden="true">${d}</svg>`;
const PLAY = svg`<path d="M7 4.5v15l12.5-7.5z" />`;
const PAUSE = svg`<path d="M6 4.5h4.2v15H6zM13.8 4.5H18v15h-4.2z" />`;
const STEP = svg`<path d="M5 4.5v15l10-7.5zM16.5 4.5h3v15h-3z" />`;
const RESET = svg`<path d="M12 5a7 7 0 1 1-6.6 4.7l1.9.6A5 5 0 1 0 12 7v3L7.5 6 12 2z" />`;

/**
 * Play, pause, single step and reset, with the step counter, the frame
 * rate, the engine in use and the playback speed. Space, the right arrow
 * and R do the same from anywhere on the page (handled by basins-app).
 *
 * @fires transport - `{ action: 'play' | 'pause' | 'step' | 'reset' }`
 * @fires speed-change - `{ speed }`
 */
@customElement('basins-transport')
export class BasinsTransport extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5em 0.9em;
      }
      .buttons {
        display: flex;
        gap: 0.4em;
      }
      button {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        padding: 0.4em 0.85em;
      }
      svg {
        width: 1.1em;
        height: 1.1em;
        fill: currentColor;
      }
      .track {
        margin-top: 0.55em;
        height: 0.4em;
        border-radius: 1em;
        background: var(--input);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--accent);
        border-radius: 1em;
      }
      .readout {
        display: flex;
        gap: 0.3em 1.1em;
        flex-wrap: wrap;
        color: var(--muted);
        font-size: 0.92em;
      }
      .speed {
        color: var(--muted);
        font-size: 0.92em;
        display: inline-flex;
        gap: 0.4em;
        align-items: center;
      }
      .keys {
        margin: 0.45em 0 0;
        color: var(--muted);
        font-size: 0.8em;
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0.3em 1em;
      }
      .readout strong {
        color: var(--text);
        font-weight: 600;
      }
      kbd {
        font-family: var(--mono);
        font-size: 0.78em;
        border: 1px solid var(--border);
        border-radius: 4px;
        padding: 0 0.3em;
        color: var(--muted);
      }
    `,
  ];

  @property({ type: Boolean }) playing = false;
  @property({ type: Boolean }) busy = false;
  @property({ type: Number }) stepsDone = 0;
  @property({ type: Number }) steps = 0;
  @property({ type: Number }) fps = 0;
  @property({ type: Number }) stepsPerFrame = 0;
  @property() engineLabel = '';
  @property() speed: Speed = 'normal';

  override render() {
    const finished = this.steps > 0 && this.stepsDone >= this.steps;
    const frac = this.steps > 0 ? this.stepsDone / this.steps : 0;
    const fps = this.playing && this.fps > 0 ? this.fps.toFixed(0) : '–';
    return html`
      <div class="bar" role="group" aria-label="Run controls">
        <div class="buttons">
          <button
            class="primary"
            data-action=${this.playing ? 'pause' : 'play'}
            ?disabled=${this.busy}
            title=${finished ? 'Play again from the start' : ''}
            aria-keyshortcuts="Space"
            @click=${() => this.fire(this.playing ? 'pause' : 'play')}
          >
            ${icon(this.playing ? PAUSE : PLAY)}
            ${this.playing ? 'Pause' : 'Play'}
          </button>
          <button
            data-action="step"
            ?disabled=${this.busy || finished}
            aria-keyshortcuts="ArrowRight"
            @click=${() => this.fire('step')}
          >
            ${icon(STEP)} Step
          </button>
          <button
            data-action="reset"
            ?disabled=${this.busy}
            aria-keyshortcuts="R"
            @click=${() => this.fire('reset')}
          >
            ${icon(RESET)} Reset
          </button>
        </div>
        <div class="readout">
          <span
            >step
            <strong class="num" data-testid="step"
              >${count(this.stepsDone)}</strong
            >
            of ${count(this.steps)}</span
          >
          <span><strong class="num" data-testid="fps">${fps}</strong> fps</span>
        </div>
        <label class="speed"
          >speed
          <select @change=${this.onSpeed} aria-label="Playback speed">
            ${Object.keys(SPEEDS).map(
              (k) =>
                html`<option value=${k} ?selected=${k === this.speed}>
                  ${k}
                </option>`,
            )}
          </select></label
        >
      </div>
      <div
        class="track"
        role="progressbar"
        aria-label="Steps done"
        aria-valuemin="0"
        aria-valuemax=${this.steps}
        aria-valuenow=${this.stepsDone}
      >
        <div class="fill" style="width: ${(100 * frac).toFixed(2)}%"></div>
      </div>
      <p class="keys">
        <span
          >${this.engineLabel} ·
          <span class="num">${this.stepsPerFrame}</span>
          ${this.stepsPerFrame === 1 ? 'step' : 'steps'} per frame</span
        >
        <span aria-hidden="true"
          ><kbd>Space</kbd> play or pause · <kbd>→</kbd> one step ·
          <kbd>R</kbd> reset</span
        >
      </p>
    `;
  }

  private onSpeed(e: Event): void {
    const speed = (e.target as HTMLSelectElement).value as Speed;
    this.dispatchEvent(
      new CustomEvent('speed-change', {
        detail: { speed },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private fire(action: 'play' | 'pause' | 'step' | 'reset'): void {
    this.dispatchEvent(
      new CustomEvent('transport', {
        detail: { action },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-transport': BasinsTransport;
  }
}
