import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { viridis } from '../../render';
import { fmt } from '../format';
import { shared } from '../theme';
import { fitCanvas, inkOf, type Ink } from './net-canvas';

/** A 2D slice of the training objective around one network. */
export interface SliceView {
  /** Coordinates along the first and second direction. */
  alphas: number[];
  betas: number[];
  /** Objective row by row: value[b * alphas.length + a]. */
  loss: Float32Array;
  /** Which network it is centred on, in words. */
  label: string;
}

/** Contour bands of the heatmap. */
const LEVELS = 12;
const SIZE = 300;
const MARGIN = { left: 34, bottom: 26, top: 6, right: 6 };

/** The q-quantile of sorted values, nearest rank. */
function rank(sorted: readonly number[], q: number): number {
  return sorted[Math.round(q * (sorted.length - 1))]!;
}

/**
 * The training objective on a square of two filter-normalized directions
 * (Li et al. 2018) around a network: viridis on a log scale of the loss
 * above the square's minimum, contour lines between the bands, the
 * network itself at the centre. Drawn on a 2D canvas.
 */
@customElement('basins-net-slice')
export class BasinsNetSlice extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0;
      }
      figcaption {
        font-size: 0.88em;
        color: var(--muted);
        max-width: ${SIZE + MARGIN.left + MARGIN.right}px;
      }
    `,
  ];

  /** The slice to draw; nothing while null. */
  @property({ attribute: false }) slice: SliceView | null = null;

  private range = { lo: 0, hi: 0 };

  /** What the canvas shows, for the page's tests. */
  ink(): Ink {
    return inkOf(this.renderRoot.querySelector('canvas'));
  }

  override render() {
    const s = this.slice;
    if (!s) return nothing;
    return html`<figure>
      <canvas
        role="img"
        aria-label="Loss around ${s.label} on two filter-normalized directions, as a heatmap with contours"
      ></canvas>
      <figcaption>
        Around ${s.label}: training objective from ${fmt(this.range.lo)} (dark)
        to ${fmt(this.range.hi)} (yellow), log scale, ${LEVELS} contour bands;
        the cross marks the network.
      </figcaption>
    </figure>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('slice') || !this.slice) return;
    const finite = [...this.slice.loss].filter(Number.isFinite);
    finite.sort((a, b) => a - b);
    this.range = finite.length
      ? { lo: finite[0]!, hi: rank(finite, 0.99) }
      : { lo: 0, hi: 1 };
  }

  protected override updated(changed: PropertyValues<this>): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (changed.has('slice') && this.slice && canvas) {
      this.draw(canvas, this.slice);
    }
  }

  /** t in [0, 1] of a loss: log of the loss above the minimum. */
  private unit(v: number): number {
    const { lo, hi } = this.range;
    const eps = Math.max(1e-6, 1e-3 * (hi - lo));
    const a = Math.log(eps);
    const b = Math.log(hi - lo + eps);
    return (Math.log(Math.max(v - lo, 0) + eps) - a) / (b - a || 1);
  }

  private draw(canvas: HTMLCanvasElement, s: SliceView): void {
    const w = SIZE + MARGIN.left + MARGIN.right;
    const h = SIZE + MARGIN.top + MARGIN.bottom;
    const ctx = fitCanvas(canvas, w, h);
    if (!ctx) return;
    const na = s.alphas.length;
    const nb = s.betas.length;
    const cw = SIZE / na;
    const ch = SIZE / nb;
    const x0 = MARGIN.left;
    const y0 = MARGIN.top;
    const band = (i: number) => {
      const v = s.loss[i]!;
      if (!Number.isFinite(v)) return LEVELS;
      return Math.min(LEVELS - 1, Math.floor(this.unit(v) * LEVELS));
    };

    // cells: beta grows upwards
    for (let b = 0; b < nb; b++) {
      for (let a = 0; a < na; a++) {
        const v = s.loss[b * na + a]!;
        const t = Number.isFinite(v) ? Math.min(1, this.unit(v)) : 1;
        const [r, g, bl] = viridis(t).map((c) => Math.round(255 * c));
        ctx.fillStyle = `rgb(${r}, ${g}, ${bl})`;
        ctx.fillRect(x0 + a * cw, y0 + (nb - 1 - b) * ch, cw + 0.5, ch + 0.5);
      }
    }

    // contours: cell edges between different bands
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.55)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let b = 0; b < nb; b++) {
      for (let a = 0; a < na; a++) {
        const here = band(b * na + a);
        const top = y0 + (nb - 1 - b) * ch;
        const left = x0 + a * cw;
        if (a + 1 < na && band(b * na + a + 1) !== here) {
          ctx.moveTo(left + cw, top);
          ctx.lineTo(left + cw, top + ch);
        }
        if (b + 1 < nb && band((b + 1) * na + a) !== here) {
          ctx.moveTo(left, top);
          ctx.lineTo(left + cw, top);
        }
      }
    }
    ctx.stroke();

    // the network itself
    const cx = x0 + SIZE / 2;
    const cy = y0 + SIZE / 2;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(cx - 6, cy);
    ctx.lineTo(cx + 6, cy);
    ctx.moveTo(cx, cy - 6);
    ctx.lineTo(cx, cy + 6);
    ctx.stroke();

    // axes: the ends and the centre of each direction
    const style = getComputedStyle(this);
    ctx.fillStyle = style.getPropertyValue('--muted').trim() || '#a3adbf';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    const ax = [s.alphas[0]!, 0, s.alphas[na - 1]!];
    ax.forEach((v, i) =>
      ctx.fillText(fmt(v), x0 + (i * SIZE) / 2, y0 + SIZE + 14),
    );
    ctx.fillText('α (direction 1)', x0 + SIZE * 0.75, y0 + SIZE + 14);
    ctx.textAlign = 'right';
    const by = [s.betas[0]!, 0, s.betas[nb - 1]!];
    by.forEach((v, i) =>
      ctx.fillText(fmt(v), x0 - 4, y0 + SIZE - (i * SIZE) / 2 + 4),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-net-slice': BasinsNetSlice;
  }
}
