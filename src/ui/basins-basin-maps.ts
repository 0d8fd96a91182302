import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { ExperimentResult, LiveStats } from '../engine/results';
import { ReferenceExperiment } from '../reference/engine';
import { basinColors } from '../render/colormap';
import type { ResolvedSpec } from '../spec/spec';
import { BasinMap2D, fitCanvas } from './canvas2d';
import type { EngineController } from './engine-controller';
import { fmt, pct } from './format';
import { optimizerColor } from './palette';
import type { BasinMapViewApi } from './render-api';
import type { RunDetail } from './run-detail';
import { shared } from './theme';
import { ViewHolder } from './view-holder';

/** Legend entries shown before the rest are summed up. */
const LEGEND_MINIMA = 6;

/** Several views destroyed together. */
class ViewSet {
  constructor(readonly views: (BasinMapViewApi | null)[]) {}
  destroy(): void {
    for (const v of this.views) v?.destroy();
  }
}

/** A grid cell under the pointer or the keyboard cursor. */
interface Cell {
  optimizer: number;
  ix: number;
  iy: number;
}

/**
 * Basin-of-attraction maps, one per optimizer side by side: each grid
 * start's cell coloured by the minimum its run ends in (Okabe-Ito), with a
 * legend of each basin's share. Arrow keys move a cursor over a focused
 * map; Enter (or a click) picks that cell's run.
 *
 * @fires basin-pick - `{ optimizer, run }`
 */
