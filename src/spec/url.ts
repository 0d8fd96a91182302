/**
 * An experiment spec in the address bar, readable and editable by hand:
 *
 * ```
 * ?v=1
 * &land=rosenbrock(a:1,b:100)           landscape id and its parameters
 * &opt=gd(lr:0.01)                      one per optimizer, in order
 * &opt=adam(lr:0.05,beta1:0.9,schedule:cosine,schedule.warmup:10,label:Fast)
 * &opt=gd(lr:0.01,gradient:sam,gradient.rho:0.05,swa.start:200,swa.every:1)
 * &starts=grid(nx:128,ny:128,x0:-5,x1:5,y0:-5,y1:5)
 *        | uniform(count:4096,x0:..,x1:..,y0:..,y1:..)
 *        | gaussian(count:4096,mx:0,my:0,std:1)
 *        | list(1:2,-3:4.5)             x:y pairs
 * &steps=400 &seed=1 &noise=0           steps, seed, gradient noise sigma
 * &noisemodel=hessian                   noise shaped by the curvature
 * &every=4 &trails=32 &q=0.1,0.5,0.9    record: every, trajectories, quantiles
 * &gtol=0.001 &ltol=0.000001            convergence tolerances
 * &escape=10 &radius=0.1                divergence box, basin radius
 * &sharp=epsilon:0.05,rho:0.05,...      settings of the sharpness measures
 * ```
 *
 * Structure characters `( ) , :` stay raw; every name and value between
 * them is percent-encoded on its own, so a label may hold any text.
 *
 * Reading a link is tolerant field by field: each field is checked on its
 * own against the descriptions of landscapes, optimizers and schedules and
 * against LIMITS; a field that is unknown, malformed or out of range is
 * dropped (its default is used) and named in a notice. The result is always
 * a spec that `resolveSpec` accepts. Nothing is evaluated or turned into
 * HTML: labels are plain strings with control characters removed.
 */
import { findLandscape } from '../objectives';
import type { Bounds } from '../objectives/landscape';
import { findOptimizer } from '../optimizers';
import { SCHEDULES, type ScheduleKind } from '../optimizers/schedules';
import { findOracle } from '../oracles';
import type { Oracle } from '../oracles/oracle';
import { SpecError } from '../util/errors';
import { checkParam, type ParamSpecs } from './params';
import {
  LIMITS,
  SPEC_VERSION,
  type ExperimentSpec,
  type OptimizerSpec,
  type StartsSpec,
} from './spec';
import { SHARPNESS_PARAMS, resolveSpec } from './validate';

/** The experiment a visitor sees first. */
export const DEFAULT_SPEC: ExperimentSpec = {
  version: SPEC_VERSION,
  landscape: { id: 'himmelblau', params: {} },
  optimizers: [
    { id: 'gd', hyper: { lr: 0.01 } },
    { id: 'adam', hyper: { lr: 0.05 } },
  ],
  starts: { kind: 'grid', nx: 128, ny: 128 },
  steps: 400,
  seed: 1,
  noise: { sigma: 0 },
  record: { trajectories: 32 },
};

/** Links longer than this are ignored as a whole. */
export const MAX_QUERY_LENGTH = 65_536;

/** At most this many `name=value` pairs are read. */
const MAX_PAIRS = 64;

/** At most this many start points are read from a `list(...)`. */
const MAX_LIST_POINTS = 4096;

/** A field of a link that was not used, and why. */
export interface UrlNotice {
  /** The field as named in the link, e.g. `opt[2].lr` (cleaned text). */
  field: string;
  message: string;
}

/** What a link gave: a spec that validates, and what was left out. */
export interface UrlDecodeResult {
  spec: ExperimentSpec;
  notices: UrlNotice[];
}

