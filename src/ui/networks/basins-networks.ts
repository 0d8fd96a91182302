import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { NO_WEBGPU_HELP, requestGpu, type Gpu } from '../../engine/gpu';
import type { NetExperimentResult } from '../../nn/results';
import { resolveNetworkSpec, type ResolvedNetworkSpec } from '../../nn/spec';
import { BasinsError, SpecError, type SpecIssue } from '../../util/errors';
import '../basins-notice';
import type { NoticeKind } from '../basins-notice';
import { count } from '../format';
import { shared } from '../theme';
import './basins-net-controls';
import './basins-net-path';
import type { BasinsNetPath, PathView } from './basins-net-path';
import './basins-net-scatter';
import type { BasinsNetScatter } from './basins-net-scatter';
import './basins-net-slice';
import type { BasinsNetSlice, SliceView } from './basins-net-slice';
import './basins-net-table';
import './basins-net-thumbs';
import type { BasinsNetThumbs, ThumbSet } from './basins-net-thumbs';
import type { Ink } from './net-canvas';
import {
  DEFAULT_FORM,
  checkForm,
  formOf,
  plainLane,
  specFromLink,
  specToLink,
  type NetForm,
} from './net-form';
import { THUMB_BOUNDS, type Trained } from './net-views';

type GpuSide = typeof import('./net-gpu');
type CpuSide = typeof import('./net-cpu');

/** The CPU side, loaded only when the page runs without WebGPU. */
async function loadCpuSide(): Promise<CpuSide> {
  return import('./net-cpu');
}

/** Networks drawn as decision-region thumbnails, over all lanes. */
const THUMBNAILS = 12;
/** Grid points per side of a thumbnail. */
const THUMB_RESOLUTION = 40;
/** Network-steps (over all lanes) the CPU fallback agrees to train. */
const CPU_BUDGET = 150_000;

/** What runs without WebGPU: a tiny experiment on the Float64 twin. */
const CPU_FORM: NetForm = {
  ...DEFAULT_FORM,
  kind: 'xor',
  n: '100',
  noise: '0.05',
  lanes: [plainLane('gd', '0.3', '16'), plainLane('adam', '0.03', '16')],
  runs: '16',
  steps: '150',
};

type Phase = 'starting' | 'idle' | 'training' | 'done' | 'error';

interface Notice {
  id: string;
  kind: NoticeKind;
  heading: string;
  text?: string;
  items?: (string | [string, string])[];
}

/** What the page's tests read (window.__basinsNetworks). */
export interface NetworksTestHooks {
  state(): {
    phase: Phase;
    mode: 'gpu' | 'cpu' | null;
    notices: string[];
    issues: SpecIssue[];
    error: string | null;
    lanes: {
      label: string;
      runs: number;
      diverged: number;
      medianTrainAccuracy: number;
      medianTestAccuracy: number;
    }[];
    barrier: number | null;
  };
  /** What each view's canvas shows. */
  ink(): {
    scatter: Ink | null;
    thumbs: Ink[];
    slice: Ink | null;
    path: Ink | null;
  };
}

declare global {
  interface Window {
    __basinsNetworks?: NetworksTestHooks;
  }
}

/**
 * The network page: a form for a network experiment (also read from and
 * written to the address bar as `?spec=`), training on the GPU with
 * NetExperiment (or, without WebGPU, a tiny experiment on the Float64
 * twin), then a table per optimizer, a sharpness scatter, decision
 * regions, a loss slice and an interpolation path.
 */