@customElement('basins-basin-maps')
export class BasinsBasinMaps extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .maps {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9.5em, 1fr));
        gap: 1em;
      }
      figure {
        margin: 0;
        max-width: 24em;
        display: grid;
        gap: 0.45em;
        align-content: start;
      }
      figcaption {
        display: flex;
        align-items: center;
        gap: 0.45em;
        font-weight: 600;
      }
      .map {
        position: relative;
        width: 100%;
        background: #000;
        border-radius: var(--radius-s);
        box-shadow: 0 0 0 1px var(--border);
        overflow: hidden;
      }
      canvas {
        display: block;
        width: 100%;
        height: 100%;
        cursor: pointer;
        image-rendering: pixelated;
      }
      .cursor,
      .picked {
        position: absolute;
        pointer-events: none;
        min-width: 6px;
        min-height: 6px;
        outline: 2px solid #fff;
        box-shadow: 0 0 0 3px rgba(0, 0, 0, 0.6);
      }
      .picked {
        outline-style: dashed;
      }
      .tip {
        position: absolute;
        left: 0.4em;
        bottom: 0.4em;
        pointer-events: none;
        background: rgba(10, 12, 18, 0.88);
        border-radius: var(--radius-s);
        padding: 0.2em 0.45em;
        font-size: 0.8em;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.12em 0.6em;
        font-size: 0.88em;
      }
      li {
        display: contents;
      }
      li span:first-child {
        display: flex;
        gap: 0.4em;
        align-items: center;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      .sq {
        width: 0.85em;
        height: 0.85em;
        border-radius: 2px;
        flex: none;
        box-shadow: 0 0 0 1px rgba(255, 255, 255, 0.35);
      }
      .empty {
        color: var(--muted);
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) engine!: EngineController;
  @property({ type: Number }) version = 0;
  @property({ attribute: false }) spec: ResolvedSpec | null = null;
  @property({ attribute: false }) stats: LiveStats | null = null;
  /** Full results, when the engine has them for the current step. */
  @property({ attribute: false }) results: ExperimentResult | null = null;
  /** The picked run: its start cell is outlined on every map. */
  @property({ attribute: false }) selection: RunDetail | null = null;

  @state() private hover: Cell | null = null;
  @state() private cursor: Cell | null = null;
  @state() private gpuFailed = false;

  @queryAll('canvas') private canvases!: NodeListOf<HTMLCanvasElement>;

  private readonly views = new ViewHolder<ViewSet>(this);
  private boundExp: unknown = null;
  private unsubscribe: (() => void) | null = null;
  private resize = new ResizeObserver(() => this.redraw());

  private get kind(): 'gpu' | '2d' {
    return this.engine?.render &&
      this.engine.gpu &&
      this.engine.mode === 'gpu' &&
      !this.gpuFailed
      ? 'gpu'
      : '2d';
  }

  private get grid(): { nx: number; ny: number } | null {
    const s = this.spec?.starts;
    return s?.kind === 'grid' ? { nx: s.nx, ny: s.ny } : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.engine?.onStats(() => this.redraw()) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.resize.disconnect();
    this.boundExp = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('engine') && this.isConnected) {
      this.unsubscribe?.();
      this.unsubscribe = this.engine.onStats(() => this.redraw());
    }
    if (changed.has('version') || changed.has('spec')) {
      this.boundExp = null;
      this.cursor = null;
    }
  }

  override updated(): void {
    for (const c of this.canvases) this.resize.observe(c);
    this.redraw();
  }

  private viewSet(): ViewSet | null {
    const canvases = [...this.canvases];
    if (!this.spec || canvases.length === 0) return null;
    const kind = this.kind;
    const device = this.engine.gpu?.device ?? null;
    return this.views.get([kind, device, ...canvases], () => {
      try {
        return new ViewSet(
          canvases.map((c) =>
            kind === 'gpu' && device && this.engine.render
              ? new this.engine.render.BasinMapView(device, c)
              : new BasinMap2D(c),
          ),
        );
      } catch (e) {
        if (kind === 'gpu') this.gpuFailed = true;
        this.engine.error = `Drawing failed: ${e instanceof Error ? e.message : e}`;
        return null;
      }
    });
  }

  /** Draws every map from the engine's latest classes. */
  redraw(): void {
    const spec = this.spec;
    const grid = this.grid;
    const exp = this.engine?.exp;
    if (!spec || !grid || !exp || exp.spec !== spec) return;
    const set = this.viewSet();
    if (!set) return;
    const minima = spec.landscape.minima(spec.landscapeParams).length;
    const gpu = this.kind === 'gpu' && !(exp instanceof ReferenceExperiment);
    // classes exist on the GPU after the first statistics poll
    if (gpu && !this.stats) return;
    const r = this.engine.results;
    for (const c of this.canvases) fitCanvas(c);
    try {
      set.views.forEach((v, o) => {
        if (!v) return;
        if (gpu) {
          if (this.boundExp !== exp) {
            v.set(
              grid.nx,
              grid.ny,
              {
                kind: 'gpu',
                buffers: exp.basinBuffers(o),
                chunks: exp
                  .runBuffers(o)
                  .map(({ runOffset, runCount }) => ({ runOffset, runCount })),
              },
              minima,
            );
          }
        } else {
          const classes = r?.spec === spec.json ? r.optimizers[o]?.basin : null;
          if (!classes) return;
          v.set(grid.nx, grid.ny, { kind: 'cpu', classes }, minima);
        }
        v.draw();
      });
      this.boundExp = exp;
    } catch (e) {
      this.views.release();
      if (this.kind === 'gpu') this.gpuFailed = true;
      this.engine.error = `Drawing failed: ${e instanceof Error ? e.message : e}`;
    }
  }

  /** Copies the maps onto a 2D context (PNG export), drawn just now. */
  snapshot(
    ctx: CanvasRenderingContext2D,
    x: number,
    y: number,
    size: number,
    gap: number,
  ): void {
    this.boundExp = null;
    this.redraw();
    [...this.canvases].forEach((c, i) => {
      const h = (size * c.height) / Math.max(1, c.width);
      ctx.drawImage(c, x + i * (size + gap), y, size, h);
    });
  }

  private cellAt(e: MouseEvent, optimizer: number): Cell | null {
    const grid = this.grid;
    const c = e.currentTarget as HTMLElement;
    if (!grid) return null;
    const rect = c.getBoundingClientRect();
    const u = (e.clientX - rect.left) / rect.width;
    const v = (e.clientY - rect.top) / rect.height;
    const ix = Math.min(grid.nx - 1, Math.max(0, Math.floor(u * grid.nx)));
    const row = Math.min(grid.ny - 1, Math.max(0, Math.floor(v * grid.ny)));
    return { optimizer, ix, iy: grid.ny - 1 - row };
  }

  private pick(cell: Cell): void {
    const grid = this.grid;
    if (!grid) return;
    this.dispatchEvent(
      new CustomEvent('basin-pick', {
        detail: { optimizer: cell.optimizer, run: cell.iy * grid.nx + cell.ix },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onKey(e: KeyboardEvent, optimizer: number): void {
    const grid = this.grid;
    if (!grid) return;
    const c =
      this.cursor?.optimizer === optimizer
        ? { ...this.cursor }
        : {
            optimizer,
            ix: grid.nx >> 1,
            iy: grid.ny >> 1,
          };
    const stepSize = e.shiftKey ? Math.max(1, grid.nx >> 4) : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-stepSize, 0],
      ArrowRight: [stepSize, 0],
      ArrowUp: [0, stepSize],
      ArrowDown: [0, -stepSize],
    };
    const m = moves[e.key];
    if (m) {
      c.ix = Math.min(grid.nx - 1, Math.max(0, c.ix + m[0]));
      c.iy = Math.min(grid.ny - 1, Math.max(0, c.iy + m[1]));
      this.cursor = c;
      e.preventDefault();
      e.stopPropagation();
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.cursor = c;
      this.pick(c);
      e.preventDefault();
      e.stopPropagation();
    }
  }

  private describe(cell: Cell): string {
    const spec = this.spec!;
    const grid = this.grid!;
    const run = cell.iy * grid.nx + cell.ix;
    const b = spec.starts.kind === 'grid' ? spec.starts.bounds! : null;
    if (!b) return '';
    const x = b[0][0] + ((cell.ix + 0.5) * (b[0][1] - b[0][0])) / grid.nx;
    const y = b[1][0] + ((cell.iy + 0.5) * (b[1][1] - b[1][0])) / grid.ny;
    const r = this.engine.results;
    const cls =
      r?.spec === spec.json ? r.optimizers[cell.optimizer]?.basin[run] : null;
    const name =
      cls === null || cls === undefined
        ? ''
        : ` → ${
            cls < r!.landscape.minima.length
              ? r!.landscape.minima[cls]!.label
              : cls === r!.landscape.minima.length
                ? 'other'
                : 'diverged'
          }`;
    return `start (${fmt(x)}, ${fmt(y)})${name}`;
  }

  override render() {
    const spec = this.spec;
    if (!spec) return nothing;
    const grid = this.grid;
    if (!grid) {
      return html`<p class="empty">
        Basin maps need grid starts: choose “grid over the landscape” under
        Runs.
      </p>`;
    }
    const minima = spec.landscape.minima(spec.landscapeParams);
    const colors = basinColors(minima.length);
    // the map has the shape of the box the grid covers
    const b = spec.starts.kind === 'grid' ? spec.starts.bounds : undefined;
    const aspect = b
      ? `${b[0][1] - b[0][0]} / ${b[1][1] - b[1][0]}`
      : `${grid.nx} / ${grid.ny}`;
    return html`
      <div class="maps">
        ${spec.optimizers.map((o, i) => {
          const st = this.stats?.optimizers[i];
          const cur = this.cursor?.optimizer === i ? this.cursor : null;
          const hov = this.hover?.optimizer === i ? this.hover : null;
          const shown = hov ?? cur;
          const sel = this.selection;
          const picked =
            sel && sel.run < grid.nx * grid.ny
              ? { ix: sel.run % grid.nx, iy: Math.floor(sel.run / grid.nx) }
              : null;
          return html`
            <figure>
              <figcaption>
                <i class="swatch" style="background:${optimizerColor(i)}"></i>
                ${o.label}
              </figcaption>
              <div class="map" style="aspect-ratio: ${aspect}">
                ${keyed(
                  this.kind,
                  html`<canvas
                    tabindex="0"
                    role="img"
                    data-optimizer=${i}
                    aria-label=${
                      `Basin map of ${o.label}: ${grid.nx} by ` +
                      `${grid.ny} starts coloured by the minimum reached. ` +
                      'Arrow keys move, Enter shows the run.'
                    }
                    @pointermove=${(e: PointerEvent) =>
                      (this.hover = this.cellAt(e, i))}
                    @pointerleave=${() => (this.hover = null)}
                    @click=${(e: MouseEvent) => {
                      const c = this.cellAt(e, i);
                      if (c) this.pick(c);
                    }}
                    @keydown=${(e: KeyboardEvent) => this.onKey(e, i)}
                    @blur=${() => (this.cursor = null)}
                  ></canvas>`,
                )}
                ${picked ? this.cellBox(picked, grid, 'picked') : nothing}
                ${cur ? this.cellBox(cur, grid, 'cursor') : nothing}
                ${
                  shown
                    ? html`<div class="tip num">${this.describe(shown)}</div>`
                    : nothing
                }
              </div>
              ${st ? this.legend(st, colors) : nothing}
            </figure>
          `;
        })}
      </div>
    `;
  }

  /** An outline over one grid cell (at least a few pixels wide). */
  private cellBox(
    c: { ix: number; iy: number },
    grid: { nx: number; ny: number },
    cls: string,
  ) {
    const left = (100 * c.ix) / grid.nx;
    const top = (100 * (grid.ny - 1 - c.iy)) / grid.ny;
    return html`<div
      class=${cls}
      style="left: ${left}%; top: ${top}%; width: ${100 / grid.nx}%;
        height: ${100 / grid.ny}%"
    ></div>`;
  }

  private legend(
    st: LiveStats['optimizers'][number],
    colors: readonly string[],
  ) {
    const entries = st.basins
      .map((b, i) => ({ ...b, color: colors[i]! }))
      .filter((b) => b.count > 0)
      .sort((a, b) => b.count - a.count);
    const top = entries.slice(0, LEGEND_MINIMA);
    const rest = entries.slice(LEGEND_MINIMA);
    const restFrac = rest.reduce((s, b) => s + b.fraction, 0);
    const n = colors.length;
    return html`
      <ul aria-label="Share of runs per basin">
        ${top.map(
          (b) => html`
            <li>
              <span
                ><i class="sq" style="background:${b.color}"></i
                >${b.label}</span
              ><span class="num">${pct(b.fraction)}</span>
            </li>
          `,
        )}
        ${
          rest.length
            ? html`<li>
                <span class="muted">+ ${rest.length} more minima</span
                ><span class="num">${pct(restFrac)}</span>
              </li>`
            : nothing
        }
        ${
          st.other.count > 0
            ? html`<li>
                <span title="Ended away from every known minimum"
                  ><i class="sq" style="background:${colors[n - 2]}"></i
                  >other</span
                ><span class="num">${pct(st.other.fraction)}</span>
              </li>`
            : nothing
        }
        <li>
          <span
            ><i class="sq" style="background:${colors[n - 1]}"></i
            >diverged</span
          ><span class="num">${pct(st.diverged.fraction)}</span>
        </li>
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-basin-maps': BasinsBasinMaps;
  }
}
