import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { shared } from './theme';

export type NoticeKind = 'info' | 'warn' | 'error';

/**
 * One notice above the page: a heading, an optional explanation and list,
 * an optional action button and a dismiss button. All text is rendered as
 * text, never as HTML (notices quote parts of shared links).
 *
 * @fires notice-action - the action button was pressed
 * @fires dismiss - the dismiss button was pressed
 */
@customElement('basins-notice')
export class BasinsNotice extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .box {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 0.2em 0.8em;
        align-items: start;
        padding: 0.7em 0.9em;
        border-radius: var(--radius);
        border: 1px solid var(--border);
        border-left: 6px solid var(--info);
        background: var(--panel);
      }
      .warn {
        border-left-color: var(--warn);
      }
      .error {
        border-left-color: var(--danger);
      }
      .icon {
        font-weight: 700;
        width: 1.4em;
        height: 1.4em;
        border-radius: 50%;
        display: grid;
        place-items: center;
        background: var(--info);
        color: var(--on-accent);
        font-size: 0.9em;
        margin-top: 0.1em;
      }
      .warn .icon {
        background: var(--warn);
      }
      .error .icon {
        background: var(--danger);
      }
      h2 {
        font-size: 1em;
        margin: 0;
      }
      p {
        margin: 0.25em 0 0;
        color: var(--muted);
      }
      ul {
        margin: 0.35em 0 0;
        padding-left: 1.2em;
        color: var(--muted);
        max-height: 9em;
        overflow: auto;
      }
      code {
        color: var(--text);
        font-family: var(--mono);
        font-size: 0.92em;
      }
      .actions {
        display: flex;
        gap: 0.5em;
      }
    `,
  ];

  @property({ reflect: true }) kind: NoticeKind = 'info';
  @property() heading = '';
  @property() text = '';
  /** Lines of a list, each `[code, explanation]` or plain text. */
  @property({ attribute: false }) items: (string | [string, string])[] = [];
  /** The label of the action button; none without it. */
  @property() action = '';
  @property({ type: Boolean }) dismissible = true;

  override render() {
    const icon = this.kind === 'info' ? 'i' : '!';
    return html`
      <div
        class="box ${this.kind}"
        role=${this.kind === 'info' ? 'status' : 'alert'}
      >
        <span class="icon" aria-hidden="true">${icon}</span>
        <div>
          <h2>${this.heading}</h2>
          ${this.text ? html`<p>${this.text}</p>` : nothing}
          ${
            this.items.length
              ? html`<ul>
                  ${this.items.map((it) =>
                    typeof it === 'string'
                      ? html`<li>${it}</li>`
                      : html`<li><code>${it[0]}</code>: ${it[1]}</li>`,
                  )}
                </ul>`
              : nothing
          }
        </div>
        <div class="actions">
          ${
            this.action
              ? html`<button class="primary" @click=${this.onAction}>
                  ${this.action}
                </button>`
              : nothing
          }
          ${
            this.dismissible
              ? html`<button
                  @click=${this.onDismiss}
                  aria-label=${`Dismiss: ${this.heading}`}
                >
                  ✕
                </button>`
              : nothing
          }
        </div>
      </div>
    `;
  }

  private onAction(): void {
    this.dispatchEvent(
      new CustomEvent('notice-action', { bubbles: true, composed: true }),
    );
  }

  private onDismiss(): void {
    this.dispatchEvent(
      new CustomEvent('dismiss', { bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-notice': BasinsNotice;
  }
}
