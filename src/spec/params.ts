/**
 * A numeric parameter described once: its range, default and scale. The
 * validation of a spec and the UI's sliders are both derived from it.
 */
export interface ParamSpec {
  /** Short label for controls, e.g. "learning rate". */
  label: string;
  /** One sentence on what the parameter does. */
  doc: string;
  default: number;
  min: number;
  max: number;
  /** Whether min itself is allowed (default true). */
  minInclusive?: boolean;
  /** Whether max itself is allowed (default true). */
  maxInclusive?: boolean;
  /** How a slider moves: log for learning rates and epsilons. */
  scale: 'linear' | 'log';
  /** Only whole numbers are allowed. */
  integer?: boolean;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** Parameter values by name, after defaults are filled in. */
export type ParamValues = Readonly<Record<string, number>>;

/** The range of a parameter in interval notation, e.g. "[0, 1)". */
export function describeRange(p: ParamSpec): string {
  const lo = p.minInclusive === false ? '(' : '[';
  const hi = p.maxInclusive === false ? ')' : ']';
  const kind = p.integer ? 'an integer' : 'a number';
  return `${kind} in ${lo}${p.min}, ${p.max}${hi}`;
}

/** Why a value is not allowed for a parameter, or null when it is. */
export function checkParam(p: ParamSpec, value: unknown): string | null {
  const range = describeRange(p);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `must be ${range}, got ${String(value)}`;
  }
  const belowMin = p.minInclusive === false ? value <= p.min : value < p.min;
  const aboveMax = p.maxInclusive === false ? value >= p.max : value > p.max;
  if (belowMin || aboveMax || (p.integer && !Number.isInteger(value))) {
    return `must be ${range}, got ${value}`;
  }
  return null;
}

/** The defaults of a set of parameters. */
export function defaultsOf(specs: ParamSpecs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, p] of Object.entries(specs)) out[name] = p.default;
  return out;
}
