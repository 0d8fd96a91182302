import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DATASETS, DATASET_KINDS } from '../../nn/datasets';
import type { SpecIssue } from '../../util/errors';
import { optimizerColor } from '../palette';
import { shared } from '../theme';
import {
  DEFAULT_FORM,
  MAX_LANES,
  NET_GRADIENTS,
  NET_SAMPLING_OPTIONS,
  NET_OPTIMIZERS,
  lossFor,
  plainLane,
  type LaneForm,
  type NetForm,
} from './net-form';

/** The spec path each field answers for (issues at or below it). */
const FIELD_PATHS: Record<string, string> = {
  kind: 'network.dataset.kind',
  n: 'network.dataset.n',
  noise: 'network.dataset.noise',
  widths: 'network.widths',
  activation: 'network.activation',
  loss: 'network.loss',
  l2: 'network.l2',
  runs: 'runs',
  steps: 'steps',
  seed: 'seed',
};

function under(path: string, prefix: string): boolean {
  return (
    path === prefix ||
    path.startsWith(`${prefix}.`) ||
    path.startsWith(`${prefix}[`)
  );
}

/**
 * The form of a network experiment: dataset, network, up to three
 * optimizer lanes, runs, steps and seed, with the validator's message
 * next to each field it concerns.
 *
 * @fires form-change - detail: the new NetForm, after every edit
 * @fires train - the Train button was pressed (or Enter in a field)
 */
