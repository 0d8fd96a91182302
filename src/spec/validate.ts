import type { Bounds } from '../objectives/landscape';
import { LANDSCAPES, findLandscape } from '../objectives';
import { OPTIMIZERS, findOptimizer } from '../optimizers';
import { ORACLES, findOracle } from '../oracles';
import { plain } from '../oracles/plain';
import type { SharpnessSettings } from '../reference/sharpness';
import { SpecError } from '../util/errors';
import { Checker, describe, isObj } from './checker';
import { checkOptimizerEntries } from './entries';
import type { ParamSpecs } from './params';
import {
  LIMITS,
  SPEC_VERSION,
  type ResolvedOptimizer,
  type ResolvedSpec,
  type StartsSpec,
} from './spec';

/** The settings of the sharpness measures, with ranges and defaults. */
export const SHARPNESS_PARAMS: ParamSpecs = {
  epsilon: {
    label: 'epsilon',
    doc: 'Half-width of the box of epsilon-sharpness, per unit of |x| + 1.',
    default: 0.05,
    min: 0,
    max: 10,
    minInclusive: false,
    scale: 'log',
  },
  ascentSteps: {
    label: 'ascent steps',
    doc: 'Projected gradient-ascent steps of the epsilon-sharpness search.',
    default: 8,
    min: 0,
    max: 64,
    scale: 'linear',
    integer: true,
  },
  rho: {
    label: 'rho',
    doc: 'Radius of the SAM sharpness.',
    default: 0.05,
    min: 0,
    max: 10,
    scale: 'log',
  },
  entropySigma: {
    label: 'entropy sigma',
    doc: 'Standard deviation of the local-entropy samples.',
    default: 0.1,
    min: 0,
    max: 10,
    minInclusive: false,
    scale: 'log',
  },
  entropySamples: {
    label: 'entropy samples',
    doc: 'Samples of the local-entropy estimate.',
    default: 64,
    min: 1,
    max: 256,
    scale: 'linear',
    integer: true,
  },
};

function checkBounds(c: Checker, v: unknown, path: string): Bounds | null {
  const ok =
    Array.isArray(v) &&
    v.length === 2 &&
    v.every(
      (r) =>
        Array.isArray(r) &&
        r.length === 2 &&
        r.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
        (r[0] as number) < (r[1] as number) &&
        Math.abs(r[0] as number) <= LIMITS.maxCoordinate &&
        Math.abs(r[1] as number) <= LIMITS.maxCoordinate,
    );
  if (!ok) {
    c.fail(path, 'must be [[xmin, xmax], [ymin, ymax]] with min < max');
    return null;
  }
  return v as unknown as Bounds;
}

function checkStarts(
  c: Checker,
  v: unknown,
  landscapeBounds: Bounds,
): { starts: StartsSpec; runs: number } {
  const path = 'starts';
  const none = { starts: { kind: 'list', points: [] } as StartsSpec, runs: 0 };
  if (!isObj(v)) {
    c.fail(path, `must be an object, got ${describe(v)}`);
    return none;
  }
  const kinds = ['grid', 'uniform', 'gaussian', 'list'];
  const count = (x: unknown, p: string) =>
    c.number(x, p, { min: 1, max: LIMITS.maxRuns, integer: true }, 1);
  switch (v.kind) {
    case 'grid': {
      const o = c.object(v, path, ['kind', 'nx', 'ny', 'bounds']);
      const nx = count(o?.nx, `${path}.nx`);
      const ny = count(o?.ny, `${path}.ny`);
      const bounds =
        o?.bounds === undefined
          ? landscapeBounds
          : (checkBounds(c, o.bounds, `${path}.bounds`) ?? landscapeBounds);
      if (nx * ny > LIMITS.maxRuns) {
        c.fail(
          path,
          `nx * ny must be at most ${LIMITS.maxRuns}, got ${nx * ny}`,
        );
      }
      return { starts: { kind: 'grid', nx, ny, bounds }, runs: nx * ny };
    }
    case 'uniform': {
      const o = c.object(v, path, ['kind', 'count', 'bounds']);
      const n = count(o?.count, `${path}.count`);
      const bounds =
        o?.bounds === undefined
          ? landscapeBounds
          : (checkBounds(c, o.bounds, `${path}.bounds`) ?? landscapeBounds);
      return { starts: { kind: 'uniform', count: n, bounds }, runs: n };
    }
    case 'gaussian': {
      const o = c.object(v, path, ['kind', 'count', 'mean', 'std']);
      const n = count(o?.count, `${path}.count`);
      const m = o?.mean;
      let mean: [number, number] = [0, 0];
      if (
        Array.isArray(m) &&
        m.length === 2 &&
        m.every((x) => typeof x === 'number' && Number.isFinite(x))
      ) {
        mean = [m[0] as number, m[1] as number];
      } else {
        c.fail(`${path}.mean`, 'must be [x, y] with finite numbers');
      }
      const std = c.number(o?.std, `${path}.std`, { min: 0, max: 1e6 }, 1);
      return { starts: { kind: 'gaussian', count: n, mean, std }, runs: n };
    }
    case 'list': {
      const o = c.object(v, path, ['kind', 'points']);
      const pts = o?.points;
      if (!Array.isArray(pts) || pts.length === 0) {
        c.fail(`${path}.points`, 'must be a non-empty array of [x, y]');
        return none;
      }
      if (pts.length > LIMITS.maxRuns) {
        c.fail(`${path}.points`, `at most ${LIMITS.maxRuns} points`);
        return none;
      }
      const points: [number, number][] = [];
      for (let i = 0; i < pts.length; i++) {
        const p = pts[i] as unknown;
        if (
          Array.isArray(p) &&
          p.length === 2 &&
          p.every(
            (x) =>
              typeof x === 'number' &&
              Number.isFinite(x) &&
              Math.abs(x) <= LIMITS.maxCoordinate,
          )
        ) {
          points.push([p[0] as number, p[1] as number]);
        } else {
          c.fail(`${path}.points[${i}]`, 'must be [x, y] with finite numbers');
          if (c.issues.length > 20) break;
        }
      }
      return { starts: { kind: 'list', points }, runs: points.length };
    }
    default:
      c.fail(
        `${path}.kind`,
        `must be one of ${kinds.join(', ')}, got ${describe(v.kind)}`,
      );
      return none;
  }
}

