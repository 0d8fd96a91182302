import type { Hessian2 } from '../objectives/landscape';
import type { ParamSpec, ParamSpecs, ParamValues } from '../spec/params';

export type Family =
  | 'first-order'
  | 'adaptive'
  | 'second-order'
  | 'landscape-aware'
  | 'distributed';

/** What a step's constants may depend on. */
export interface StepContext {
  /** 1-based index of the step being taken. */
  t: number;
  /** The learning rate at step t after the schedule. */
  lr: number;
}

/** Per-coordinate optimizer state, by slot name. */
export type SlotValues = Record<string, number>;

/** Per-step constants shared by every run and coordinate, by field name. */
export type StepConstants = Record<string, number>;

interface OptimizerBase {
  id: string;
  name: string;
  family: Family;
  /** One sentence: what the method does differently. */
  summary: string;
  /** The paper that introduced it (or the standard text). */
  reference: string;
  /** Hyperparameters; `lr` is always present and is what schedules scale. */
  hyper: ParamSpecs;
  /**
   * Names of the per-coordinate state slots: exactly the fields of the WGSL
   * `struct OptState`, in order. An optimizer without state has one slot
   * named `unused`.
   */
  state: readonly string[];
  /** Initial value of each slot (slots not named start at 0). */
  initialState?: Readonly<SlotValues>;
  /**
   * The per-step constants: exactly the fields of the WGSL `struct
   * OptConsts`. Computed once per step in Float64 on the CPU (bias
   * corrections, the scheduled learning rate), never per run.
   */
  consts(h: ParamValues, ctx: StepContext): StepConstants;
  /** The WGSL module's source text. */
  wgsl: string;
}

/**
 * An optimizer that updates each coordinate from its own gradient and state.
 *
 * WGSL contract:
 * ```wgsl
 * struct OptConsts { ... }
 * struct OptState { ... }
 * fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
 *               c: OptConsts) -> f32   // returns the new x
 * ```
 */
export interface CoordinateOptimizer extends OptimizerBase {
  kind: 'coordinate';
  /** Float64 twin of `opt_update`: returns the new x, updates `s` in place. */
  update(x: number, g: number, s: SlotValues, c: StepConstants): number;
}

/**
 * An optimizer that needs the whole 2D vector and the Hessian (Newton).
 *
 * WGSL contract:
 * ```wgsl
 * fn opt_update2(x: vec2f, g: vec2f, h: vec3f,
 *                s0: ptr<function, OptState>, s1: ptr<function, OptState>,
 *                c: OptConsts) -> vec2f
 * ```
 * with h = (hxx, hxy, hyy).
 */
export interface Vector2Optimizer extends OptimizerBase {
  kind: 'vector2';
  /** Float64 twin of `opt_update2`. */
  update2(
    x: readonly [number, number],
    g: readonly [number, number],
    h: Hessian2,
    s: readonly [SlotValues, SlotValues],
    c: StepConstants,
  ): [number, number];
}

export type Optimizer = CoordinateOptimizer | Vector2Optimizer;

/** The learning rate every optimizer shares, with its usual range. */
export function lrParam(defaultLr: number) {
  return {
    label: 'learning rate',
    doc: 'Step size before the schedule is applied.',
    default: defaultLr,
    min: 0,
    max: 100,
    minInclusive: false,
    scale: 'log',
  } as const;
}

/** A momentum-style decay rate in [0, 1). */
export function betaParam(label: string, doc: string, defaultBeta: number) {
  return {
    label,
    doc,
    default: defaultBeta,
    min: 0,
    max: 1,
    maxInclusive: false,
    scale: 'linear',
  } as const;
}

/** A small positive constant that keeps a division finite. */
export function epsParam(defaultEps: number) {
  return {
    label: 'epsilon',
    doc: 'Added to the denominator so that it never reaches zero.',
    default: defaultEps,
    min: 0,
    max: 1,
    scale: 'log',
  } as const;
}

/** What an author writes for a coordinate optimizer, typed by field name. */
export interface CoordinateOptimizerDef<
  H extends string,
  S extends string,
  C extends string,
> extends Omit<
  CoordinateOptimizer,
  'kind' | 'hyper' | 'state' | 'initialState' | 'consts' | 'update'
> {
  hyper: Readonly<Record<H | 'lr', ParamSpec>>;
  state: readonly S[];
  initialState?: Readonly<Partial<Record<S, number>>>;
  consts(
    h: Readonly<Record<H | 'lr', number>>,
    ctx: StepContext,
  ): Record<C, number>;
  update(
    x: number,
    g: number,
    s: Record<S, number>,
    c: Readonly<Record<C, number>>,
  ): number;
}

/**
 * Declares a coordinate optimizer with its hyperparameter, state and
 * constant names checked by the compiler inside `consts` and `update`.
 */
export function coordinateOptimizer<
  H extends string,
  S extends string,
  C extends string,
>(def: CoordinateOptimizerDef<H, S, C>): CoordinateOptimizer {
  return { kind: 'coordinate', ...def } as CoordinateOptimizer;
}

/** What an author writes for a 2D vector optimizer, typed by field name. */
export interface Vector2OptimizerDef<
  H extends string,
  S extends string,
  C extends string,
> extends Omit<
  Vector2Optimizer,
  'kind' | 'hyper' | 'state' | 'initialState' | 'consts' | 'update2'
> {
  hyper: Readonly<Record<H | 'lr', ParamSpec>>;
  state: readonly S[];
  initialState?: Readonly<Partial<Record<S, number>>>;
  consts(
    h: Readonly<Record<H | 'lr', number>>,
    ctx: StepContext,
  ): Record<C, number>;
  update2(
    x: readonly [number, number],
    g: readonly [number, number],
    h: Hessian2,
    s: readonly [Record<S, number>, Record<S, number>],
    c: Readonly<Record<C, number>>,
  ): [number, number];
}

/** Declares a vector optimizer with its names checked by the compiler. */
export function vector2Optimizer<
  H extends string,
  S extends string,
  C extends string,
>(def: Vector2OptimizerDef<H, S, C>): Vector2Optimizer {
  return { kind: 'vector2', ...def } as Vector2Optimizer;
}
