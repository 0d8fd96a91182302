import type { ValueGrad } from '../objectives/landscape';
import type { StepContext } from '../optimizers/optimizer';
import type { ParamSpec, ParamSpecs, ParamValues } from '../spec/params';

/** What an oracle may use at one step of one run, in Float64. */
export interface OracleContext {
  /** The landscape's value and gradient anywhere. */
  valueGrad(x: number, y: number): ValueGrad;
  /** The experiment's gradient noise (sigma times a normal pair, or zero)
   * from stream `stream` of this run and step. */
  gradientNoise(stream: number): [number, number];
  /** A standard normal pair from stream `stream` of this run at `step`. */
  normal(stream: number, step: number): [number, number];
  /** The step being taken, from 1. */
  step: number;
}

/**
 * A gradient oracle: how the gradient that the optimizer sees is formed.
 * The plain oracle returns the (noisy) gradient at the current point; the
 * landscape-aware methods evaluate it elsewhere (SAM's ascent point,
 * perturbed points, an inner Langevin loop) or add Langevin noise. Any
 * optimizer runs on top of any oracle.
 *
 * WGSL contract (`shaders/oracles/<id>.wgsl`):
 * ```wgsl
 * struct OracleConsts { ... }   // per-step constants, all f32
 * fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey,
 *                c: OracleConsts) -> vec2f
 * ```
 * where fg = (f, df/dx, df/dy) at x. The fused kernel provides
 * `objective(p) -> vec3f`, `gradient_noise(k, stream) -> vec2f` and
 * `normal2(seed, run, step, stream)`; helpers are prefixed with the id.
 */
export interface Oracle {
  id: string;
  name: string;
  summary: string;
  reference: string;
  hyper: ParamSpecs;
  /** Landscape evaluations per step, for the reader of speed figures. */
  evaluationsPerStep(h: ParamValues): number;
  /** Per-step constants: exactly the fields of `struct OracleConsts`; ctx
   * carries the base optimizer's scheduled learning rate. */
  consts(h: ParamValues, ctx: StepContext): Record<string, number>;
  /** Float64 twin of `oracle_grad`. */
  grad(
    x: number,
    y: number,
    fg: ValueGrad,
    ctx: OracleContext,
    c: Record<string, number>,
  ): [number, number];
  wgsl: string;
}

/** What an author writes for an oracle, typed by field name. */
export interface OracleDef<H extends string, C extends string> extends Omit<
  Oracle,
  'hyper' | 'consts' | 'grad' | 'evaluationsPerStep'
> {
  hyper: Readonly<Record<H, ParamSpec>>;
  evaluationsPerStep(h: Readonly<Record<H, number>>): number;
  consts(h: Readonly<Record<H, number>>, ctx: StepContext): Record<C, number>;
  grad(
    x: number,
    y: number,
    fg: ValueGrad,
    ctx: OracleContext,
    c: Readonly<Record<C, number>>,
  ): [number, number];
}

/** Declares an oracle with its names checked by the compiler. */
export function oracle<H extends string = never, C extends string = never>(
  def: OracleDef<H, C>,
): Oracle {
  return def as unknown as Oracle;
}

/**
 * Random-number streams: each use of the counter-based generator has its
 * own, so that no two uses of one (seed, run, step) share numbers. The
 * WGSL modules use the same numbers.
 */
export const STREAMS = {
  gradientNoise: 0,
  antiPgd: 2,
  sgld: 3,
  /** LPF-SGD sample m uses lpf + m, m < 64. */
  lpf: 4,
  /** Entropy-SGD inner step l: gradient noise 128 + 2 l, Langevin 129 + 2 l. */
  entropy: 128,
} as const;
