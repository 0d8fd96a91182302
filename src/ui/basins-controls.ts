import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { LANDSCAPES, findLandscape } from '../objectives';
import type { Family } from '../optimizers/optimizer';
import { OPTIMIZERS, findOptimizer } from '../optimizers';
import {
  SCHEDULES,
  type ScheduleKind,
  type ScheduleSpec,
} from '../optimizers/schedules';
import { ORACLES, findOracle } from '../oracles';
import {
  LIMITS,
  type ExperimentSpec,
  type OptimizerSpec,
  type StartsSpec,
} from '../spec/spec';
import type { UrlLimits } from '../spec/url';
import { SHARPNESS_PARAMS } from '../spec/validate';
import type { SpecIssue } from '../util/errors';
import type { UiParamSpec } from './basins-param-field';
import './basins-param-field';
import { count } from './format';
import { optimizerColor } from './palette';
import { shared } from './theme';

const FAMILIES: [Family, string][] = [
  ['first-order', 'First order'],
  ['adaptive', 'Adaptive'],
  ['second-order', 'Second order'],
  ['landscape-aware', 'Landscape-aware'],
  ['distributed', 'Distributed'],
];

const STEPS: UiParamSpec = {
  label: 'steps',
  doc: 'Optimization steps of every run.',
  default: 400,
  min: 1,
  max: LIMITS.maxSteps,
  scale: 'log',
  integer: true,
};

const NOISE: UiParamSpec = {
  label: 'gradient noise σ',
  doc: 'Standard deviation of the Gaussian noise added to each gradient coordinate (0: none).',
  default: 0,
  min: 0,
  max: 1e6,
  scale: 'log',
  sliderMin: 1e-3,
  sliderMax: 100,
  zeroAtStart: true,
};

const SEED: UiParamSpec = {
  label: 'seed',
  doc: 'Keys every random number: random starts and gradient noise.',
  default: 1,
  min: 0,
  max: 2 ** 32 - 1,
  scale: 'linear',
  integer: true,
  sliderMax: 1000,
};

/** The legend label validation gives an optimizer entry without one. */
function defaultLabel(o: OptimizerSpec): string {
  const def = findOptimizer(o.id);
  const oracle = o.gradient ? findOracle(o.gradient.id) : undefined;
  let label = def?.name ?? o.id;
  if (oracle && oracle.id !== 'plain') label += ` + ${oracle.name}`;
  if (o.swa) label += ' + SWA';
  return label;
}

function runsOf(s: StartsSpec): number {
  if (s.kind === 'grid') return s.nx * s.ny;
  if (s.kind === 'list') return s.points.length;
  return s.count;
}

/**
 * Everything a person can set: the landscape and its parameters, the
 * optimizers with their hyperparameters and schedules, the starts, the
 * number of runs, steps, noise, seed and trails. Every numeric field is a
 * slider and a number field derived from the parameter's description.
 * Problems found by the validation of the whole spec are shown next to
 * the field they concern (`issues`, matched by path).
 *
 * @fires spec-change - `{ spec }`: the spec with one change applied
 */