function checkOptimizers(c: Checker, v: unknown): ResolvedOptimizer[] {
  return checkOptimizerEntries(c, v, {
    max: LIMITS.maxOptimizers,
    fields: ['swa'],
    optimizer: (id) => {
      const def = typeof id === 'string' ? findOptimizer(id) : undefined;
      const ids = OPTIMIZERS.map((x) => x.id).join(', ');
      return def ?? `unknown optimizer ${describe(id)}; one of ${ids}`;
    },
    oracle: (id) => {
      const found = typeof id === 'string' ? findOracle(id) : undefined;
      const ids = ORACLES.map((x) => x.id).join(', ');
      return found ?? `unknown gradient ${describe(id)}; one of ${ids}`;
    },
    lane: (entry, o, path) => {
      let swa: ResolvedOptimizer['swa'] = null;
      if (o.swa !== undefined) {
        const so = c.object(o.swa, `${path}.swa`, ['start', 'every']);
        const start = c.number(
          so?.start,
          `${path}.swa.start`,
          { min: 1, max: LIMITS.maxSteps, integer: true },
          1,
        );
        const every =
          so?.every === undefined
            ? 1
            : c.number(
                so.every,
                `${path}.swa.every`,
                { min: 1, max: LIMITS.maxSteps, integer: true },
                1,
              );
        swa = { start, every };
      }
      let label = entry.def.name;
      if (entry.oracle !== plain) label += ` + ${entry.oracle.name}`;
      if (swa) label += ' + SWA';
      return { ...entry, label, swa };
    },
  });
}

/**
 * Validates a spec and fills in every default. Throws a SpecError listing
 * each problem with the path of the field and what is allowed.
 */