/** Page limits stricter than the engine's (e.g. without WebGPU). */
export interface UrlLimits {
  /** Most runs per optimizer. */
  maxRuns: number;
  /** Most runs times optimizers. */
  maxTotalRuns: number;
  /** Most optimizers. */
  maxOptimizers: number;
}

const ENGINE_LIMITS: UrlLimits = {
  maxRuns: LIMITS.maxRuns,
  maxTotalRuns: LIMITS.maxTotalRuns,
  maxOptimizers: LIMITS.maxOptimizers,
};

// ---------------------------------------------------------------- writing

/** Percent-encodes one name or value, structure characters included. */
function atom(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The shortest text that reads back as the same number. */
function num(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

function call(name: string, args: [string, number | string][]): string {
  if (args.length === 0) return atom(name);
  const inner = args
    .map(([k, v]) => `${atom(k)}:${typeof v === 'number' ? num(v) : atom(v)}`)
    .join(',');
  return `${atom(name)}(${inner})`;
}

function startsText(s: StartsSpec): string {
  const box = (b: { bounds?: Bounds }): [string, number][] => {
    if (!b.bounds) return [];
    const [[x0, x1], [y0, y1]] = b.bounds;
    return [
      ['x0', x0],
      ['x1', x1],
      ['y0', y0],
      ['y1', y1],
    ] as [string, number][];
  };
  switch (s.kind) {
    case 'grid':
      return call('grid', [['nx', s.nx], ['ny', s.ny], ...box(s)]);
    case 'uniform':
      return call('uniform', [['count', s.count], ...box(s)]);
    case 'gaussian':
      return call('gaussian', [
        ['count', s.count],
        ['mx', s.mean[0]],
        ['my', s.mean[1]],
        ['std', s.std],
      ]);
    case 'list':
      return `list(${s.points.map(([x, y]) => `${num(x)}:${num(y)}`).join(',')})`;
  }
}

/** The label validation gives an entry that names none. */
function defaultLabel(o: OptimizerSpec): string | undefined {
  const def = findOptimizer(o.id);
  if (!def) return undefined;
  const oracle = o.gradient ? findOracle(o.gradient.id) : undefined;
  let label = def.name;
  if (oracle && oracle.id !== 'plain') label += ` + ${oracle.name}`;
  if (o.swa) label += ' + SWA';
  return label;
}

function optimizerText(o: OptimizerSpec): string {
  const args: [string, number | string][] = Object.entries(o.hyper ?? {});
  const sched = o.schedule;
  if (sched && sched.kind !== 'constant') {
    args.push(['schedule', sched.kind]);
    for (const [k, v] of Object.entries(sched)) {
      if (k !== 'kind' && typeof v === 'number') {
        args.push([`schedule.${k}`, v]);
      }
    }
  }
  if (o.gradient && o.gradient.id !== 'plain') {
    args.push(['gradient', o.gradient.id]);
    for (const [k, v] of Object.entries(o.gradient.hyper ?? {})) {
      args.push([`gradient.${k}`, v]);
    }
  }
  if (o.swa) {
    args.push(['swa.start', o.swa.start]);
    if (o.swa.every !== undefined) args.push(['swa.every', o.swa.every]);
  }
  if (o.label !== undefined && o.label !== defaultLabel(o)) {
    args.push(['label', o.label]);
  }
  return call(o.id, args);
}

/**
 * The query string (without `?`) of a spec. Write the resolved spec
 * (`ResolvedSpec.json`) to pin every default, so that the link reproduces
 * the experiment even if defaults change later.
 */
export function specToQuery(spec: ExperimentSpec): string {
  const parts: [string, string][] = [
    ['v', String(spec.version ?? SPEC_VERSION)],
    [
      'land',
      call(spec.landscape.id, Object.entries(spec.landscape.params ?? {})),
    ],
    ...spec.optimizers.map(
      (o) => ['opt', optimizerText(o)] as [string, string],
    ),
    ['starts', startsText(spec.starts)],
    ['steps', num(spec.steps)],
  ];
  const add = (k: string, v: number | undefined) => {
    if (v !== undefined) parts.push([k, num(v)]);
  };
  add('seed', spec.seed);
  add('noise', spec.noise?.sigma);
  if (spec.noise?.model && spec.noise.model !== 'isotropic') {
    parts.push(['noisemodel', atom(spec.noise.model)]);
  }
  add('every', spec.record?.every);
  add('trails', spec.record?.trajectories);
  if (spec.record?.quantiles) {
    parts.push(['q', spec.record.quantiles.map(num).join(',')]);
  }
  add('gtol', spec.convergence?.gradTol);
  add('ltol', spec.convergence?.lossTol);
  add('escape', spec.divergence?.escape);
  add('radius', spec.basinRadius);
  const sharp = Object.entries(spec.sharpness ?? {});
  if (sharp.length > 0) {
    parts.push([
      'sharp',
      sharp.map(([k, v]) => `${atom(k)}:${num(v)}`).join(','),
    ]);
  }
  return parts.map(([k, v]) => `${k}=${v}`).join('&');
}

// ---------------------------------------------------------------- reading

/** Text from a link made safe to show: no control characters, short. */
export function cleanText(s: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A finite number written plainly (no hex, NaN, Infinity or blanks). */
function parseNumber(s: string | null | undefined): number | null {
  if (s === null || s === undefined || s.length > 40 || !NUMBER.test(s)) {
    return null;
  }
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** `name(k:v,k:v)` or `name`, names and values decoded; null if malformed. */
interface Call {
  name: string;
  args: [string, string][];
}

function parseCall(raw: string): Call | null {
  const m = /^([^(),:]*)(?:\((.*)\))?$/s.exec(raw);
  if (!m) return null;
  const name = decode(m[1]!);
  if (name === null || name === '') return null;
  const args: [string, string][] = [];
  if (m[2] !== undefined && m[2] !== '') {
    for (const part of m[2].split(',')) {
      const i = part.indexOf(':');
      const k = decode(i < 0 ? part : part.slice(0, i));
      const v = i < 0 ? null : decode(part.slice(i + 1));
      if (k === null) return null;
      args.push([k, v ?? '']);
    }
  }
  return { name, args };
}

/** Collects notices while a link is read. */
class Reader {
  readonly notices: UrlNotice[] = [];

  drop(field: string, message: string): void {
    if (this.notices.length >= 40) return;
    this.notices.push({
      field: cleanText(field),
      message: cleanText(message, 160),
    });
  }

  /** A number in [min, max] (integer if asked), or undefined with a notice. */
  number(
    field: string,
    text: string | undefined,
    opts: { min: number; max: number; integer?: boolean; above?: boolean },
  ): number | undefined {
    if (text === undefined) return undefined;
    const v = parseNumber(text);
    const kind = opts.integer ? 'an integer' : 'a number';
    const range = `${kind} in ${opts.above ? '(' : '['}${opts.min}, ${opts.max}]`;
    const low = v !== null && (opts.above ? v <= opts.min : v < opts.min);
    if (
      v === null ||
      low ||
      v > opts.max ||
      (opts.integer && !Number.isInteger(v))
    ) {
      this.drop(field, `must be ${range}, got "${cleanText(text, 24)}"`);
      return undefined;
    }
    return v;
  }

  /** Values for described parameters; the others dropped with notices. */
  params(
    field: string,
    args: readonly [string, string][],
    specs: ParamSpecs,
  ): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, text] of args) {
      if (!Object.hasOwn(specs, k)) {
        this.drop(`${field}.${k}`, 'unknown parameter');
        continue;
      }
      if (Object.hasOwn(out, k)) {
        this.drop(`${field}.${k}`, 'given twice; the first is kept');
        continue;
      }
      const v = parseNumber(text);
      const why = checkParam(specs[k]!, v ?? `"${cleanText(text, 24)}"`);
      if (why || v === null) this.drop(`${field}.${k}`, why ?? 'not a number');
      else out[k] = v;
    }
    return out;
  }
}

function readLandscape(
  r: Reader,
  raw: string,
): ExperimentSpec['landscape'] | null {
  const c = parseCall(raw);
  const land = c ? findLandscape(c.name) : undefined;
  if (!c || !land) {
    r.drop('land', `unknown landscape "${cleanText(c?.name ?? raw, 40)}"`);
    return null;
  }
  return { id: land.id, params: r.params('land', c.args, land.params) };
}

function readOptimizer(
  r: Reader,
  field: string,
  raw: string,
): OptimizerSpec | null {
  const c = parseCall(raw);
  const def = c ? findOptimizer(c.name) : undefined;
  if (!c || !def) {
    r.drop(field, `unknown optimizer "${cleanText(c?.name ?? raw, 40)}"`);
    return null;
  }
  const hyperArgs: [string, string][] = [];
  const schedArgs: [string, string][] = [];
  const oracleArgs: [string, string][] = [];
  let kind: ScheduleKind | undefined;
  let oracle: Oracle | undefined;
  let label: string | undefined;
  let swaStart: number | undefined;
  let swaEvery: number | undefined;
  const steps = { min: 1, max: LIMITS.maxSteps, integer: true };
  for (const [k, v] of c.args) {
    if (k === 'label') {
      const text = cleanText(v, 1000);
      if (text.length === 0 || text.length > 80) {
        r.drop(`${field}.label`, 'must be 1 to 80 characters');
      } else label = text;
    } else if (k === 'schedule') {
      if (Object.hasOwn(SCHEDULES, v)) kind = v as ScheduleKind;
      else r.drop(`${field}.schedule`, `unknown schedule "${cleanText(v)}"`);
    } else if (k.startsWith('schedule.')) {
      schedArgs.push([k.slice('schedule.'.length), v]);
    } else if (k === 'gradient') {
      oracle = findOracle(v);
      if (!oracle) {
        r.drop(`${field}.gradient`, `unknown gradient "${cleanText(v)}"`);
      }
    } else if (k.startsWith('gradient.')) {
      oracleArgs.push([k.slice('gradient.'.length), v]);
    } else if (k === 'swa.start') {
      swaStart = r.number(`${field}.swa.start`, v, steps);
    } else if (k === 'swa.every') {
      swaEvery = r.number(`${field}.swa.every`, v, steps);
    } else hyperArgs.push([k, v]);
  }
  const spec: OptimizerSpec = {
    id: def.id,
    hyper: r.params(field, hyperArgs, def.hyper),
  };
  if (kind && kind !== 'constant') {
    const p = r.params(`${field}.schedule`, schedArgs, SCHEDULES[kind].params);
    spec.schedule = { kind, ...p } as OptimizerSpec['schedule'];
  } else if (schedArgs.length > 0) {
    r.drop(`${field}.schedule`, 'parameters without a schedule');
  }
  if (oracle && oracle.id !== 'plain') {
    const hyper = r.params(`${field}.gradient`, oracleArgs, oracle.hyper);
    spec.gradient = { id: oracle.id, hyper };
  } else if (oracleArgs.length > 0) {
    r.drop(`${field}.gradient`, 'parameters without a gradient method');
  }
  if (swaStart !== undefined) {
    spec.swa =
      swaEvery === undefined
        ? { start: swaStart }
        : { start: swaStart, every: swaEvery };
  } else if (swaEvery !== undefined) {
    r.drop(`${field}.swa`, 'swa.every without swa.start');
  }
  if (label !== undefined) spec.label = label;
  return spec;
}

function readBounds(
  r: Reader,
  field: string,
  a: Record<string, string>,
): [[number, number], [number, number]] | undefined {
  const keys = ['x0', 'x1', 'y0', 'y1'] as const;
  if (keys.every((k) => a[k] === undefined)) return undefined;
  const lim = LIMITS.maxCoordinate;
  const v = keys.map((k) =>
    r.number(`${field}.${k}`, a[k] ?? '', { min: -lim, max: lim }),
  );
  const [x0, x1, y0, y1] = v;
  if (
    x0 === undefined ||
    x1 === undefined ||
    y0 === undefined ||
    y1 === undefined ||
    !(x0 < x1 && y0 < y1)
  ) {
    r.drop(`${field}.bounds`, 'needs x0 < x1 and y0 < y1; the default is used');
    return undefined;
  }
  return [
    [x0, x1],
    [y0, y1],
  ];
}

function readStarts(r: Reader, raw: string, lim: UrlLimits): StartsSpec | null {
  const field = 'starts';
  const list = /^list\(([^()]*)\)$/.exec(raw);
  if (list) {
    const points: [number, number][] = [];
    const parts = list[1] === '' ? [] : list[1]!.split(',');
    for (const p of parts.slice(0, Math.min(MAX_LIST_POINTS, lim.maxRuns))) {
      const [x, y, extra] = p.split(':').map((s) => parseNumber(decode(s)));
      const ok = (v: number | null | undefined): v is number =>
        typeof v === 'number' && Math.abs(v) <= LIMITS.maxCoordinate;
      if (ok(x) && ok(y) && extra === undefined) points.push([x, y]);
    }
    if (points.length < parts.length) {
      r.drop(field, `${parts.length - points.length} start point(s) ignored`);
    }
    if (points.length === 0) {
      r.drop(field, 'no valid start point; the default starts are used');
      return null;
    }
    return { kind: 'list', points };
  }
  const c = parseCall(raw);
  if (!c) {
    r.drop(field, `malformed "${cleanText(raw)}"`);
    return null;
  }
  const allowed: Record<string, readonly string[]> = {
    grid: ['nx', 'ny', 'x0', 'x1', 'y0', 'y1'],
    uniform: ['count', 'x0', 'x1', 'y0', 'y1'],
    gaussian: ['count', 'mx', 'my', 'std'],
  };
  const keys = Object.hasOwn(allowed, c.name) ? allowed[c.name]! : undefined;
  if (!keys) {
    r.drop(
      field,
      `unknown kind "${cleanText(c.name)}"; grid, uniform, gaussian or list`,
    );
    return null;
  }
  const a: Record<string, string> = Object.create(null) as Record<
    string,
    string
  >;
  for (const [k, v] of c.args) {
    if (!keys.includes(k)) r.drop(`${field}.${k}`, 'unknown field');
    else a[k] = v;
  }
  const count = (k: string) =>
    r.number(`${field}.${k}`, a[k] ?? '', {
      min: 1,
      max: lim.maxRuns,
      integer: true,
    });
  switch (c.name) {
    case 'grid': {
      const nx = count('nx');
      const ny = count('ny');
      if (nx === undefined || ny === undefined) return null;
      const bounds = readBounds(r, field, a);
      return bounds
        ? { kind: 'grid', nx, ny, bounds }
        : { kind: 'grid', nx, ny };
    }
    case 'uniform': {
      const n = count('count');
      if (n === undefined) return null;
      const bounds = readBounds(r, field, a);
      return bounds
        ? { kind: 'uniform', count: n, bounds }
        : { kind: 'uniform', count: n };
    }
    default: {
      const n = count('count');
      const lim1 = LIMITS.maxCoordinate;
      const mx = r.number(`${field}.mx`, a.mx ?? '0', {
        min: -lim1,
        max: lim1,
      });
      const my = r.number(`${field}.my`, a.my ?? '0', {
        min: -lim1,
        max: lim1,
      });
      const std = r.number(`${field}.std`, a.std ?? '1', { min: 0, max: 1e6 });
      if (n === undefined) return null;
      return {
        kind: 'gaussian',
        count: n,
        mean: [mx ?? 0, my ?? 0],
        std: std ?? 1,
      };
    }
  }
}

function runsOf(s: StartsSpec): number {
  switch (s.kind) {
    case 'grid':
      return s.nx * s.ny;
    case 'list':
      return s.points.length;
    default:
      return s.count;
  }
}

/** Splits a raw query into decoded names and raw values. */
function pairs(query: string): { key: string; raw: string }[] {
  const q = query.startsWith('?') ? query.slice(1) : query;
  if (q === '') return [];
  return q
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      const key = decode(i < 0 ? p : p.slice(0, i)) ?? '';
      return { key, raw: i < 0 ? '' : p.slice(i + 1) };
    });
}

