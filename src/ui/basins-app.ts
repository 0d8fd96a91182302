import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { resultsToJson } from '../engine/serialize';
import type { ExperimentSpec, ResolvedSpec } from '../spec/spec';
import { DEFAULT_SPEC, fitSpec, specFromQuery, specToQuery } from '../spec/url';
import { resolveSpec } from '../spec/validate';
import { SpecError, type SpecIssue } from '../util/errors';
import './basins-basin-maps';
import type { BasinsBasinMaps } from './basins-basin-maps';
import './basins-controls';
import './basins-convergence';
import './basins-landscape';
import type { BasinsLandscape } from './basins-landscape';
import './basins-notice';
import type { NoticeKind } from './basins-notice';
import './basins-run-details';
import './basins-sharpness';
import './basins-stats';
import './basins-transport';
import {
  EngineController,
  SLOW_RUNS_ON_FALLBACK,
  type Speed,
} from './engine-controller';
import { download, fileStem, resultsCsv } from './exports';
import { count } from './format';
import { optimizerColor } from './palette';
import { nearestRun, runDetail, type RunDetail } from './run-detail';
import type { RunSelection } from './sharpness-data';
import { shared } from './theme';

/** Edits wait this long for the next one before the runs restart. */
const REBUILD_DELAY_MS = 180;

interface Notice {
  id: string;
  kind: NoticeKind;
  heading: string;
  text?: string;
  items?: (string | [string, string])[];
}

/** What the page's tests read (window.__basins); harmless otherwise. */
export interface BasinsTestHooks {
  state(): {
    mode: string | null;
    phase: string;
    playing: boolean;
    stepsDone: number;
    steps: number;
    runs: number;
    fps: number;
    fpsSamples: number[];
    stepsPerFrame: number;
    optimizers: string[];
    notices: string[];
    issues: SpecIssue[];
    error: string | null;
    render: boolean;
  };
  /** Basin counts per optimizer from the latest statistics. */
  basinCounts(): number[][] | null;
  /** The sharpness measured (null before): the step, the flattest basin,
   * its share per optimizer, and the runs selected in the scatter. */
  sharpness(): {
    step: number;
    /** The flattest known minimum: its index and name. */
    flattestIndex: number;
    flattest: string | null;
    shares: number[];
    selected: number;
    marked: number;
  } | null;
  play(): void;
  pause(): void;
  setSpeed(speed: Speed): void;
  loseDevice(): void;
}

declare global {
  interface Window {
    __basins?: BasinsTestHooks;
  }
}

/**
 * The sandbox page: holds the experiment spec (from the address bar, then
 * from the controls), the engine controller that runs it, and the views.
 * State flows one way: the spec goes in, results and GPU buffers come out
 * and are drawn. Every valid spec is written back to the address bar, so
 * a copied link reproduces the experiment.
 */
