import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { checkParam, describeRange, type ParamSpec } from '../spec/params';
import { fmt } from './format';
import { shared } from './theme';

/** A ParamSpec with a few hints for the slider. */
export interface UiParamSpec extends ParamSpec {
  /** Slider ends when the allowed range is far wider than useful. */
  sliderMin?: number;
  sliderMax?: number;
  /** The leftmost slider position means exactly 0 (log sliders). */
  zeroAtStart?: boolean;
}

const RES = 1000;

/** Rounds to 3 significant digits, so slider values read well. */
function nice(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(3));
}

/** The slider's ends for a parameter: derived from its description. */
export function sliderRange(p: UiParamSpec): { lo: number; hi: number } {
  if (p.scale === 'log') {
    const base = p.default > 0 ? Math.min(p.default, 1) : 1;
    const lo = p.sliderMin ?? (p.min > 0 ? p.min : base / 1e4);
    const hi = p.sliderMax ?? p.max;
    return { lo, hi: Math.max(hi, lo * 10) };
  }
  const lo = p.sliderMin ?? p.min;
  const wide = p.max - p.min > 1e4;
  const hi =
    p.sliderMax ?? (wide ? Math.max(1000, 10 * Math.abs(p.default)) : p.max);
  return { lo, hi: Math.max(hi, lo + 1e-9) };
}

/** Slider position (0 ... RES) of a value. */
export function toPosition(p: UiParamSpec, v: number): number {
  const { lo, hi } = sliderRange(p);
  let t: number;
  if (p.scale === 'log') {
    t = v <= 0 ? 0 : Math.log(v / lo) / Math.log(hi / lo);
  } else t = (v - lo) / (hi - lo);
  return Math.round(Math.min(1, Math.max(0, t)) * RES);
}

/** The value at a slider position, rounded to read well and kept valid. */
export function fromPosition(p: UiParamSpec, pos: number): number {
  const { lo, hi } = sliderRange(p);
  const t = pos / RES;
  let v: number;
  if (p.scale === 'log') {
    if (pos === 0 && p.zeroAtStart) return 0;
    v = nice(lo * (hi / lo) ** t);
  } else {
    const q = 10 ** Math.floor(Math.log10((hi - lo) / RES));
    v = Math.round((lo + t * (hi - lo)) / q) * q;
    v = Number(v.toPrecision(12));
  }
  if (p.integer) v = Math.round(v);
  if (p.maxInclusive === false && v >= p.max) {
    v = p.integer ? p.max - 1 : nice(p.max - (hi - lo) / RES);
  }
  if (p.minInclusive === false && v <= p.min) {
    v = p.scale === 'log' ? lo : nice(p.min + (hi - lo) / RES);
  }
  return v;
}

/**
 * One numeric parameter as a slider and a number field, both derived from
 * its ParamSpec (log scale where it says so), with the reason next to the
 * field when a typed value is not allowed.
 *
 * @fires value-change - `{ name, value }` for each new valid value
 */
@customElement('basins-param-field')
export class BasinsParamField extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .row {
        display: grid;
        grid-template-columns: 1fr 6.5em;
        align-items: center;
        gap: 0.25em 0.6em;
      }
      label {
        color: var(--muted);
        font-size: 0.92em;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      input[type='number'] {
        width: 100%;
        text-align: right;
      }
      input[type='range'] {
        grid-column: 1 / -1;
        width: 100%;
        margin: 0;
        accent-color: var(--accent);
        height: 1.3em;
      }
      .msg {
        grid-column: 1 / -1;
        color: var(--danger);
        font-size: 0.85em;
        margin: 0;
      }
      .msg:empty {
        display: none;
      }
    `,
  ];

  /** The field's path in the spec, e.g. `optimizers[1].hyper.lr`. */
  @property({ reflect: true }) name = '';
  @property({ attribute: false }) spec!: UiParamSpec;
  @property({ type: Number }) value = 0;
  /** A message about this field from the validation of the whole spec. */
  @property({ attribute: false }) error: string | null = null;
  /** What is shown after the label, e.g. "128 × 128" for runs. */
  @property({ attribute: false }) hint: string | null = null;

  /** The text being typed, while it differs from `value`. */
  @state() private draft: string | null = null;
  @state() private localError: string | null = null;

  override render() {
    const p = this.spec;
    const message = this.localError ?? this.error ?? '';
    const invalid = message !== '';
    const shown = this.draft ?? String(this.value);
    return html`
      <div class="row" title=${p.doc}>
        <label for="num">
          ${p.label}${
            this.hint ? html` <span class="num">${this.hint}</span>` : nothing
          }
        </label>
        <input
          id="num"
          type="number"
          inputmode="decimal"
          step="any"
          .value=${shown}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby="doc msg"
          @input=${this.onTyped}
          @change=${this.onCommitted}
        />
        <input
          type="range"
          min="0"
          max=${RES}
          step="1"
          .value=${String(toPosition(p, this.value))}
          aria-label=${`${p.label} slider`}
          aria-valuetext=${fmt(this.value, 4)}
          aria-describedby="doc"
          @input=${this.onSlid}
        />
        <span id="doc" class="sr-only">${p.doc} ${describeRange(p)}.</span>
        <p id="msg" class="msg" aria-live="polite">${message}</p>
      </div>
    `;
  }

  private emit(value: number): void {
    this.dispatchEvent(
      new CustomEvent('value-change', {
        detail: { name: this.name, value },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onSlid(e: Event): void {
    const pos = Number((e.target as HTMLInputElement).value);
    const v = fromPosition(this.spec, pos);
    this.draft = null;
    this.localError = null;
    this.value = v;
    this.emit(v);
  }

  private check(text: string): number | null {
    const t = text.trim();
    const v = t === '' ? NaN : Number(t);
    const why = checkParam(this.spec, Number.isFinite(v) ? v : t || 'nothing');
    this.localError = why;
    return why ? null : v;
  }

  private onTyped(e: Event): void {
    const text = (e.target as HTMLInputElement).value;
    this.draft = text;
    const v = this.check(text);
    if (v !== null && v !== this.value) this.emit(v);
  }

  private onCommitted(e: Event): void {
    const text = (e.target as HTMLInputElement).value;
    const v = this.check(text);
    if (v !== null) {
      this.draft = null;
      if (v !== this.value) this.emit(v);
    }
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // A new value from outside replaces the draft, unless the person is
    // typing in the field (replacing the text would move the caret).
    const typing = this.shadowRoot?.activeElement?.id === 'num';
    if (changed.has('value') && !typing) {
      this.draft = null;
      this.localError = null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-param-field': BasinsParamField;
  }
}