const SINGLE_KEYS = [
  'v',
  'land',
  'starts',
  'steps',
  'seed',
  'noise',
  'noisemodel',
  'every',
  'trails',
  'q',
  'gtol',
  'ltol',
  'escape',
  'radius',
  'sharp',
] as const;

type SingleKey = (typeof SINGLE_KEYS)[number];

/**
 * Reads a spec from a query string (with or without `?`). Every field is
 * checked on its own; what cannot be used is dropped with a notice, and the
 * spec returned always validates. An empty query gives `fallback`.
 */
export function specFromQuery(
  query: string,
  limits: Partial<UrlLimits> = {},
  fallback: ExperimentSpec = DEFAULT_SPEC,
): UrlDecodeResult {
  const lim: UrlLimits = { ...ENGINE_LIMITS, ...limits };
  const r = new Reader();
  const base = structuredClone(fallback);
  if (query.length > MAX_QUERY_LENGTH) {
    r.drop(
      'link',
      `longer than ${MAX_QUERY_LENGTH} characters (${query.length}); ` +
        'the default experiment is shown',
    );
    return { spec: fitLimits(base, lim, r), notices: r.notices };
  }
  const all = pairs(query);
  if (all.length > MAX_PAIRS) {
    r.drop('link', `more than ${MAX_PAIRS} fields; the rest are ignored`);
  }
  const single = new Map<SingleKey, string>();
  const opts: string[] = [];
  for (const { key, raw } of all.slice(0, MAX_PAIRS)) {
    if (key === 'opt') opts.push(raw);
    else if ((SINGLE_KEYS as readonly string[]).includes(key)) {
      const k = key as SingleKey;
      if (single.has(k)) r.drop(k, 'given twice; the first is kept');
      else single.set(k, raw);
    } else r.drop(key || '(empty)', 'unknown field');
  }
  if (single.size === 0 && opts.length === 0) {
    return { spec: fitLimits(base, lim, r), notices: r.notices };
  }

  const text = (k: SingleKey) => {
    const raw = single.get(k);
    return raw === undefined ? undefined : (decode(raw) ?? '\uFFFD');
  };
  const spec: ExperimentSpec = {
    version: SPEC_VERSION,
    landscape: base.landscape,
    optimizers: base.optimizers,
    starts: base.starts,
    steps: base.steps,
  };
  const v = text('v');
  if (v !== undefined && v !== String(SPEC_VERSION)) {
    r.drop(
      'v',
      `version ${cleanText(v, 12)} is not known; read as ${SPEC_VERSION}`,
    );
  }
  const landRaw = single.get('land');
  if (landRaw !== undefined) {
    const land = readLandscape(r, landRaw);
    if (land) {
      spec.landscape = land;
      // the default grid follows the landscape's own bounds
      if (land.id !== base.landscape.id) spec.starts = stripBounds(spec.starts);
    }
  }
  if (opts.length > 0) {
    const list: OptimizerSpec[] = [];
    opts.forEach((raw, i) => {
      if (list.length >= lim.maxOptimizers) {
        if (list.length === lim.maxOptimizers && i === lim.maxOptimizers) {
          r.drop(
            'opt',
            `at most ${lim.maxOptimizers} optimizers; the rest are ignored`,
          );
        }
        return;
      }
      const o = readOptimizer(r, `opt[${i}]`, raw);
      if (o) list.push(o);
    });
    if (list.length > 0) spec.optimizers = list;
    else r.drop('opt', 'no usable optimizer; the default ones are used');
  }
  const startsRaw = single.get('starts');
  if (startsRaw !== undefined) {
    const s = readStarts(r, startsRaw, lim);
    if (s) spec.starts = s;
  }
  const steps = r.number('steps', text('steps'), {
    min: 1,
    max: LIMITS.maxSteps,
    integer: true,
  });
  if (steps !== undefined) spec.steps = steps;
  const seed = r.number('seed', text('seed'), {
    min: 0,
    max: 2 ** 32 - 1,
    integer: true,
  });
  spec.seed = seed ?? base.seed ?? 1;
  const sigma = r.number('noise', text('noise'), { min: 0, max: 1e6 });
  spec.noise = { sigma: sigma ?? base.noise?.sigma ?? 0 };
  const model = text('noisemodel');
  if (model === 'isotropic' || model === 'hessian') spec.noise.model = model;
  else if (model !== undefined) {
    r.drop(
      'noisemodel',
      `must be isotropic or hessian, got "${cleanText(model)}"`,
    );
  }

  const record: NonNullable<ExperimentSpec['record']> = {};
  const every = r.number('every', text('every'), {
    min: 1,
    max: spec.steps,
    integer: true,
  });
  if (every !== undefined) record.every = every;
  const trails = r.number('trails', text('trails'), {
    min: 0,
    max: LIMITS.maxTrajectoryPoints,
    integer: true,
  });
  if (trails !== undefined) record.trajectories = trails;
  else if (base.record?.trajectories !== undefined) {
    record.trajectories = base.record.trajectories;
  }
  const qText = text('q');
  if (qText !== undefined) {
    const qs = qText.split(',').map(parseNumber);
    if (
      qs.length > 0 &&
      qs.length <= LIMITS.maxQuantiles &&
      qs.every((x): x is number => x !== null && x >= 0 && x <= 1)
    ) {
      record.quantiles = qs as number[];
    } else {
      r.drop('q', `must be 1 to ${LIMITS.maxQuantiles} numbers in [0, 1]`);
    }
  }
  spec.record = record;

  const convergence: NonNullable<ExperimentSpec['convergence']> = {};
  const gtol = r.number('gtol', text('gtol'), { min: 0, max: 1e6 });
  const ltol = r.number('ltol', text('ltol'), { min: 0, max: 1e6 });
  if (gtol !== undefined) convergence.gradTol = gtol;
  if (ltol !== undefined) convergence.lossTol = ltol;
  if (gtol !== undefined || ltol !== undefined) spec.convergence = convergence;
  const escape = r.number('escape', text('escape'), { min: 0, max: 1e6 });
  if (escape !== undefined) spec.divergence = { escape };
  const radius = r.number('radius', text('radius'), {
    min: 0,
    max: 1e6,
    above: true,
  });
  if (radius !== undefined) spec.basinRadius = radius;
  const sharpRaw = single.get('sharp');
  if (sharpRaw !== undefined) {
    const args = parseCall(`sharp(${sharpRaw})`)?.args;
    if (args) {
      const p = r.params('sharp', args, SHARPNESS_PARAMS);
      if (Object.keys(p).length > 0) spec.sharpness = p;
    } else r.drop('sharp', 'malformed');
  }

  return { spec: fitLimits(spec, lim, r), notices: r.notices };
}

