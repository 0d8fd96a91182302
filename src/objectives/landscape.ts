import type { ParamSpec, ParamSpecs, ParamValues } from '../spec/params';

/** An axis-aligned box: [[xmin, xmax], [ymin, ymax]]. */
export type Bounds = readonly [
  readonly [number, number],
  readonly [number, number],
];

/** A stationary point of a landscape that the sandbox knows of. */
export interface CriticalPoint {
  x: number;
  y: number;
  /** The loss at the point. */
  value: number;
  /** A short name shown in legends, e.g. "global (3, 2)". */
  label: string;
}

/** Value and gradient at one point, in Float64. */
export interface ValueGrad {
  value: number;
  gx: number;
  gy: number;
}

/** The symmetric 2x2 Hessian as its three distinct entries. */
export interface Hessian2 {
  hxx: number;
  hxy: number;
  hyy: number;
}

/**
 * A two-dimensional loss landscape: the smallest objective.
 *
 * The WGSL module (`shaders/objectives/<id>.wgsl`) must define
 *
 * ```wgsl
 * struct LandscapeParams { ... }   // the fields named in `params`, all f32
 * fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f
 * fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f
 * ```
 *
 * where value_grad returns (f, df/dx, df/dy) and hessian returns (hxx, hxy,
 * hyy). A landscape without parameters declares one field `unused: f32`.
 * The TypeScript functions below are the Float64 twins of that module.
 */
export interface Landscape {
  id: string;
  name: string;
  /** One sentence: what the landscape is and what it teaches. */
  summary: string;
  /** Where it comes from (paper or standard benchmark collection). */
  reference: string;
  params: ParamSpecs;
  /** The usual plotting and sampling box. */
  bounds(p: ParamValues): Bounds;
  /** Known minima inside (or near) the bounds, global ones first. */
  minima(p: ParamValues): CriticalPoint[];
  /** Known saddle points and maxima worth marking (may be empty). */
  saddles(p: ParamValues): CriticalPoint[];
  /** Radius within which an end point counts as reaching a minimum. */
  basinRadius(p: ParamValues): number;
  valueGrad(x: number, y: number, p: ParamValues): ValueGrad;
  hessian(x: number, y: number, p: ParamValues): Hessian2;
  /** The WGSL module's source text. */
  wgsl: string;
}

type Typed<P extends string> = Readonly<Record<P, number>>;

/** What an author writes for a landscape, with parameter names checked. */
export interface LandscapeDef<P extends string> extends Omit<
  Landscape,
  | 'params'
  | 'bounds'
  | 'minima'
  | 'saddles'
  | 'basinRadius'
  | 'valueGrad'
  | 'hessian'
> {
  params: Readonly<Record<P, ParamSpec>>;
  bounds(p: Typed<P>): Bounds;
  minima(p: Typed<P>): CriticalPoint[];
  saddles(p: Typed<P>): CriticalPoint[];
  basinRadius(p: Typed<P>): number;
  valueGrad(x: number, y: number, p: Typed<P>): ValueGrad;
  hessian(x: number, y: number, p: Typed<P>): Hessian2;
}

/** Declares a landscape; `params` names are checked inside its functions. */
export function landscape<P extends string = never>(
  def: LandscapeDef<P>,
): Landscape {
  return def as unknown as Landscape;
}
