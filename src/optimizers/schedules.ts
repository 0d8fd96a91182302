import type { ParamSpecs } from '../spec/params';

/** A learning-rate schedule: lr(t) = lr * factor(t), t = 1, 2, ... */
export type ScheduleSpec =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'cosine'; minFactor: number; warmup: number }
  | { kind: 'inverse-sqrt'; warmup: number };

export type ScheduleKind = ScheduleSpec['kind'];

interface ScheduleInfo {
  summary: string;
  params: ParamSpecs;
}

const warmup = {
  label: 'warm-up steps',
  doc: 'Steps over which the rate rises linearly from lr / warmup to lr.',
  default: 0,
  min: 0,
  max: 1e6,
  scale: 'linear',
  integer: true,
} as const;

/** Every schedule with its parameters, from which validation and UI derive. */
export const SCHEDULES: Readonly<Record<ScheduleKind, ScheduleInfo>> = {
  constant: { summary: 'The same rate at every step.', params: {} },
  step: {
    summary: 'Multiplies the rate by gamma every `every` steps.',
    params: {
      every: {
        label: 'every',
        doc: 'Steps between two decays.',
        default: 100,
        min: 1,
        max: 1e6,
        scale: 'log',
        integer: true,
      },
      gamma: {
        label: 'gamma',
        doc: 'Factor applied at each decay.',
        default: 0.5,
        min: 0,
        max: 1,
        minInclusive: false,
        scale: 'linear',
      },
    },
  },
  cosine: {
    summary:
      'Half a cosine from lr down to minFactor * lr at the last step ' +
      '(Loshchilov and Hutter, SGDR, ICLR 2017), after a linear warm-up.',
    params: {
      minFactor: {
        label: 'final factor',
        doc: 'The rate at the last step, as a fraction of lr.',
        default: 0,
        min: 0,
        max: 1,
        scale: 'linear',
      },
      warmup,
    },
  },
  'inverse-sqrt': {
    summary:
      'lr / sqrt(t): the classic rate for stochastic approximation, after ' +
      'a linear warm-up (then lr * sqrt(warmup / t)).',
    params: { warmup },
  },
};

/** The factor multiplying lr at step t (1-based) of a run of `total` steps. */
export function scheduleFactor(
  s: ScheduleSpec,
  t: number,
  total: number,
): number {
  switch (s.kind) {
    case 'constant':
      return 1;
    case 'step':
      return s.gamma ** Math.floor((t - 1) / s.every);
    case 'cosine': {
      if (t <= s.warmup) return t / s.warmup;
      const span = Math.max(1, total - s.warmup - 1);
      const progress = Math.min(1, (t - s.warmup - 1) / span);
      const cos = 0.5 * (1 + Math.cos(Math.PI * progress));
      return s.minFactor + (1 - s.minFactor) * cos;
    }
    case 'inverse-sqrt':
      if (t <= s.warmup) return t / s.warmup;
      return Math.sqrt(Math.max(1, s.warmup) / t);
  }
}