function stripBounds(s: StartsSpec): StartsSpec {
  if (s.kind === 'grid') return { kind: 'grid', nx: s.nx, ny: s.ny };
  if (s.kind === 'uniform') return { kind: 'uniform', count: s.count };
  return s;
}

/**
 * A spec made to fit the page's limits (fewer runs without WebGPU, for
 * example), with a notice for each change.
 */
export function fitSpec(
  spec: ExperimentSpec,
  limits: Partial<UrlLimits> = {},
): UrlDecodeResult {
  const r = new Reader();
  const out = fitLimits(spec, { ...ENGINE_LIMITS, ...limits }, r);
  return { spec: out, notices: r.notices };
}

/**
 * Makes the fields agree with each other and with the page's limits, then
 * checks the whole with `resolveSpec`; any field it still refuses is
 * removed, and as a last resort the default experiment is used.
 */
function fitLimits(
  input: ExperimentSpec,
  lim: UrlLimits,
  r: Reader,
): ExperimentSpec {
  const spec = structuredClone(input);
  if (spec.optimizers.length > lim.maxOptimizers) {
    r.drop(
      'opt',
      `at most ${lim.maxOptimizers} optimizers; the rest are ignored`,
    );
    spec.optimizers = spec.optimizers.slice(0, lim.maxOptimizers);
  }
  const maxRuns = Math.min(
    lim.maxRuns,
    Math.floor(lim.maxTotalRuns / spec.optimizers.length),
  );
  if (runsOf(spec.starts) > maxRuns) {
    r.drop(
      'starts',
      `${runsOf(spec.starts)} runs is more than this page allows ` +
        `(${maxRuns} per optimizer here); a smaller grid is used`,
    );
    const side = Math.max(1, Math.floor(Math.sqrt(maxRuns)));
    spec.starts = { kind: 'grid', nx: side, ny: side };
  }
  const runs = runsOf(spec.starts);
  const rec = spec.record ?? {};
  const wanted = rec.trajectories ?? Math.min(runs, 16);
  const fit = Math.min(
    runs,
    Math.floor(LIMITS.maxTrajectoryPoints / (spec.steps + 1)),
  );
  if (wanted > fit) {
    // more trails than runs just means every run has one: no notice
    if (fit < runs) {
      r.drop('trails', `at most ${fit} trails fit with ${spec.steps} steps`);
    }
    spec.record = { ...rec, trajectories: fit };
  }
  if (rec.every !== undefined && rec.every > spec.steps) {
    spec.record = { ...spec.record, every: spec.steps };
  }

  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      resolveSpec(spec);
      return spec;
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      for (const issue of e.issues) {
        r.drop(issue.path, issue.message);
        removeField(spec, issue.path);
      }
    }
  }
  r.drop('link', 'could not be used; the default experiment is shown');
  return structuredClone(DEFAULT_SPEC);
}

/** Removes the field at a `resolveSpec` issue path so its default applies. */
function removeField(spec: ExperimentSpec, path: string): void {
  const opt = /^optimizers\[(\d+)\]/.exec(path);
  if (opt) {
    const i = Number(opt[1]);
    if (spec.optimizers.length > 1) spec.optimizers.splice(i, 1);
    else spec.optimizers = structuredClone(DEFAULT_SPEC.optimizers);
    return;
  }
  const top = path.split(/[.[]/)[0];
  switch (top) {
    case 'landscape':
      spec.landscape = structuredClone(DEFAULT_SPEC.landscape);
      spec.starts = stripBounds(spec.starts);
      delete spec.basinRadius;
      return;
    case 'starts':
      spec.starts = structuredClone(DEFAULT_SPEC.starts);
      return;
    case 'optimizers':
      spec.optimizers = structuredClone(DEFAULT_SPEC.optimizers);
      return;
    case 'record':
      delete spec.record;
      return;
    case 'steps':
      spec.steps = DEFAULT_SPEC.steps;
      return;
    default:
      if (top !== undefined && top in spec) {
        delete (spec as unknown as Record<string, unknown>)[top];
      }
  }
}
