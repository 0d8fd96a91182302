/**
 * The checker behind spec validation: collects every problem with the path
 * of its field and what is allowed, instead of stopping at the first.
 * Shared by every kind of spec (landscapes, networks).
 */
import {
  SCHEDULES,
  type ScheduleKind,
  type ScheduleSpec,
} from '../optimizers/schedules';
import type { SpecIssue } from '../util/errors';
import { checkParam, type ParamSpecs } from './params';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects every problem of a spec instead of stopping at the first. */
export class Checker {
  readonly issues: SpecIssue[] = [];

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** An object with only the allowed keys, or null (problem recorded). */
  object(v: unknown, path: string, allowed: readonly string[]): Obj | null {
    if (!isObj(v)) {
      this.fail(path, `must be an object, got ${describe(v)}`);
      return null;
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        this.fail(
          `${path}.${k}`,
          `unknown field; allowed: ${allowed.join(', ')}`,
        );
      }
    }
    return v;
  }

  /** A finite number in [min, max] (integer if asked), or the fallback. */
  number(
    v: unknown,
    path: string,
    opts: { min: number; max: number; integer?: boolean; above?: boolean },
    fallback: number,
  ): number {
    const { min, max, integer, above } = opts;
    const kind = integer ? 'an integer' : 'a number';
    const range = `${kind} in ${above ? '(' : '['}${min}, ${max}]`;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(path, `must be ${range}, got ${describe(v)}`);
      return fallback;
    }
    const low = above ? v <= min : v < min;
    if (low || v > max || (integer && !Number.isInteger(v))) {
      this.fail(path, `must be ${range}, got ${v}`);
      return fallback;
    }
    return v;
  }

  /**
   * Values of described parameters read from the fields of `v` (other
   * fields are not checked here), defaults filled in.
   */
  paramsOf(
    v: Obj | undefined,
    path: string,
    specs: ParamSpecs,
    defaults: Record<string, number> = {},
  ): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, p] of Object.entries(specs)) {
      out[k] = defaults[k] ?? p.default;
      const value = v?.[k];
      if (value === undefined) continue;
      const why = checkParam(p, value);
      if (why) this.fail(`${path}.${k}`, why);
      else out[k] = value as number;
    }
    return out;
  }

  /** An integer in [min, max], or the fallback (problem recorded). */
  integer(
    v: unknown,
    path: string,
    min: number,
    max: number,
    fallback: number,
  ): number {
    const ok =
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
    if (!ok) {
      this.fail(
        path,
        `must be an integer in [${min}, ${max}], got ${describe(v)}`,
      );
      return fallback;
    }
    return v;
  }

  /** One of the allowed strings, the fallback when absent. */
  oneOf<T extends string>(
    v: unknown,
    path: string,
    allowed: readonly T[],
    fallback: T,
  ): T {
    if (v === undefined) return fallback;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) {
      return v as T;
    }
    this.fail(path, `must be one of ${allowed.join(', ')}, got ${describe(v)}`);
    return fallback;
  }

  /** Values for a set of described parameters, defaults filled in. */
  params(v: unknown, path: string, specs: ParamSpecs): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, p] of Object.entries(specs)) out[k] = p.default;
    if (v === undefined) return out;
    const o = this.object(v, path, Object.keys(specs));
    if (!o) return out;
    for (const [k, value] of Object.entries(o)) {
      const p = specs[k];
      if (!p) continue;
      const why = checkParam(p, value);
      if (why) this.fail(`${path}.${k}`, why);
      else out[k] = value as number;
    }
    return out;
  }
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v;
}

/** A learning-rate schedule; constant when absent. */
export function checkSchedule(
  c: Checker,
  v: unknown,
  path: string,
): ScheduleSpec {
  if (v === undefined) return { kind: 'constant' };
  if (!isObj(v)) {
    c.fail(path, `must be an object, got ${describe(v)}`);
    return { kind: 'constant' };
  }
  const kinds = Object.keys(SCHEDULES) as ScheduleKind[];
  const kind = c.oneOf(v.kind, `${path}.kind`, kinds, 'constant');
  const info = SCHEDULES[kind];
  c.object(v, path, ['kind', ...Object.keys(info.params)]);
  return { kind, ...c.paramsOf(v, path, info.params) } as ScheduleSpec;
}