@customElement('basins-net-controls')
export class BasinsNetControls extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.9em;
      }
      fieldset {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--panel);
        padding: 0.6em 0.8em 0.8em;
        margin: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9.5em, 1fr));
        gap: 0.6em 0.8em;
      }
      legend {
        padding: 0 0.3em;
        font-weight: 600;
      }
      .field {
        display: grid;
        gap: 0.15em;
        align-content: start;
      }
      .field label {
        font-size: 0.88em;
        color: var(--muted);
      }
      .msg {
        color: var(--danger);
        font-size: 0.82em;
      }
      .lane {
        grid-column: 1 / -1;
        display: grid;
        grid-template-columns: 1.4fr 1fr 0.8fr 1.2fr 1.2fr 0.8fr auto;
        gap: 0.2em 0.6em;
        align-items: end;
      }
      .lane .msg {
        grid-column: 1 / -1;
      }
      .row {
        grid-column: 1 / -1;
        display: flex;
        gap: 0.6em;
        align-items: center;
      }
      .general {
        color: var(--danger);
        margin: 0;
        padding-left: 1.2em;
      }
    `,
  ];

  /** The form's values, as typed. */
  @property({ attribute: false }) form: NetForm = DEFAULT_FORM;
  /** Problems of the current values, with the paths of their fields. */
  @property({ attribute: false }) issues: readonly SpecIssue[] = [];
  /** Training: the Train button waits. */
  @property({ type: Boolean }) busy = false;

  override render() {
    const f = this.form;
    const general = this.issues.filter(
      (i) =>
        !Object.values(FIELD_PATHS).some((p) => under(i.path, p)) &&
        !/^optimizers\[\d+\]/.test(i.path),
    );
    return html`<form @submit=${this.onSubmit} novalidate>
      <fieldset>
        <legend>Data</legend>
        ${this.select(
          'kind',
          'dataset',
          DATASET_KINDS.map((k) => [k, DATASETS[k].name]),
        )}
        ${this.text('n', 'points', 'numeric')}
        ${this.text('noise', 'input noise', 'decimal')}
      </fieldset>
      <fieldset>
        <legend>Network</legend>
        ${this.text('widths', 'widths (input-…-output)', 'text')}
        ${this.select('activation', 'activation', [
          ['tanh', 'tanh'],
          ['relu', 'ReLU'],
        ])}
        ${this.select('loss', 'loss', [
          ['bce', 'cross-entropy'],
          ['mse', 'squared error'],
        ])}
        ${this.text('l2', 'L2', 'decimal')}
      </fieldset>
      <fieldset>
        <legend>Optimizers</legend>
        ${f.lanes.map((l, i) => this.lane(l, i))}
        <div class="row">
          <button
            type="button"
            @click=${this.addLane}
            ?disabled=${f.lanes.length >= MAX_LANES}
          >
            Add optimizer
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Runs</legend>
        ${this.text('runs', 'networks per optimizer', 'numeric')}
        ${this.text('steps', 'steps', 'numeric')}
        ${this.text('seed', 'seed', 'numeric')}
      </fieldset>
      ${
        general.length
          ? html`<ul class="general" role="alert">
              ${general.map((i) => html`<li>${i.path}: ${i.message}</li>`)}
            </ul>`
          : nothing
      }
      <div class="row">
        <button
          class="primary"
          type="submit"
          ?disabled=${this.busy || this.issues.length > 0}
        >
          ${this.busy ? 'Training…' : 'Train'}
        </button>
        ${
          this.issues.length
            ? html`<span class="muted">fix the marked fields to train</span>`
            : nothing
        }
      </div>
    </form>`;
  }

  /** Messages of the issues at or below `prefix`. */
  private messages(prefix: string): string[] {
    return this.issues
      .filter((i) => under(i.path, prefix))
      .map((i) => i.message);
  }

  private msg(id: string, messages: string[]) {
    return messages.length
      ? html`<span class="msg" id="${id}-msg">${messages.join('; ')}</span>`
      : nothing;
  }

  private text(
    key: Exclude<keyof NetForm, 'lanes'>,
    label: string,
    mode: 'numeric' | 'decimal' | 'text',
  ) {
    const m = this.messages(FIELD_PATHS[key]!);
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <input
        id=${key}
        name=${key}
        type="text"
        inputmode=${mode}
        spellcheck="false"
        autocomplete="off"
        .value=${this.form[key]}
        aria-invalid=${m.length > 0 ? 'true' : 'false'}
        aria-describedby=${m.length ? `${key}-msg` : nothing}
        @input=${(e: Event) =>
          this.set({ [key]: (e.target as HTMLInputElement).value })}
      />
      ${this.msg(key, m)}
    </div>`;
  }

  private select(
    key: 'kind' | 'activation' | 'loss',
    label: string,
    options: [string, string][],
  ) {
    const m = this.messages(FIELD_PATHS[key]!);
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <select
        id=${key}
        name=${key}
        aria-invalid=${m.length > 0 ? 'true' : 'false'}
        @change=${(e: Event) => this.onSelect(key, e)}
      >
        ${options.map(
          ([v, text]) =>
            html`<option value=${v} ?selected=${this.form[key] === v}>
              ${text}
            </option>`,
        )}
      </select>
      ${this.msg(key, m)}
    </div>`;
  }

  private lane(l: LaneForm, i: number) {
    const m = this.messages(`optimizers[${i}]`);
    const id = (s: string) => `lane${i}-${s}`;
    return html`<div class="lane" data-lane=${i}>
      <div class="field">
        <label for=${id('id')}
          ><span class="swatch" style="background:${optimizerColor(i)}"></span>
          Optimizer ${i + 1}</label
        >
        <select
          id=${id('id')}
          @change=${(e: Event) =>
            this.setLane(i, { id: (e.target as HTMLSelectElement).value })}
        >
          ${NET_OPTIMIZERS.map(
            (o) =>
              html`<option value=${o.id} ?selected=${o.id === l.id}>
                ${o.name}
              </option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for=${id('lr')}>learning rate ${i + 1}</label>
        <input
          id=${id('lr')}
          type="text"
          inputmode="decimal"
          .value=${l.lr}
          aria-invalid=${
            this.messages(`optimizers[${i}].hyper`).length > 0
              ? 'true'
              : 'false'
          }
          @input=${(e: Event) =>
            this.setLane(i, { lr: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="field">
        <label for=${id('batch')}>batch size ${i + 1}</label>
        <input
          id=${id('batch')}
          type="text"
          .value=${l.batch}
          aria-invalid=${
            this.messages(`optimizers[${i}].batchSize`).length > 0
              ? 'true'
              : 'false'
          }
          @input=${(e: Event) =>
            this.setLane(i, { batch: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="field">
        <label for=${id('sampling')}>sampling ${i + 1}</label>
        <select
          id=${id('sampling')}
          ?disabled=${l.batch.trim() === 'full'}
          @change=${(e: Event) =>
            this.setLane(i, {
              sampling: (e.target as HTMLSelectElement).value,
            })}
        >
          ${NET_SAMPLING_OPTIONS.map(
            ([v, text]) =>
              html`<option
                value=${v}
                ?selected=${v === (l.sampling ?? 'replacement')}
              >
                ${text}
              </option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for=${id('gradient')}>gradient ${i + 1}</label>
        <select
          id=${id('gradient')}
          @change=${(e: Event) =>
            this.setLane(i, {
              gradient: (e.target as HTMLSelectElement).value,
            })}
        >
          ${NET_GRADIENTS.map(
            ([v, text]) =>
              html`<option value=${v} ?selected=${v === l.gradient}>
                ${text}
              </option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for=${id('rho')}>SAM ρ ${i + 1}</label>
        <input
          id=${id('rho')}
          type="text"
          inputmode="decimal"
          .value=${l.rho}
          ?disabled=${l.gradient === 'plain'}
          aria-invalid=${
            this.messages(`optimizers[${i}].gradient`).length > 0
              ? 'true'
              : 'false'
          }
          @input=${(e: Event) =>
            this.setLane(i, { rho: (e.target as HTMLInputElement).value })}
        />
      </div>
      <button
        type="button"
        aria-label="Remove optimizer ${i + 1}"
        ?disabled=${this.form.lanes.length <= 1}
        @click=${() => this.removeLane(i)}
      >
        ✕
      </button>
      ${this.msg(id('all'), m)}
    </div>`;
  }

  private onSelect(key: 'kind' | 'activation' | 'loss', e: Event): void {
    const value = (e.target as HTMLSelectElement).value;
    // a regression takes the squared error, a classification
    // cross-entropy: switch the loss with the kind of data
    if (key === 'kind' && lossFor(value) !== lossFor(this.form.kind)) {
      this.set({ kind: value, loss: lossFor(value) });
    } else this.set({ [key]: value });
  }

  private set(patch: Partial<NetForm>): void {
    this.dispatchEvent(
      new CustomEvent<NetForm>('form-change', {
        detail: { ...this.form, ...patch },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private setLane(i: number, patch: Partial<LaneForm>): void {
    const lanes = this.form.lanes.map((l, k) =>
      k === i ? { ...l, ...patch } : l,
    );
    this.set({ lanes });
  }

  private addLane(): void {
    const used = new Set(this.form.lanes.map((l) => l.id));
    const id = ['adam', 'gd', 'momentum', 'rmsprop'].find((x) => !used.has(x));
    const lane = plainLane(id ?? 'adam', '0.01', '16');
    this.set({ lanes: [...this.form.lanes, lane] });
  }

  private removeLane(i: number): void {
    this.set({ lanes: this.form.lanes.filter((_, k) => k !== i) });
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    if (this.busy || this.issues.length > 0) return;
    this.dispatchEvent(
      new CustomEvent('train', { bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-net-controls': BasinsNetControls;
  }
}
