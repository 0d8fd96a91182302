import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Dataset } from '../../nn/datasets';
import { sigmoid, type LossKind } from '../../nn/mlp';
import { viridis } from '../../render';
import { optimizerColor } from '../palette';
import { shared } from '../theme';
import { fitCanvas, inkOf, type Ink } from './net-canvas';

/** Colours of class 0 and class 1 (Okabe-Ito orange and sky blue). */
export const CLASS_COLORS = ['#e69f00', '#56b4e9'] as const;

/** One network's outputs over a grid of inputs. */
export interface Thumb {
  lane: number;
  run: number;
  label: string;
  /** resolution^2 outputs, row by row from the bottom. */
  outputs: Float32Array;
}

/** The thumbnails' inputs: the grid, what its outputs mean, the data. */
export interface ThumbSet {
  thumbs: Thumb[];
  resolution: number;
  bounds: readonly [number, number];
  loss: LossKind;
  dataset: Dataset;
}

const SIZE = 132;

function rgbOf(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * Decision regions of a sample of networks: each network's output over
 * the input square (class colours, stronger where the network is
 * confident; viridis for a regression), the training points on top.
 */
@customElement('basins-net-thumbs')
export class BasinsNetThumbs extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .grid {
        display: flex;
        flex-wrap: wrap;
        gap: 0.8em;
      }
      figure {
        margin: 0;
        display: grid;
        gap: 0.2em;
        font-size: 0.85em;
      }
      figcaption {
        display: flex;
        gap: 0.35em;
        align-items: center;
        max-width: ${SIZE}px;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      canvas {
        border-radius: var(--radius-s);
        border: 1px solid var(--border);
      }
    `,
  ];

  /** The networks to draw; nothing while null. */
  @property({ attribute: false }) sample: ThumbSet | null = null;

  /** What each thumbnail shows, for the page's tests. */
  ink(): Ink[] {
    return [...this.renderRoot.querySelectorAll('canvas')].map((c) => inkOf(c));
  }

  override render() {
    const s = this.sample;
    if (!s) return nothing;
    return html`<div class="grid">
      ${s.thumbs.map(
        (t) =>
          html`<figure>
            <canvas
              role="img"
              aria-label="Decision regions of network ${t.run} of ${t.label}"
            ></canvas>
            <figcaption>
              <span
                class="swatch"
                style="background:${optimizerColor(t.lane)}"
              ></span>
              #${t.run} · ${t.label}
            </figcaption>
          </figure>`,
      )}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('sample') || !this.sample) return;
    const s = this.sample;
    const canvases = this.renderRoot.querySelectorAll('canvas');
    // one colour scale for every regression thumbnail
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of s.thumbs) {
      for (const v of t.outputs) {
        if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      }
    }
    s.thumbs.forEach((t, i) => {
      const c = canvases[i];
      if (c) this.draw(c, s, t, lo, hi);
    });
  }

  private draw(
    canvas: HTMLCanvasElement,
    s: ThumbSet,
    t: Thumb,
    lo: number,
    hi: number,
  ): void {
    const ctx = fitCanvas(canvas, SIZE, SIZE);
    if (!ctx) return;
    const r = s.resolution;
    const img = new ImageData(r, r);
    const c0 = rgbOf(CLASS_COLORS[0]);
    const c1 = rgbOf(CLASS_COLORS[1]);
    const regression = s.dataset.task === 'regression';
    for (let row = 0; row < r; row++) {
      for (let col = 0; col < r; col++) {
        const z = t.outputs[row * r + col]!;
        // the grid's row 0 is the bottom; the image's is the top
        const k = 4 * ((r - 1 - row) * r + col);
        let rgb: readonly number[];
        if (!Number.isFinite(z)) rgb = [0, 0, 0];
        else if (regression) {
          rgb = viridis((z - lo) / (hi - lo || 1)).map((v) => 255 * v);
        } else {
          const p = s.loss === 'bce' ? sigmoid(z) : Math.min(1, Math.max(0, z));
          // confident regions bright, the boundary dark
          const strength = 0.25 + 0.5 * Math.abs(2 * p - 1);
          const base = p > 0.5 ? c1 : c0;
          rgb = base.map((v) => v * strength);
        }
        img.data[k] = rgb[0]!;
        img.data[k + 1] = rgb[1]!;
        img.data[k + 2] = rgb[2]!;
        img.data[k + 3] = 255;
      }
    }
    const tile = new OffscreenCanvas(r, r);
    tile.getContext('2d')?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tile, 0, 0, SIZE, SIZE);

    // the training points
    const d = s.dataset;
    const [b0, b1] = s.bounds;
    const px = (v: number) => ((v - b0) / (b1 - b0)) * SIZE;
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = '#0b0e14';
    for (let i = 0; i < d.nTrain; i++) {
      const x = px(d.inputs[2 * i]!);
      const y = SIZE - px(d.inputs[2 * i + 1]!);
      const label = d.labels[i]!;
      ctx.fillStyle = regression
        ? '#ffffff'
        : CLASS_COLORS[label > 0.5 ? 1 : 0];
      ctx.beginPath();
      ctx.arc(x, y, 2.2, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-net-thumbs': BasinsNetThumbs;
  }
}