@customElement('basins-networks')
export class BasinsNetworks extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 0.9em 1.2em 2em;
        max-width: 1800px;
        margin: 0 auto;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.4em 1.5em;
        margin-bottom: 0.8em;
      }
      h1 {
        margin: 0;
        font-size: 1.6em;
      }
      .tagline {
        margin: 0;
        color: var(--muted);
      }
      .notices {
        display: grid;
        gap: 0.5em;
        margin-bottom: 0.8em;
      }
      main {
        display: grid;
        grid-template-columns: minmax(18em, 26em) minmax(0, 1fr);
        gap: 1.2em;
        align-items: start;
      }
      @media (max-width: 900px) {
        main {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .results {
        display: grid;
        gap: 1em;
        min-width: 0;
      }
      section {
        background: var(--panel);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 0.7em 0.9em;
        min-width: 0;
      }
      h2 {
        font-size: 1.05em;
        margin: 0 0 0.5em;
      }
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(22em, 1fr));
        gap: 1em;
      }
      .progress {
        display: grid;
        gap: 0.3em;
      }
      progress {
        width: 100%;
        accent-color: var(--accent);
      }
      .chooser {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        align-items: end;
        margin-bottom: 0.6em;
        font-size: 0.92em;
      }
      .chooser label {
        display: grid;
        gap: 0.1em;
        color: var(--muted);
      }
      .chooser input {
        width: 6em;
      }
    `,
  ];

  @state() private form: NetForm = DEFAULT_FORM;
  @state() private issues: SpecIssue[] = [];
  @state() private phase: Phase = 'starting';
  @state() private mode: 'gpu' | 'cpu' | null = null;
  @state() private notices: Notice[] = [];
  @state() private error: string | null = null;
  @state() private progress = { step: 0, of: 4, text: '' };
  @state() private result: NetExperimentResult | null = null;
  @state() private thumbs: ThumbSet | null = null;
  @state() private slice: SliceView | null = null;
  @state() private path: PathView | null = null;
  /** The network the slice is centred on. */
  @state() private centre = { lane: 0, run: 0 };
  @state() private sliceBusy = false;

  private gpu: Gpu | null = null;
  private gpuSide: GpuSide | null = null;
  private cpuSide: CpuSide | null = null;
  /** The last training: its spec, data, final weights and views. */
  private trained: (Trained & { spec: ResolvedNetworkSpec }) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    window.__basinsNetworks = this.hooks();
    void this.start();
  }

  override render() {
    return html`
      <header>
        <h1>Basins · networks</h1>
        <p class="tagline">
          Thousands of small networks trained at once; their losses, sharpness,
          decision regions and landscapes.
        </p>
      </header>
      <div class="notices">${this.notices.map((n) => this.notice(n))}</div>
      <main>
        <basins-net-controls
          .form=${this.form}
          .issues=${this.issues}
          ?busy=${this.phase === 'training' || this.phase === 'starting'}
          @form-change=${this.onForm}
          @train=${() => void this.train()}
        ></basins-net-controls>
        <div class="results">${this.results()}</div>
      </main>
    `;
  }

  private notice(n: Notice) {
    return html`<basins-notice
      data-id=${n.id}
      kind=${n.kind}
      heading=${n.heading}
      text=${n.text ?? ''}
      .items=${n.items ?? []}
      @dismiss=${() => this.dismiss(n.id)}
    ></basins-notice>`;
  }

  private results() {
    const out = [];
    if (this.phase === 'training' || this.phase === 'starting') {
      out.push(
        html`<section class="progress" aria-live="polite">
          <h2>Training</h2>
          <progress
            max=${this.progress.of}
            value=${this.progress.step}
            aria-label="Training progress"
          ></progress>
          <span class="muted">${this.progress.text}</span>
        </section>`,
      );
    }
    if (this.error) {
      out.push(
        html`<basins-notice
          kind="error"
          heading="Training failed"
          text=${this.error}
          .dismissible=${false}
        ></basins-notice>`,
      );
    }
    if (!this.result) return out;
    out.push(
      html`<section>
          <h2>Final networks</h2>
          <basins-net-table .result=${this.result}></basins-net-table>
        </section>
        <div class="pair">
          <section>
            <h2>Sharpness and generalization</h2>
            <basins-net-scatter .result=${this.result}></basins-net-scatter>
          </section>
          <section>
            <h2>Straight path between two networks</h2>
            ${
              this.path
                ? html`<basins-net-path .path=${this.path}></basins-net-path>`
                : html`<p class="muted">Needs two networks.</p>`
            }
          </section>
        </div>
        <section>
          <h2>Decision regions</h2>
          <basins-net-thumbs .sample=${this.thumbs}></basins-net-thumbs>
        </section>
        <section>
          <h2>Loss slice around a network</h2>
          ${this.chooser()}
          <basins-net-slice .slice=${this.slice}></basins-net-slice>
        </section>`,
    );
    return out;
  }

  private chooser() {
    const r = this.result;
    if (!r) return nothing;
    return html`<form class="chooser" @submit=${this.onCentre}>
      <label
        >optimizer
        <select name="lane" aria-label="Optimizer of the slice's network">
          ${r.lanes.map(
            (l, i) =>
              html`<option value=${i} ?selected=${i === this.centre.lane}>
                ${l.label}
              </option>`,
          )}
        </select></label
      >
      <label
        >network
        <input
          name="run"
          type="number"
          min="0"
          max=${r.lanes[0]!.runs - 1}
          step="1"
          .value=${String(this.centre.run)}
          aria-label="Network of the slice (0 to ${r.lanes[0]!.runs - 1})"
      /></label>
      <button type="submit" ?disabled=${this.sliceBusy}>Draw slice</button>
    </form>`;
  }

  // ----------------------------------------------------------- start

  private async start(): Promise<void> {
    this.readLink();
    try {
      this.gpu = await requestGpu();
      this.gpuSide = await import('./net-gpu');
      this.mode = 'gpu';
      const gpu = this.gpu;
      void gpu.device.lost.then((info) => {
        if (this.gpu !== gpu || info.reason === 'destroyed') return;
        this.gpu = null;
        this.mode = null;
        this.phase = 'error';
        this.error = `The GPU device was lost (${info.message}). Reload the page to train again.`;
      });
    } catch (e) {
      if (!(e instanceof BasinsError && e.code === 'NO_WEBGPU')) {
        this.phase = 'error';
        this.error = e instanceof Error ? e.message : String(e);
        await this.ready();
        return;
      }
      this.cpuSide = await loadCpuSide();
      this.mode = 'cpu';
      this.form = CPU_FORM;
      this.notify({
        id: 'no-webgpu',
        kind: 'warn',
        heading: 'WebGPU is not available',
        text:
          `${NO_WEBGPU_HELP} Meanwhile this page trains a tiny experiment ` +
          `on the CPU with the Float64 reference engine (at most ` +
          `${count(CPU_BUDGET)} network-steps).`,
      });
    }
    this.issues = this.check(this.form);
    this.phase = 'idle';
    await this.ready();
    if (this.issues.length === 0) await this.train();
  }

  private async ready(): Promise<void> {
    await this.updateComplete;
    document.body.dataset.ready = 'true';
  }

  /** The form from `?spec=`, or the default with a notice saying why. */
  private readLink(): void {
    const link = specFromLink(location.search);
    if (link.kind === 'none') return;
    const heading = 'The shared link could not be used';
    const fallback = ' The default experiment is shown instead.';
    if (link.kind === 'bad') {
      this.notify({
        id: 'link',
        kind: 'warn',
        heading,
        text: `${link.reason}.${fallback}`,
      });
      return;
    }
    try {
      this.form = formOf(resolveNetworkSpec(link.value));
    } catch (e) {
      const items: [string, string][] =
        e instanceof SpecError
          ? e.issues.slice(0, 20).map((i) => [i.path, i.message])
          : [['spec', e instanceof Error ? e.message : String(e)]];
      this.notify({
        id: 'link',
        kind: 'warn',
        heading,
        text: `Its spec is not a valid network experiment.${fallback}`,
        items,
      });
    }
  }

  private notify(n: Notice): void {
    this.notices = [...this.notices.filter((x) => x.id !== n.id), n];
  }

  private dismiss(id: string): void {
    this.notices = this.notices.filter((x) => x.id !== id);
  }

  /** Every problem of a form, the CPU fallback's budget included. */
  private check(f: NetForm): SpecIssue[] {
    const c = checkForm(f);
    if (!c.ok) return c.issues;
    const s = c.spec;
    const work = s.runs * s.steps * s.optimizers.length;
    if (this.mode === 'cpu' && work > CPU_BUDGET) {
      return [
        {
          path: 'runs',
          message:
            `without WebGPU this page trains at most ${count(CPU_BUDGET)} ` +
            `network-steps (networks x steps x optimizers); this is ` +
            `${count(work)}`,
        },
      ];
    }
    return [];
  }

  private onForm(e: CustomEvent<NetForm>): void {
    this.form = e.detail;
    this.issues = this.check(this.form);
  }

  // --------------------------------------------------------- training

  private step(step: number, text: string): void {
    this.progress = { step, of: 4, text };
  }

  private async train(): Promise<void> {
    if (this.phase === 'training' || this.mode === null) return;
    this.issues = this.check(this.form);
    const checked = checkForm(this.form);
    if (this.issues.length > 0 || !checked.ok) return;
    const spec = checked.spec;
    const url = `${location.pathname}${specToLink(checked.input)}`;
    history.replaceState(history.state, '', url);

    this.phase = 'training';
    this.error = null;
    this.result = null;
    this.thumbs = null;
    this.slice = null;
    this.path = null;
    this.trained = null;
    this.centre = { lane: 0, run: 0 };
    const t0 = performance.now();
    try {
      if (this.mode === 'gpu' && this.gpu) await this.trainGpu(this.gpu, spec);
      else await this.trainCpu(spec);
      this.step(3, 'Drawing decision regions, the slice and the path');
      await this.drawViews();
      this.step(4, `Done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      this.phase = 'done';
    } catch (e) {
      this.phase = 'error';
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private async trainGpu(gpu: Gpu, spec: ResolvedNetworkSpec): Promise<void> {
    const total = spec.runs * spec.optimizers.length;
    const texts = [
      'Compiling the kernels',
      `Training ${count(total)} networks for ${count(spec.steps)} steps`,
      'Measuring the sharpness of every network',
    ];
    this.step(0, texts[0]!);
    const side = this.gpuSide ?? (await import('./net-gpu'));
    const t = await side.trainOnGpu(gpu, spec, (k) => this.step(k, texts[k]!));
    this.trained = { ...t, spec };
    this.result = t.result;
  }

  private async trainCpu(spec: ResolvedNetworkSpec): Promise<void> {
    this.step(1, 'Training on the CPU (Float64 reference)');
    // let the progress paint before the synchronous work
    await new Promise((r) => setTimeout(r, 30));
    const side = this.cpuSide ?? (await loadCpuSide());
    const t = side.trainOnCpu(spec);
    this.trained = { ...t, spec };
    this.result = t.result;
  }

  /** Thumbnails, the slice around the chosen network and the path. */
  private async drawViews(): Promise<void> {
    const t = this.trained;
    const r = this.result;
    if (!t || !r) return;
    const P = t.spec.parameters;
    const lanes = t.params.length;
    const each = Math.max(1, Math.floor(THUMBNAILS / lanes));
    const picks: { lane: number; run: number }[] = [];
    for (let lane = 0; lane < lanes; lane++) {
      for (let run = 0; run < Math.min(each, t.spec.runs); run++) {
        picks.push({ lane, run });
      }
    }
    const sample = new Float32Array(picks.length * P);
    picks.forEach((p, i) => sample.set(this.network(p.lane, p.run), i * P));
    const outputs = await t.views.decisions(sample, THUMB_RESOLUTION);
    const cells = THUMB_RESOLUTION ** 2;
    this.thumbs = {
      thumbs: picks.map((p, i) => ({
        ...p,
        label: r.lanes[p.lane]!.label,
        outputs: outputs.subarray(i * cells, (i + 1) * cells),
      })),
      resolution: THUMB_RESOLUTION,
      bounds: THUMB_BOUNDS,
      loss: t.spec.shape.loss,
      dataset: t.data,
    };

    await this.drawSlice();

    // lane 0's first network to lane 1's, or to lane 0's second
    const ends =
      lanes > 1
        ? [
            { lane: 0, run: 0 },
            { lane: 1, run: 0 },
          ]
        : t.spec.runs > 1
          ? [
              { lane: 0, run: 0 },
              { lane: 0, run: 1 },
            ]
          : null;
    if (ends) {
      const [a, b] = ends as [
        { lane: number; run: number },
        { lane: number; run: number },
      ];
      const g = await t.views.path(
        this.network(a.lane, a.run),
        this.network(b.lane, b.run),
      );
      this.path = {
        ...g,
        from: this.name(a.lane, a.run),
        to: this.name(b.lane, b.run),
      };
    }
  }

  private async drawSlice(): Promise<void> {
    const t = this.trained;
    if (!t) return;
    const { lane, run } = this.centre;
    this.sliceBusy = true;
    try {
      const g = await t.views.slice(this.network(lane, run));
      this.slice = {
        alphas: g.alphas,
        betas: g.betas,
        loss: g.trainLoss,
        label: this.name(lane, run),
      };
    } finally {
      this.sliceBusy = false;
    }
  }

  private network(lane: number, run: number): Float32Array {
    const P = this.trained!.spec.parameters;
    return this.trained!.params[lane]!.subarray(run * P, (run + 1) * P);
  }

  private name(lane: number, run: number): string {
    return `network ${run} of ${this.result?.lanes[lane]?.label ?? lane}`;
  }

  private onCentre(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const t = this.trained;
    if (!t) return;
    const lane = Math.trunc(Number(data.get('lane')));
    const run = Math.trunc(Number(data.get('run')));
    if (
      !(lane >= 0 && lane < t.params.length) ||
      !(run >= 0 && run < t.spec.runs)
    ) {
      return;
    }
    this.centre = { lane, run };
    void this.drawSlice().catch((err: unknown) => {
      this.error = err instanceof Error ? err.message : String(err);
    });
  }

  // ------------------------------------------------------ test hooks

  private hooks(): NetworksTestHooks {
    const root = () => this.renderRoot;
    const el = <T extends Element>(sel: string) =>
      root().querySelector(sel) as T | null;
    return {
      state: () => ({
        phase: this.phase,
        mode: this.mode,
        notices: this.notices.map((n) => n.id),
        issues: this.issues,
        error: this.error,
        lanes:
          this.result?.lanes.map((l) => ({
            label: l.label,
            runs: l.runs,
            diverged: l.diverged,
            medianTrainAccuracy: l.median.trainAccuracy,
            medianTestAccuracy: l.median.testAccuracy,
          })) ?? [],
        barrier: this.path?.barrier ?? null,
      }),
      ink: () => ({
        scatter: el<BasinsNetScatter>('basins-net-scatter')?.ink() ?? null,
        thumbs: el<BasinsNetThumbs>('basins-net-thumbs')?.ink() ?? [],
        slice: el<BasinsNetSlice>('basins-net-slice')?.ink() ?? null,
        path: el<BasinsNetPath>('basins-net-path')?.ink() ?? null,
      }),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-networks': BasinsNetworks;
  }
}