export function resolveSpec(input: unknown): ResolvedSpec {
  const c = new Checker();
  const top = c.object(input, 'spec', [
    'version',
    'landscape',
    'optimizers',
    'starts',
    'steps',
    'seed',
    'noise',
    'record',
    'convergence',
    'divergence',
    'basinRadius',
    'sharpness',
  ]);
  if (!top) throw new SpecError(c.issues);
  if (top.version !== undefined && top.version !== SPEC_VERSION) {
    c.fail('version', `must be ${SPEC_VERSION}, got ${describe(top.version)}`);
  }

  const lo = c.object(top.landscape, 'landscape', ['id', 'params']);
  const landscape =
    typeof lo?.id === 'string' ? findLandscape(lo.id) : undefined;
  if (lo && !landscape) {
    const ids = LANDSCAPES.map((l) => l.id).join(', ');
    c.fail(
      'landscape.id',
      `unknown landscape ${describe(lo.id)}; one of ${ids}`,
    );
  }
  const landscapeParams = landscape
    ? c.params(lo?.params, 'landscape.params', landscape.params)
    : {};
  const bounds: Bounds = landscape
    ? landscape.bounds(landscapeParams)
    : [
        [-1, 1],
        [-1, 1],
      ];

  const optimizers = checkOptimizers(c, top.optimizers);
  const { starts, runs } = checkStarts(c, top.starts, bounds);
  if (runs * optimizers.length > LIMITS.maxTotalRuns) {
    c.fail(
      'starts',
      `runs times optimizers must be at most ${LIMITS.maxTotalRuns}, ` +
        `got ${runs} x ${optimizers.length}`,
    );
  }
  const steps = c.number(
    top.steps,
    'steps',
    { min: 1, max: LIMITS.maxSteps, integer: true },
    1,
  );
  const seed =
    top.seed === undefined
      ? 1
      : c.number(
          top.seed,
          'seed',
          { min: 0, max: 2 ** 32 - 1, integer: true },
          1,
        );

  const noise =
    top.noise === undefined
      ? {}
      : c.object(top.noise, 'noise', ['sigma', 'model']);
  let noiseModel: ResolvedSpec['noiseModel'] = 'isotropic';
  if (noise?.model !== undefined) {
    if (noise.model === 'isotropic' || noise.model === 'hessian') {
      noiseModel = noise.model;
    } else {
      c.fail(
        'noise.model',
        `must be one of isotropic, hessian, got ${describe(noise.model)}`,
      );
    }
  }
  const noiseSigma =
    noise?.sigma === undefined
      ? 0
      : c.number(noise.sigma, 'noise.sigma', { min: 0, max: 1e6 }, 0);

  const rec =
    top.record === undefined
      ? {}
      : c.object(top.record, 'record', ['every', 'trajectories', 'quantiles']);
  const recordEvery =
    rec?.every === undefined
      ? Math.max(1, Math.ceil(steps / 100))
      : c.number(
          rec.every,
          'record.every',
          { min: 1, max: steps, integer: true },
          1,
        );
  const trajectories =
    rec?.trajectories === undefined
      ? Math.min(runs, 16)
      : c.number(
          rec.trajectories,
          'record.trajectories',
          { min: 0, max: runs, integer: true },
          0,
        );
  if (trajectories * (steps + 1) > LIMITS.maxTrajectoryPoints) {
    c.fail(
      'record.trajectories',
      `trajectories * (steps + 1) must be at most ` +
        `${LIMITS.maxTrajectoryPoints}, got ${trajectories * (steps + 1)}`,
    );
  }
  let quantiles = [0.1, 0.5, 0.9];
  if (rec?.quantiles !== undefined) {
    const q = rec.quantiles;
    if (
      !Array.isArray(q) ||
      q.length === 0 ||
      q.length > LIMITS.maxQuantiles ||
      !q.every((x) => typeof x === 'number' && x >= 0 && x <= 1)
    ) {
      c.fail(
        'record.quantiles',
        `must be 1 to ${LIMITS.maxQuantiles} numbers in [0, 1]`,
      );
    } else quantiles = q as number[];
  }

  const conv =
    top.convergence === undefined
      ? {}
      : c.object(top.convergence, 'convergence', ['gradTol', 'lossTol']);
  const gradTol =
    conv?.gradTol === undefined
      ? 1e-3
      : c.number(conv.gradTol, 'convergence.gradTol', { min: 0, max: 1e6 }, 0);
  const lossTol =
    conv?.lossTol === undefined
      ? 1e-6
      : c.number(conv.lossTol, 'convergence.lossTol', { min: 0, max: 1e6 }, 0);

  const div =
    top.divergence === undefined
      ? {}
      : c.object(top.divergence, 'divergence', ['escape']);
  const escape =
    div?.escape === undefined
      ? 10
      : c.number(div.escape, 'divergence.escape', { min: 0, max: 1e6 }, 10);
  const [[x0, x1], [y0, y1]] = bounds;
  const escapeBox: Bounds = [
    [x0 - escape * (x1 - x0), x1 + escape * (x1 - x0)],
    [y0 - escape * (y1 - y0), y1 + escape * (y1 - y0)],
  ];

  const basinRadius =
    top.basinRadius === undefined
      ? landscape
        ? landscape.basinRadius(landscapeParams)
        : 0
      : c.number(
          top.basinRadius,
          'basinRadius',
          { min: 0, max: 1e6, above: true },
          1,
        );

  const sharpness = c.params(top.sharpness, 'sharpness', SHARPNESS_PARAMS);

  if (c.issues.length > 0 || !landscape) throw new SpecError(c.issues);

  const json: ResolvedSpec['json'] = {
    version: SPEC_VERSION,
    landscape: { id: landscape.id, params: landscapeParams },
    optimizers: optimizers.map((o) => ({
      id: o.def.id,
      hyper: o.hyper,
      schedule: o.schedule,
      ...(o.oracle === plain
        ? {}
        : { gradient: { id: o.oracle.id, hyper: o.oracleHyper } }),
      ...(o.swa ? { swa: o.swa } : {}),
      label: o.label,
    })),
    starts,
    steps,
    seed,
    noise: { sigma: noiseSigma, model: noiseModel },
    record: { every: recordEvery, trajectories, quantiles },
    convergence: { gradTol, lossTol },
    divergence: { escape },
    basinRadius,
    sharpness: sharpness as unknown as SharpnessSettings,
  };
  return {
    json,
    landscape,
    landscapeParams,
    optimizers,
    starts,
    runs,
    steps,
    seed,
    noiseSigma,
    noiseModel,
    recordEvery,
    trajectories,
    quantiles,
    gradTol,
    lossTol,
    escapeBox,
    basinRadius,
    sharpness: sharpness as unknown as SharpnessSettings,
  };
}
