/**
 * Float64 twin of shaders/nn/sharpness.wgsl: the sharpness of a network
 * on the whole training objective (mean loss plus 0.5 l2 |w|^2), step for
 * step as the kernel computes it. The random start vector and the probes
 * come from the words of the counter-based generator, exactly the same
 * numbers on both sides (uniforms with 24 bits, signs from single bits).
 */
import { pcg4d, unitOpen0 } from '../util/random';
import { range, type Examples, type Mlp } from './mlp';
import type { NetSharpnessSettings } from './spec';
import { mix32, NN_STREAM } from './streams';

/** The measures of one network. */
export interface NetSharpnessValues {
  /** Top Hessian eigenvalue (largest magnitude) by power iteration. */
  lambdaMax: number;
  /** Hutchinson's estimate of the Hessian's trace. */
  trace: number;
  /** Largest relative loss increase found in the epsilon-box. */
  epsSharpness: number;
  /** The objective at the parameters. */
  loss: number;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Power iteration's start: uniform in (-1/2, 1/2], before normalizing. */
export function powerStart(seed: number, run: number, size: number) {
  const v = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const word = pcg4d(seed, run, i >>> 2, NN_STREAM.power)[i & 3]!;
    v[i] = unitOpen0(word) - 0.5;
  }
  return v;
}

/** Rademacher probe `probe` of network `run`: signs from single bits. */
export function rademacher(
  seed: number,
  run: number,
  probe: number,
  size: number,
): Float64Array {
  const z = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const stream = NN_STREAM.probe + Math.floor(i / 128);
    const word = mix32(
      pcg4d(seed, run, probe, stream)[Math.floor(i / 32) % 4]!,
    );
    z[i] = (word >>> (i % 32)) & 1 ? 1 : -1;
  }
  return z;
}

/** The sharpness measures of network `run` at parameters w. */
export function netSharpness(
  net: Mlp,
  w: ArrayLike<number>,
  data: Examples,
  nTrain: number,
  s: NetSharpnessSettings,
  seed: number,
  run: number,
): NetSharpnessValues {
  const train = range(0, nTrain);
  const loss = net.loss(w, data, train);

  // power iteration
  let v = powerStart(seed, run, net.size);
  let scale = 1 / Math.sqrt(dot(v, v));
  v = v.map((x) => x * scale);
  let lambdaMax = 0;
  for (let it = 0; it < s.powerIterations; it++) {
    const hv = net.hvp(w, v, data, train);
    lambdaMax = dot(v, hv);
    const n2 = dot(hv, hv);
    if (n2 > 0) {
      scale = 1 / Math.sqrt(n2);
      v = hv.map((x) => x * scale);
    }
  }

  // Hutchinson's trace
  let sum = 0;
  for (let p = 0; p < s.probes; p++) {
    const z = rademacher(seed, run, p, net.size);
    sum += dot(z, net.hvp(w, z, data, train));
  }
  const trace = sum / Math.max(s.probes, 1);

  // epsilon-sharpness by projected sign ascent with halving steps
  const y = Float64Array.from(w);
  let best = loss;
  let step = 1;
  for (let k = 0; k < s.ascentSteps; k++) {
    const lg = net.lossGrad(y, data, train);
    best = Math.max(best, lg.loss);
    for (let i = 0; i < net.size; i++) {
      const wi = w[i]!;
      const half = s.epsilon * (Math.abs(wi) + 1);
      const next = y[i]! + step * half * Math.sign(lg.grad[i]!);
      y[i] = Math.min(Math.max(next, wi - half), wi + half);
    }
    step *= 0.5;
  }
  best = Math.max(best, net.loss(y, data, train));
  const epsSharpness = (best - loss) / (1 + Math.abs(loss));
  return { lambdaMax, trace, epsSharpness, loss };
}