@customElement('basins-controls')
export class BasinsControls extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 1em;
      }
      fieldset {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--panel);
        padding: 0.7em 0.9em 0.9em;
        margin: 0;
        display: grid;
        gap: 0.65em;
        min-width: 0;
      }
      legend {
        font-weight: 650;
        padding: 0 0.35em;
        letter-spacing: 0.02em;
      }
      .pick {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.6em;
        align-items: center;
      }
      .pick label {
        color: var(--muted);
        font-size: 0.92em;
      }
      .summary {
        margin: 0;
        color: var(--muted);
        font-size: 0.86em;
        line-height: 1.35;
      }
      .opt {
        border: 1px solid var(--border);
        border-left: 5px solid var(--c);
        border-radius: var(--radius-s);
        background: var(--panel-2);
        padding: 0.55em 0.7em 0.7em;
        display: grid;
        gap: 0.55em;
      }
      .opt header {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.5em;
        align-items: center;
      }
      .opt select {
        font-weight: 600;
      }
      details {
        display: grid;
        gap: 0.55em;
      }
      details > summary {
        cursor: pointer;
        color: var(--muted);
        font-size: 0.9em;
      }
      details[open] > summary {
        margin-bottom: 0.5em;
      }
      details > .inner {
        display: grid;
        gap: 0.55em;
      }
      .add {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.5em;
      }
      .problems {
        margin: 0;
        padding: 0.6em 0.9em 0.6em 2em;
        border: 1px solid var(--danger);
        border-radius: var(--radius-s);
        color: var(--danger);
      }
      input[type='text'] {
        width: 100%;
      }
      .text {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.6em;
        align-items: center;
      }
      .text label {
        color: var(--muted);
        font-size: 0.92em;
      }
      .check {
        display: flex;
        gap: 0.5em;
        align-items: center;
        color: var(--muted);
        font-size: 0.92em;
      }
      .check input {
        accent-color: var(--accent);
        width: 1.1em;
        height: 1.1em;
      }
    `,
  ];

  @property({ attribute: false }) spec!: ExperimentSpec;
  @property({ attribute: false }) issues: readonly SpecIssue[] = [];
  @property({ attribute: false }) limits!: UrlLimits;

  override render() {
    const s = this.spec;
    if (!s) return nothing;
    const shown = new Set<string>();
    const err = (...paths: string[]) => {
      const hits = this.issues.filter((i) =>
        paths.some((p) => i.path === p || i.path.startsWith(`${p}.`)),
      );
      for (const h of hits) shown.add(h.path);
      return hits.length ? hits.map((h) => h.message).join('; ') : null;
    };
    const body = html`
      ${this.landscapeSection(err)} ${this.optimizersSection(err)}
      ${this.runsSection(err)}
    `;
    const rest = this.issues.filter((i) => !shown.has(i.path));
    return html`
      <form @submit=${(e: Event) => e.preventDefault()}>
        ${
          rest.length
            ? html`<ul class="problems" role="alert">
                ${rest.map((i) => html`<li>${i.path}: ${i.message}</li>`)}
              </ul>`
            : nothing
        }
        ${body}
      </form>
    `;
  }

  // ------------------------------------------------------------ sections

  private landscapeSection(err: (...p: string[]) => string | null) {
    const s = this.spec;
    const land = findLandscape(s.landscape.id) ?? LANDSCAPES[0]!;
    return html`
      <fieldset>
        <legend>Landscape</legend>
        <div class="pick">
          <label for="land">Loss</label>
          <select id="land" @change=${this.onLandscape}>
            ${LANDSCAPES.map(
              (l) =>
                html`<option value=${l.id} ?selected=${l.id === land.id}>
                  ${l.name}
                </option>`,
            )}
          </select>
        </div>
        <p class="summary">${land.summary}</p>
        ${Object.entries(land.params).map(
          ([k, p]) => html`
            <basins-param-field
              name=${`landscape.params.${k}`}
              .spec=${p}
              .value=${s.landscape.params?.[k] ?? p.default}
              .error=${err(`landscape.params.${k}`)}
              @value-change=${(e: CustomEvent<{ value: number }>) =>
                this.edit((d) => {
                  d.landscape.params = {
                    ...d.landscape.params,
                    [k]: e.detail.value,
                  };
                })}
            ></basins-param-field>
          `,
        )}
      </fieldset>
    `;
  }

  private optimizersSection(err: (...p: string[]) => string | null) {
    const s = this.spec;
    const max = Math.min(this.limits.maxOptimizers, LIMITS.maxOptimizers);
    return html`
      <fieldset>
        <legend>Optimizers</legend>
        ${repeat(
          s.optimizers,
          (_, i) => i,
          (o, i) => this.optimizerCard(o, i, err),
        )}
        <div class="add">
          <label class="sr-only" for="add">Optimizer to add</label>
          <select id="add">
            ${this.optimizerOptions(this.nextOptimizer())}
          </select>
          <button
            type="button"
            ?disabled=${s.optimizers.length >= max}
            @click=${this.onAdd}
          >
            + Add
          </button>
        </div>
      </fieldset>
    `;
  }

  private optimizerOptions(selected: string) {
    return FAMILIES.map(([fam, name]) => {
      const list = OPTIMIZERS.filter((o) => o.family === fam);
      return list.length
        ? html`<optgroup label=${name}>
            ${list.map(
              (o) =>
                html`<option value=${o.id} ?selected=${o.id === selected}>
                  ${o.name}
                </option>`,
            )}
          </optgroup>`
        : nothing;
    });
  }

  private optimizerCard(
    o: OptimizerSpec,
    i: number,
    err: (...p: string[]) => string | null,
  ) {
    const def = findOptimizer(o.id);
    if (!def) return nothing;
    const path = `optimizers[${i}]`;
    const label = o.label ?? def.name;
    const sched: ScheduleSpec = o.schedule ?? { kind: 'constant' };
    const info = SCHEDULES[sched.kind];
    const field = (k: string, p: UiParamSpec) => html`
      <basins-param-field
        name=${`${path}.hyper.${k}`}
        .spec=${p}
        .value=${o.hyper?.[k] ?? p.default}
        .error=${err(`${path}.hyper.${k}`)}
        @value-change=${(e: CustomEvent<{ value: number }>) =>
          this.edit((d) => {
            const t = d.optimizers[i]!;
            t.hyper = { ...t.hyper, [k]: e.detail.value };
          })}
      ></basins-param-field>
    `;
    const [lrEntry, ...others] = Object.entries(def.hyper);
    const schedValues = sched as unknown as Record<string, number>;
    const moreOpen =
      sched.kind !== 'constant' ||
      (o.gradient !== undefined && o.gradient.id !== 'plain') ||
      o.swa !== undefined ||
      this.issues.some(
        (x) =>
          x.path.startsWith(path) && !x.path.startsWith(`${path}.hyper.lr`),
      );
    return html`
      <section
        class="opt"
        style="--c: ${optimizerColor(i)}"
        aria-label=${`Optimizer ${i + 1}: ${label}`}
      >
        <header>
          <select
            aria-label=${`Optimizer ${i + 1}`}
            name=${`${path}.id`}
            @change=${(e: Event) => this.onOptimizer(i, e)}
          >
            ${this.optimizerOptions(def.id)}
          </select>
          <button
            type="button"
            aria-label=${`Remove optimizer ${i + 1} (${label})`}
            title="Remove"
            ?disabled=${this.spec.optimizers.length <= 1}
            @click=${() =>
              this.edit((d) => {
                d.optimizers.splice(i, 1);
              })}
          >
            ✕
          </button>
        </header>
        <p class="summary">${def.summary}</p>
        ${lrEntry ? field(lrEntry[0], lrEntry[1]) : nothing}
        <details ?open=${moreOpen}>
          <summary>
            More:
            ${[
              ...others.map(([, p]) => p.label),
              'schedule',
              'gradient',
              'SWA',
              'label',
            ].join(', ')}
          </summary>
          <div class="inner">
            ${others.map(([k, p]) => field(k, p))}
            <div class="pick">
              <label for=${`sched${i}`}>schedule</label>
              <select
                id=${`sched${i}`}
                @change=${(e: Event) => this.onSchedule(i, e)}
              >
                ${Object.entries(SCHEDULES).map(
                  ([k, v]) =>
                    html`<option
                      value=${k}
                      ?selected=${k === sched.kind}
                      title=${v.summary}
                    >
                      ${k}
                    </option>`,
                )}
              </select>
            </div>
            ${Object.entries(info.params).map(
              ([k, p]) => html`
                <basins-param-field
                  name=${`${path}.schedule.${k}`}
                  .spec=${p}
                  .value=${schedValues[k] ?? p.default}
                  .error=${err(`${path}.schedule.${k}`)}
                  @value-change=${(e: CustomEvent<{ value: number }>) =>
                    this.edit((d) => {
                      const t = d.optimizers[i]!;
                      t.schedule = {
                        ...(t.schedule ?? { kind: 'constant' }),
                        [k]: e.detail.value,
                      } as ScheduleSpec;
                    })}
                ></basins-param-field>
              `,
            )}
            ${this.gradientFields(o, i, err)} ${this.swaFields(o, i, err)}
            <div class="text">
              <label for=${`label${i}`}>label</label>
              <input
                id=${`label${i}`}
                type="text"
                maxlength="80"
                placeholder=${defaultLabel(o)}
                .value=${o.label && o.label !== defaultLabel(o) ? o.label : ''}
                @change=${(e: Event) => this.onLabel(i, e)}
              />
            </div>
          </div>
        </details>
      </section>
    `;
  }

  /** The gradient oracle (plain, SAM, ...) and its parameters. */
  private gradientFields(
    o: OptimizerSpec,
    i: number,
    err: (...p: string[]) => string | null,
  ) {
    const path = `optimizers[${i}].gradient`;
    const oracle = findOracle(o.gradient?.id ?? 'plain') ?? ORACLES[0]!;
    return html`
      <div class="pick">
        <label for=${`grad${i}`}>gradient</label>
        <select
          id=${`grad${i}`}
          title=${oracle.summary}
          @change=${(e: Event) => {
            const id = (e.target as HTMLSelectElement).value;
            this.edit((d) => {
              const t = d.optimizers[i]!;
              if (id === 'plain') delete t.gradient;
              else t.gradient = { id };
              delete t.label;
            });
          }}
        >
          ${ORACLES.map(
            (x) =>
              html`<option
                value=${x.id}
                ?selected=${x.id === oracle.id}
                title=${x.summary}
              >
                ${x.id === 'plain' ? 'plain gradient' : x.name}
              </option>`,
          )}
        </select>
      </div>
      ${Object.entries(oracle.hyper).map(
        ([k, p]) => html`
          <basins-param-field
            name=${`${path}.hyper.${k}`}
            .spec=${p}
            .value=${o.gradient?.hyper?.[k] ?? p.default}
            .error=${err(`${path}.hyper.${k}`)}
            @value-change=${(e: CustomEvent<{ value: number }>) =>
              this.edit((d) => {
                const g = d.optimizers[i]!.gradient;
                if (g) g.hyper = { ...g.hyper, [k]: e.detail.value };
              })}
          ></basins-param-field>
        `,
      )}
    `;
  }

  /** Stochastic weight averaging: on or off, from which step, how often. */
  private swaFields(
    o: OptimizerSpec,
    i: number,
    err: (...p: string[]) => string | null,
  ) {
    const path = `optimizers[${i}].swa`;
    const steps = this.spec.steps;
    const stepSpec = (
      label: string,
      doc: string,
      def: number,
    ): UiParamSpec => ({
      label,
      doc,
      default: def,
      min: 1,
      max: LIMITS.maxSteps,
      scale: 'log',
      integer: true,
      sliderMax: Math.max(2, steps),
    });
    return html`
      <label class="check">
        <input
          type="checkbox"
          .checked=${o.swa !== undefined}
          @change=${(e: Event) => {
            const on = (e.target as HTMLInputElement).checked;
            this.edit((d) => {
              const t = d.optimizers[i]!;
              if (on) t.swa = { start: Math.max(1, Math.round(steps / 2)) };
              else delete t.swa;
              delete t.label;
            });
          }}
        />
        average the iterates (SWA)
      </label>
      ${
        o.swa
          ? html`
              <basins-param-field
                name=${`${path}.start`}
                .spec=${stepSpec(
                  'SWA from step',
                  'The first step whose iterate enters the average.',
                  Math.round(steps / 2),
                )}
                .value=${o.swa.start}
                .error=${err(`${path}.start`)}
                @value-change=${(e: CustomEvent<{ value: number }>) =>
                  this.edit((d) => {
                    const w = d.optimizers[i]!.swa;
                    if (w) w.start = e.detail.value;
                  })}
              ></basins-param-field>
              <basins-param-field
                name=${`${path}.every`}
                .spec=${stepSpec(
                  'SWA every',
                  'Steps between two iterates that enter the average.',
                  1,
                )}
                .value=${o.swa.every ?? 1}
                .error=${err(`${path}.every`)}
                @value-change=${(e: CustomEvent<{ value: number }>) =>
                  this.edit((d) => {
                    const w = d.optimizers[i]!.swa;
                    if (w) w.every = e.detail.value;
                  })}
              ></basins-param-field>
            `
          : nothing
      }
    `;
  }

  private runsSection(err: (...p: string[]) => string | null) {
    const s = this.spec;
    const st = s.starts;
    const runs = runsOf(st);
    const maxRuns = Math.max(
      1,
      Math.min(
        this.limits.maxRuns,
        Math.floor(this.limits.maxTotalRuns / s.optimizers.length),
      ),
    );
    const runsSpec: UiParamSpec = {
      label: 'runs per optimizer',
      doc:
        st.kind === 'grid'
          ? 'Runs start at the cell centres of a square grid over the landscape.'
          : 'Runs per optimizer, from the start distribution.',
      default: 16384,
      min: 1,
      max: maxRuns,
      scale: 'log',
      integer: true,
    };
    const hint =
      st.kind === 'grid' ? `${count(st.nx)} × ${count(st.ny)}` : null;
    const land = findLandscape(s.landscape.id);
    const bounds = land?.bounds(s.landscape.params ?? {}) ?? [
      [-5, 5],
      [-5, 5],
    ];
    const span = Math.max(
      bounds[0][1] - bounds[0][0],
      bounds[1][1] - bounds[1][0],
    );
    const coord = (label: string, lo: number, hi: number): UiParamSpec => ({
      label,
      doc: `The ${label} of the start distribution.`,
      default: 0,
      min: -LIMITS.maxCoordinate,
      max: LIMITS.maxCoordinate,
      scale: 'linear',
      sliderMin: lo,
      sliderMax: hi,
    });
    const steps = s.steps;
    const trailsMax = Math.min(
      runs,
      Math.floor(LIMITS.maxTrajectoryPoints / (steps + 1)),
    );
    const trails: UiParamSpec = {
      label: 'trails',
      doc: 'Runs whose whole path is recorded and drawn.',
      default: 32,
      min: 0,
      max: Math.max(0, trailsMax),
      scale: 'linear',
      integer: true,
      sliderMax: Math.max(1, Math.min(trailsMax, 256)),
    };
    return html`
      <fieldset>
        <legend>Runs</legend>
        <div class="pick">
          <label for="starts">starts</label>
          <select id="starts" @change=${this.onStartsKind}>
            <option value="grid" ?selected=${st.kind === 'grid'}>
              grid over the landscape
            </option>
            <option value="uniform" ?selected=${st.kind === 'uniform'}>
              uniform random
            </option>
            <option value="gaussian" ?selected=${st.kind === 'gaussian'}>
              Gaussian around a point
            </option>
            ${
              st.kind === 'list'
                ? html`<option value="list" selected>
                    list from the link
                  </option>`
                : nothing
            }
          </select>
        </div>
        ${
          st.kind === 'list'
            ? html`<p class="summary">${count(runs)} start points.</p>`
            : html`<basins-param-field
                name="starts.runs"
                .spec=${runsSpec}
                .value=${runs}
                .hint=${hint}
                .error=${err('starts')}
                @value-change=${this.onRuns}
              ></basins-param-field>`
        }
        ${
          st.kind === 'gaussian'
            ? html`
                <basins-param-field
                  name="starts.mean.x"
                  .spec=${coord('mean x', bounds[0][0], bounds[0][1])}
                  .value=${st.mean[0]}
                  @value-change=${(e: CustomEvent<{ value: number }>) =>
                    this.editGaussian(
                      (g) => (g.mean = [e.detail.value, g.mean[1]]),
                    )}
                ></basins-param-field>
                <basins-param-field
                  name="starts.mean.y"
                  .spec=${coord('mean y', bounds[1][0], bounds[1][1])}
                  .value=${st.mean[1]}
                  @value-change=${(e: CustomEvent<{ value: number }>) =>
                    this.editGaussian(
                      (g) => (g.mean = [g.mean[0], e.detail.value]),
                    )}
                ></basins-param-field>
                <basins-param-field
                  name="starts.std"
                  .spec=${{
                    ...coord('std', 0, span / 2),
                    label: 'standard deviation',
                    min: 0,
                    max: 1e6,
                    default: 1,
                  }}
                  .value=${st.std}
                  @value-change=${(e: CustomEvent<{ value: number }>) =>
                    this.editGaussian((g) => (g.std = e.detail.value))}
                ></basins-param-field>
              `
            : nothing
        }
        <basins-param-field
          name="steps"
          .spec=${STEPS}
          .value=${steps}
          .error=${err('steps')}
          @value-change=${this.onSteps}
        ></basins-param-field>
        <basins-param-field
          name="noise.sigma"
          .spec=${NOISE}
          .value=${s.noise?.sigma ?? 0}
          .error=${err('noise')}
          @value-change=${(e: CustomEvent<{ value: number }>) =>
            this.edit((d) => {
              d.noise = { ...d.noise, sigma: e.detail.value };
            })}
        ></basins-param-field>
        <div class="pick">
          <label for="noisemodel">noise shape</label>
          <select
            id="noisemodel"
            title="Isotropic: sigma z. Curvature-shaped: sigma |H|^(1/2) z, like mini-batch noise near a minimum"
            @change=${(e: Event) => {
              const model = (e.target as HTMLSelectElement).value as
                'isotropic' | 'hessian';
              this.edit((d) => {
                d.noise = { sigma: d.noise?.sigma ?? 0, model };
              });
            }}
          >
            <option
              value="isotropic"
              ?selected=${(s.noise?.model ?? 'isotropic') === 'isotropic'}
            >
              isotropic
            </option>
            <option value="hessian" ?selected=${s.noise?.model === 'hessian'}>
              shaped by the curvature
            </option>
          </select>
        </div>
        <basins-param-field
          name="seed"
          .spec=${SEED}
          .value=${s.seed ?? 1}
          .error=${err('seed')}
          @value-change=${(e: CustomEvent<{ value: number }>) =>
            this.edit((d) => {
              d.seed = e.detail.value;
            })}
        ></basins-param-field>
        <basins-param-field
          name="record.trajectories"
          .spec=${trails}
          .value=${s.record?.trajectories ?? Math.min(runs, 16)}
          .error=${err('record')}
          @value-change=${(e: CustomEvent<{ value: number }>) =>
            this.edit((d) => {
              d.record = { ...d.record, trajectories: e.detail.value };
            })}
        ></basins-param-field>
        ${this.sharpnessFields(err)}
      </fieldset>
    `;
  }

  /** How the sharpness of the end points is measured, folded away. */
  private sharpnessFields(err: (...p: string[]) => string | null) {
    const values: Record<string, number | undefined> = {
      ...this.spec.sharpness,
    };
    const entries = Object.entries(SHARPNESS_PARAMS);
    return html`
      <details ?open=${this.issues.some((i) => i.path.startsWith('sharpness'))}>
        <summary>
          Sharpness measures: ${entries.map(([, p]) => p.label).join(', ')}
        </summary>
        <div class="inner">
          ${entries.map(
            ([k, p]) => html`
              <basins-param-field
                name=${`sharpness.${k}`}
                .spec=${p}
                .value=${values[k] ?? p.default}
                .error=${err(`sharpness.${k}`)}
                @value-change=${(e: CustomEvent<{ value: number }>) =>
                  this.edit((d) => {
                    d.sharpness = { ...d.sharpness, [k]: e.detail.value };
                  })}
              ></basins-param-field>
            `,
          )}
        </div>
      </details>
    `;
  }

  // ------------------------------------------------------------ edits

  /** Emits the spec with one change applied to a copy. */
  private edit(change: (draft: ExperimentSpec) => void): void {
    const draft = structuredClone(this.spec);
    change(draft);
    // the number of trails may not exceed the runs or the trail budget
    const runs = runsOf(draft.starts);
    const fit = Math.min(
      runs,
      Math.floor(LIMITS.maxTrajectoryPoints / (draft.steps + 1)),
    );
    if ((draft.record?.trajectories ?? 0) > fit) {
      draft.record = { ...draft.record, trajectories: fit };
    }
    this.dispatchEvent(
      new CustomEvent('spec-change', {
        detail: { spec: draft },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private editGaussian(
    change: (g: Extract<StartsSpec, { kind: 'gaussian' }>) => void,
  ): void {
    this.edit((d) => {
      if (d.starts.kind === 'gaussian') change(d.starts);
    });
  }

  private nextOptimizer(): string {
    const used = new Set(this.spec.optimizers.map((o) => o.id));
    return (OPTIMIZERS.find((o) => !used.has(o.id)) ?? OPTIMIZERS[0]!).id;
  }

  private onLandscape(e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    this.edit((d) => {
      d.landscape = { id, params: {} };
      const st = d.starts;
      if (st.kind === 'grid') d.starts = { kind: 'grid', nx: st.nx, ny: st.ny };
      if (st.kind === 'uniform')
        d.starts = { kind: 'uniform', count: st.count };
      delete d.basinRadius;
    });
  }

  private onOptimizer(i: number, e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    this.edit((d) => {
      const { schedule, gradient, swa } = d.optimizers[i]!;
      d.optimizers[i] = { id, schedule, gradient, swa };
      for (const k of ['schedule', 'gradient', 'swa'] as const) {
        if (d.optimizers[i]![k] === undefined) delete d.optimizers[i]![k];
      }
    });
  }

  private onAdd(): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#add');
    const id = select?.value ?? this.nextOptimizer();
    this.edit((d) => {
      d.optimizers.push({ id });
    });
  }

  private onSchedule(i: number, e: Event): void {
    const kind = (e.target as HTMLSelectElement).value as ScheduleKind;
    const defaults: Record<string, number> = {};
    for (const [k, p] of Object.entries(SCHEDULES[kind].params)) {
      defaults[k] = p.default;
    }
    this.edit((d) => {
      d.optimizers[i]!.schedule = { kind, ...defaults } as ScheduleSpec;
    });
  }

  private onLabel(i: number, e: Event): void {
    const text = (e.target as HTMLInputElement).value.trim().slice(0, 80);
    this.edit((d) => {
      const o = d.optimizers[i]!;
      if (text) o.label = text;
      else delete o.label;
    });
  }

  private onStartsKind(e: Event): void {
    const kind = (e.target as HTMLSelectElement).value;
    const runs = runsOf(this.spec.starts);
    this.edit((d) => {
      if (kind === 'grid') {
        const side = Math.max(1, Math.round(Math.sqrt(runs)));
        d.starts = { kind: 'grid', nx: side, ny: side };
      } else if (kind === 'uniform') {
        d.starts = { kind: 'uniform', count: runs };
      } else if (kind === 'gaussian') {
        const land = findLandscape(d.landscape.id);
        const b = land?.bounds(d.landscape.params ?? {});
        const mean: [number, number] = b
          ? [(b[0][0] + b[0][1]) / 2, (b[1][0] + b[1][1]) / 2]
          : [0, 0];
        const std = b ? (b[0][1] - b[0][0]) / 8 : 1;
        d.starts = { kind: 'gaussian', count: runs, mean, std };
      }
    });
  }

  private onRuns(e: CustomEvent<{ value: number }>): void {
    const n = e.detail.value;
    this.edit((d) => {
      const st = d.starts;
      if (st.kind === 'grid') {
        const side = Math.max(1, Math.round(Math.sqrt(n)));
        st.nx = side;
        st.ny = side;
      } else if (st.kind !== 'list') st.count = n;
    });
  }

  private onSteps(e: CustomEvent<{ value: number }>): void {
    this.edit((d) => {
      d.steps = e.detail.value;
      // the record interval follows the steps unless it was chosen
      if (d.record) delete d.record.every;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'basins-controls': BasinsControls;
  }
}