@customElement('basins-app')
export class BasinsApp extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 0.9em 1.2em 2em;
        max-width: 2200px;
        margin: 0 auto;
      }
      header.top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.6em 1.5em;
        margin-bottom: 0.8em;
      }
      h1 {
        margin: 0;
        font-size: 1.6em;
        letter-spacing: 0.01em;
        display: flex;
        align-items: center;
        gap: 0.4em;
      }
      h1 svg {
        width: 1.2em;
        height: 1.2em;
      }
      .tagline {
        margin: 0;
        color: var(--muted);
      }
      .tagline a {
        margin-left: 0.6em;
        color: var(--accent, #8ab4ff);
      }
      nav {
        margin-left: auto;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4em;
        align-items: center;
      }
      nav .label {
        color: var(--muted);
        font-size: 0.9em;
        margin: 0 0.2em 0 0.6em;
      }
      .notices {
        display: grid;
        gap: 0.5em;
        margin-bottom: 0.8em;
      }
      .notices:empty {
        display: none;
      }
      main {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(19em, 23em);
        grid-template-areas:
          'stage side'
          'bottom side';
        gap: 1.2em;
        align-items: start;
      }
      .stage {
        grid-area: stage;
      }
      .side {
        grid-area: side;
      }
      .bottom {
        grid-area: bottom;
      }
      .stage {
        display: flex;
        flex-wrap: wrap;
        gap: 1.2em;
        align-items: flex-start;
        min-width: 0;
      }
      /* the landscape grows first, up to the height of the window; the
         basin maps take the rest of the row, or wrap below it */
      .landscape-col {
        flex: 2 1 26em;
        max-width: calc((100vh - 13em) * var(--ratio, 1) + 7.5em);
        display: grid;
        gap: 0.6em;
        min-width: min(100%, 22em);
      }
      .maps-col {
        flex: 1 1 21em;
        min-width: 14em;
        display: grid;
        gap: 1em;
        align-content: start;
      }
      .side {
        position: sticky;
        top: 0.6em;
        max-height: calc(100vh - 1.2em);
        overflow: auto;
        padding-right: 0.2em;
        scrollbar-width: thin;
      }
      .panel h2,
      .maps-col h2 {
        font-size: 1.05em;
        margin: 0 0 0.6em;
        letter-spacing: 0.02em;
      }
      .bottom {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(38em, 1fr));
        gap: 1.2em;
      }
      .panel.wide {
        grid-column: 1 / -1;
      }
      .panel {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--panel);
        padding: 0.8em 1em;
        min-width: 0;
        overflow-x: auto;
      }
      .building {
        color: var(--muted);
        font-size: 0.9em;
      }
      @media (max-width: 1100px) {
        main {
          grid-template-columns: minmax(0, 1fr);
          grid-template-areas: 'stage' 'side' 'bottom';
        }
        .side {
          position: static;
          max-height: none;
        }
      }
    `,
  ];

  private readonly engine = new EngineController(this);

  /** The spec as edited (complete, possibly invalid while typing). */
  @state() private spec: ExperimentSpec | null = null;
  /** The spec that runs: the last valid one. */
  @state() private resolved: ResolvedSpec | null = null;
  @state() private issues: readonly SpecIssue[] = [];
  @state() private notices: Notice[] = [];
  @state() private selection: RunDetail | null = null;
  /** Runs brushed in the sharpness scatter, marked on the landscape. */
  @state() private runSelection: RunSelection | null = null;
  @state() private copied = false;

  @query('basins-landscape') private landscapeEl!: BasinsLandscape | null;
  @query('basins-basin-maps') private mapsEl!: BasinsBasinMaps | null;

  private started = false;
  private rebuildTimer = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    if (!this.started) {
      this.started = true;
      void this.start();
    }
    this.installTestHooks();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    clearTimeout(this.rebuildTimer);
    this.started = false;
  }

  private async start(): Promise<void> {
    await this.engine.init();
    // a bare address shows the default experiment, fitted to the page's
    // limits without a word (the WebGPU notice says why runs are fewer)
    const bare = location.search.length <= 1;
    const { spec, notices } = bare
      ? fitSpec(DEFAULT_SPEC, this.engine.limits)
      : specFromQuery(location.search, this.engine.limits);
    if (notices.length > 0 && !bare) {
      this.notify({
        id: 'link',
        kind: 'warn',
        heading: 'Parts of the shared link were ignored',
        text: 'They were not valid here; their defaults are used instead.',
        items: notices.map((n) => [n.field, n.message]),
      });
    }
    if (this.engine.mode === 'cpu') {
      this.notify({
        id: 'no-webgpu',
        kind: 'warn',
        heading: 'WebGPU is not available: the runs go on the CPU',
        text:
          `${this.engine.noWebgpu ?? ''} Until then the page runs the ` +
          'Float64 reference engine on the CPU, with at most ' +
          `${count(this.engine.limits.maxRuns)} runs per optimizer.`,
      });
    }
    this.apply(spec, true);
  }

  private notify(n: Notice): void {
    this.notices = [...this.notices.filter((x) => x.id !== n.id), n];
  }

  private dismiss(id: string): void {
    this.notices = this.notices.filter((x) => x.id !== id);
  }

  /** Takes a new spec: shows its problems, or restarts the runs with it. */
  private apply(spec: ExperimentSpec, immediate = false): void {
    this.spec = spec;
    let r: ResolvedSpec;
    try {
      r = resolveSpec(spec);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      this.issues = e.issues;
      return;
    }
    this.issues = [];
    clearTimeout(this.rebuildTimer);
    if (immediate) this.rebuild(r);
    else {
      this.rebuildTimer = window.setTimeout(
        () => this.rebuild(r),
        REBUILD_DELAY_MS,
      );
    }
  }

  private rebuild(r: ResolvedSpec): void {
    this.resolved = r;
    this.selection = null;
    this.runSelection = null;
    const url = `${location.pathname}?${specToQuery(r.json)}${location.hash}`;
    history.replaceState(history.state, '', url);
    const total = r.runs * r.optimizers.length;
    if (this.engine.softwareAdapter && r.runs > SLOW_RUNS_ON_FALLBACK) {
      this.notify({
        id: 'slow',
        kind: 'info',
        heading: `${count(total)} runs on a software GPU`,
        text:
          'This adapter emulates the GPU on the CPU (SwiftShader): this ' +
          'many runs advance a step or two per frame, and the page stays ' +
          'responsive. A hardware GPU runs them hundreds of times faster.',
      });
    } else this.dismiss('slow');
    void this.engine.load(r, { play: true }).then(() => {
      document.body.dataset.ready = 'true';
    });
  }

  // ------------------------------------------------------------ events

  private onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLElement) {
      const tag = target.tagName;
      if (
        tag === 'INPUT' ||
        tag === 'SELECT' ||
        tag === 'TEXTAREA' ||
        target.isContentEditable ||
        (tag === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) ||
        (tag === 'SUMMARY' && e.key === ' ')
      ) {
        return;
      }
    }
    if (e.key === ' ') {
      this.engine.toggle();
      e.preventDefault();
    } else if (e.key === 'ArrowRight') {
      this.engine.step();
      e.preventDefault();
    } else if (e.key === 'r' || e.key === 'R') {
      void this.engine.reset();
      e.preventDefault();
    }
  };

  private onTransport(e: CustomEvent<{ action: string }>): void {
    const a = e.detail.action;
    if (a === 'play') this.engine.play();
    else if (a === 'pause') this.engine.pause();
    else if (a === 'step') this.engine.step();
    else if (a === 'reset') void this.engine.reset();
  }

  private async pickRun(optimizer: number, run: number): Promise<void> {
    const spec = this.resolved;
    const r = await this.engine.currentResults();
    if (!r || !spec || r.spec !== spec.json) return;
    if (run < 0 || run >= spec.runs) return;
    this.selection = runDetail(
      r,
      spec,
      optimizer,
      run,
      this.engine.resultsStep,
    );
  }

  private async pickNear(x: number, y: number, radius: number): Promise<void> {
    const r = await this.engine.currentResults();
    if (!r || r.spec !== this.resolved?.json) return;
    const hit = nearestRun(r, x, y, radius);
    if (hit) await this.pickRun(hit.optimizer, hit.run);
    else this.selection = null;
  }

  // ------------------------------------------------------------ exports

  private async exportCsv(): Promise<void> {
    const r = await this.engine.currentResults();
    if (!r) return;
    download(
      new Blob(resultsCsv(r), { type: 'text/csv' }),
      `${fileStem(r.spec)}.csv`,
    );
  }

  private async exportJson(): Promise<void> {
    const r = await this.engine.currentResults();
    if (!r) return;
    const text = JSON.stringify(resultsToJson(r, true));
    download(
      new Blob([text], { type: 'application/json' }),
      `${fileStem(r.spec)}-results.json`,
    );
  }

  private exportSpec(): void {
    const r = this.resolved;
    if (!r) return;
    download(
      new Blob([JSON.stringify(r.json, null, 2) + '\n'], {
        type: 'application/json',
      }),
      `${fileStem(r.json)}-spec.json`,
    );
  }

  /** The landscape and the basin maps in one PNG, with a title. */
  private exportPng(): void {
    const land = this.landscapeEl;
    const spec = this.resolved;
    const exp = this.engine.exp;
    if (!land || !spec || !exp) return;
    const [lw, lh] = land.pixelSize;
    if (lw === 0) return;
    const pad = 24;
    const titleH = 44;
    const n = spec.optimizers.length;
    const gap = 16;
    const grid = spec.starts.kind === 'grid' && this.mapsEl;
    const mapW = Math.min(320, (lw - (n - 1) * gap) / n);
    const mapH =
      spec.starts.kind === 'grid'
        ? (mapW * spec.starts.ny) / spec.starts.nx
        : 0;
    const out = document.createElement('canvas');
    out.width = lw + 2 * pad;
    out.height = pad + titleH + lh + (grid ? pad + 30 + mapH : 0) + pad;
    const ctx = out.getContext('2d');
    if (!ctx) return;
    const css = getComputedStyle(document.documentElement);
    ctx.fillStyle = css.getPropertyValue('--bg').trim() || '#0d1017';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = '#e8ecf3';
    ctx.font = '600 22px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillText(
      `${spec.landscape.name} · ${count(spec.runs)} runs · step ` +
        `${count(exp.stepsDone)} of ${count(spec.steps)}`,
      pad,
      pad + titleH / 2 - 6,
    );
    land.snapshot(ctx, pad, pad + titleH);
    this.drawMinima(ctx, spec, pad, pad + titleH, lw, lh);
    if (grid && this.mapsEl) {
      const y = pad + titleH + lh + pad;
      ctx.font = '16px system-ui, sans-serif';
      spec.optimizers.forEach((o, i) => {
        const x = pad + i * (mapW + gap);
        ctx.fillStyle = optimizerColor(i);
        ctx.fillRect(x, y + 6, 12, 12);
        ctx.fillStyle = '#e8ecf3';
        ctx.fillText(o.label, x + 18, y + 12);
      });
      this.mapsEl.snapshot(ctx, pad, y + 30, mapW, gap);
    }
    out.toBlob((b) => {
      if (b) download(b, `${fileStem(spec.json)}.png`);
    }, 'image/png');
  }

  /** The known minima as rings with their names, for the PNG export. */
  private drawMinima(
    ctx: CanvasRenderingContext2D,
    spec: ResolvedSpec,
    x: number,
    y: number,
    w: number,
    h: number,
  ): void {
    const [[x0, x1], [y0, y1]] = spec.landscape.bounds(spec.landscapeParams);
    const minima = spec.landscape.minima(spec.landscapeParams);
    ctx.font = '14px system-ui, sans-serif';
    ctx.lineWidth = 2;
    for (const m of minima) {
      if (m.x < x0 || m.x > x1 || m.y < y0 || m.y > y1) continue;
      const px = x + ((m.x - x0) / (x1 - x0)) * w;
      const py = y + ((y1 - m.y) / (y1 - y0)) * h;
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.7)';
      ctx.beginPath();
      ctx.arc(px, py, 7, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.strokeStyle = '#ffffff';
      ctx.beginPath();
      ctx.arc(px, py, 5.5, 0, 2 * Math.PI);
      ctx.stroke();
      if (minima.length <= 8) {
        ctx.fillStyle = '#ffffff';
        ctx.shadowColor = '#000000';
        ctx.shadowBlur = 3;
        ctx.fillText(m.label, px + 10, py - 10);
        ctx.shadowBlur = 0;
      }
    }
  }

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied = true;
      setTimeout(() => (this.copied = false), 2000);
    } catch {
      this.notify({
        id: 'copy',
        kind: 'info',
        heading: 'Copy the link from the address bar',
        text: 'The browser did not allow the page to write to the clipboard.',
      });
    }
  }

  // ------------------------------------------------------------ render

  override updated(): void {
    // a scatter selection belongs to one measurement at one step
    const rs = this.runSelection;
    if (
      rs &&
      (rs.source !== this.engine.sharp ||
        rs.step !== (this.engine.exp?.stepsDone ?? -1))
    ) {
      this.runSelection = null;
    }
    // keep the picked run's numbers current while the runs move on
    const sel = this.selection;
    const r = this.engine.results;
    const spec = this.resolved;
    if (
      sel &&
      r &&
      spec &&
      r.spec === spec.json &&
      this.engine.resultsStep !== sel.step
    ) {
      this.selection = runDetail(
        r,
        spec,
        sel.optimizer,
        sel.run,
        this.engine.resultsStep,
      );
    }
  }

  private engineNotices() {
    const e = this.engine;
    const out = [];
    if (e.phase === 'lost' || e.phase === 'restoring') {
      out.push(
        html`<basins-notice
          kind="error"
          heading="The GPU device was lost"
          text=${
            `${e.lostMessage ?? ''} Restore builds a new device and runs ` +
            `again to step ${count(e.lostStep)}.`
          }
          action=${e.phase === 'restoring' ? 'Restoring…' : 'Restore'}
          .dismissible=${false}
          @notice-action=${() => void e.restore()}
        ></basins-notice>`,
      );
    }
    if (e.error) {
      out.push(
        html`<basins-notice
          kind="error"
          heading="Something went wrong"
          text=${e.error}
          @dismiss=${() => {
            e.error = null;
            this.requestUpdate();
          }}
        ></basins-notice>`,
      );
    }
    return out;
  }

  override render() {
    const e = this.engine;
    const spec = this.resolved;
    const bounds = spec?.landscape.bounds(spec.landscapeParams);
    const ratio = bounds
      ? (bounds[0][1] - bounds[0][0]) / (bounds[1][1] - bounds[1][0])
      : 1;
    return html`
      <header class="top">
        <div>
          <h1>
            <svg viewBox="0 0 32 32" aria-hidden="true">
              <circle cx="16" cy="16" r="14" fill="#3b528b" />
              <circle cx="16" cy="16" r="9" fill="#21918c" />
              <circle cx="16" cy="16" r="4" fill="#fde725" />
            </svg>
            Basins
          </h1>
          <p class="tagline">
            Thousands of optimizer runs at once on a loss landscape, and the
            basin each one ends in.
            <a href="networks.html">Train thousands of networks →</a>
          </p>
        </div>
        <nav aria-label="Share and export">
          <button
            @click=${this.copyLink}
            title="Copy the link to this experiment"
          >
            ${this.copied ? 'Link copied ✓' : 'Copy link'}
          </button>
          <span class="label">Export</span>
          <button @click=${this.exportPng} ?disabled=${!e.exp}>PNG</button>
          <button @click=${this.exportCsv} ?disabled=${!e.exp}>CSV</button>
          <button @click=${this.exportJson} ?disabled=${!e.exp}>JSON</button>
          <button @click=${this.exportSpec} ?disabled=${!spec}>Spec</button>
        </nav>
      </header>
      <div class="notices" aria-live="polite">
        ${this.engineNotices()}
        ${this.notices.map(
          (n) =>
            html`<basins-notice
              data-id=${n.id}
              kind=${n.kind}
              heading=${n.heading}
              text=${n.text ?? ''}
              .items=${n.items ?? []}
              @dismiss=${() => this.dismiss(n.id)}
            ></basins-notice>`,
        )}
      </div>
      <main>
        <div class="stage">
          <section
            class="landscape-col"
            aria-label="Landscape and runs"
            style="--ratio: ${ratio}"
          >
            <basins-landscape
              .engine=${e}
              .version=${e.version}
              .spec=${spec}
              .selection=${this.selection}
              .marked=${this.runSelection?.positions ?? null}
              @landscape-pick=${(
                ev: CustomEvent<{ x: number; y: number; radius: number }>,
              ) =>
                void this.pickNear(ev.detail.x, ev.detail.y, ev.detail.radius)}
            ></basins-landscape>
            <basins-transport
              .playing=${e.playing}
              .busy=${e.phase !== 'ready'}
              .stepsDone=${e.exp?.stepsDone ?? 0}
              .steps=${spec?.steps ?? 0}
              .fps=${e.fps}
              .stepsPerFrame=${e.stepsPerFrame}
              .engineLabel=${e.engineLabel}
              .speed=${e.speed}
              @transport=${this.onTransport}
              @speed-change=${(ev: CustomEvent<{ speed: Speed }>) =>
                e.setSpeed(ev.detail.speed)}
            ></basins-transport>
            ${
              e.phase === 'building'
                ? html`<p class="building" role="status">
                    Building
                    ${count((spec?.runs ?? 0) * (spec?.optimizers.length ?? 0))}
                    runs…
                  </p>`
                : nothing
            }
          </section>
          <section class="maps-col" aria-labelledby="maps-h">
            <h2 id="maps-h">Basins of attraction</h2>
            <basins-basin-maps
              .engine=${e}
              .version=${e.version}
              .spec=${spec}
              .stats=${e.stats}
              .results=${e.results}
              .selection=${this.selection}
              @basin-pick=${(
                ev: CustomEvent<{ optimizer: number; run: number }>,
              ) => void this.pickRun(ev.detail.optimizer, ev.detail.run)}
            ></basins-basin-maps>
            <basins-run-details
              .detail=${this.selection}
              .noisy=${(spec?.noiseSigma ?? 0) > 0}
              @clear-selection=${() => (this.selection = null)}
            ></basins-run-details>
          </section>
        </div>
        <aside class="side" aria-label="Experiment settings">
          <basins-controls
            .spec=${this.spec}
            .issues=${this.issues}
            .limits=${e.limits}
            @spec-change=${(ev: CustomEvent<{ spec: ExperimentSpec }>) =>
              this.apply(ev.detail.spec)}
          ></basins-controls>
        </aside>
        <div class="bottom">
          <section class="panel" aria-labelledby="stats-h">
            <h2 id="stats-h">Statistics</h2>
            <basins-stats
              .spec=${spec}
              .stats=${e.stats}
              .results=${e.results}
            ></basins-stats>
          </section>
          <section class="panel" aria-labelledby="conv-h">
            <h2 id="conv-h">Convergence</h2>
            <basins-convergence
              .spec=${spec}
              .stats=${e.stats}
            ></basins-convergence>
          </section>
          <section class="panel wide" aria-labelledby="sharp-h">
            <h2 id="sharp-h">Sharpness of the end points</h2>
            <basins-sharpness
              .spec=${spec}
              .result=${e.sharp}
              .measuredStep=${e.sharpStep}
              .step=${e.exp?.stepsDone ?? 0}
              .playing=${e.playing}
              .ready=${e.phase === 'ready' && e.exp !== null}
              .selected=${this.runSelection}
              @sharpness-request=${() => void e.measureSharpness()}
              @runs-select=${(
                ev: CustomEvent<{ selection: RunSelection | null }>,
              ) => (this.runSelection = ev.detail.selection)}
            ></basins-sharpness>
          </section>
        </div>
      </main>
    `;
  }

  private installTestHooks(): void {
    window.__basins = {
      state: () => ({
        mode: this.engine.mode,
        phase: this.engine.phase,
        playing: this.engine.playing,
        stepsDone: this.engine.exp?.stepsDone ?? 0,
        steps: this.resolved?.steps ?? 0,
        runs: this.resolved?.runs ?? 0,
        fps: this.engine.fps,
        fpsSamples: [...this.engine.fpsSamples],
        stepsPerFrame: this.engine.stepsPerFrame,
        optimizers: this.resolved?.optimizers.map((o) => o.label) ?? [],
        notices: this.notices.map((n) => n.id),
        issues: [...this.issues],
        error: this.engine.error,
        render: this.engine.render !== null,
      }),
      basinCounts: () =>
        this.engine.stats?.optimizers.map((o) => [
          ...o.basins.map((b) => b.count),
          o.other.count,
          o.diverged.count,
        ]) ?? null,
      sharpness: () => {
        const r = this.engine.sharp;
        if (!r) return null;
        return {
          step: this.engine.sharpStep,
          flattestIndex: r.flattest,
          flattest: r.basinVolumes[r.flattest]?.label ?? null,
          shares: r.optimizers.map((o) => o.basins[r.flattest]?.fraction ?? 0),
          selected: this.runSelection?.count ?? 0,
          marked: this.runSelection?.shown ?? 0,
        };
      },
      play: () => this.engine.play(),
      setSpeed: (speed) => this.engine.setSpeed(speed),
      pause: () => this.engine.pause(),
      loseDevice: () => this.engine.simulateDeviceLoss(),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-app': BasinsApp;
  }
}
