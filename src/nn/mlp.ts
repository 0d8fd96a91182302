/**
 * A small multilayer perceptron and its Float64 reference: forward pass,
 * loss, gradient by backpropagation and the exact Hessian-vector product
 * by Pearlmutter's R-operator (forward-over-reverse). This file is the
 * twin of shaders/nn/mlp.wgsl and shaders/nn/mlp_rop.wgsl.
 *
 * Parameter layout (the same on the GPU): for widths [n0, n1, ..., nL],
 * layer l (0 <= l < L) maps n_l inputs to n_(l+1) outputs and holds its
 * weight matrix row by row, W[j][k] at offset(l) + j n_l + k, followed by
 * its biases, b[j] at offset(l) + n_(l+1) n_l + j; layers follow each
 * other, so offset(l) = sum over m < l of n_(m+1) (n_m + 1). Row j of a
 * layer (the weights into neuron j) is one "filter" of Li et al. (2018).
 *
 * Hidden layers apply the activation; the output layer is linear: its one
 * value z is a logit for binary cross-entropy or the prediction for the
 * squared error. The objective is the mean loss over the examples plus
 * 0.5 l2 |w|^2 over every parameter, biases included.
 */
import { normal2 } from '../util/random';
import { NN_STREAM } from './streams';

export type Activation = 'tanh' | 'relu';
export type LossKind = 'bce' | 'mse';

/** The largest width of any layer (the WGSL arrays are this long). */
export const MAX_WIDTH = 32;
/** The largest number of weight layers. */
export const MAX_LAYERS = 4;

/** What a network is: widths, activation, loss and L2 coefficient. */
export interface NetworkShape {
  /** Layer widths from input to output, e.g. [2, 8, 8, 1]. */
  widths: readonly number[];
  activation: Activation;
  loss: LossKind;
  /** Coefficient of the penalty 0.5 l2 |w|^2. */
  l2: number;
}

/** Where one layer's parameters lie in the flat vector. */
export interface Layer {
  nIn: number;
  nOut: number;
  /** Offset of W[0][0]; W[j][k] is at weights + j nIn + k. */
  weights: number;
  /** Offset of b[0]; b[j] is at biases + j. */
  biases: number;
}

/** The layers of a network of these widths, in order. */
export function layersOf(widths: readonly number[]): Layer[] {
  const out: Layer[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const nIn = widths[l]!;
    const nOut = widths[l + 1]!;
    out.push({ nIn, nOut, weights: offset, biases: offset + nIn * nOut });
    offset += nOut * (nIn + 1);
  }
  return out;
}

/** Weights and biases of a network of these widths. */
export function parameterCount(widths: readonly number[]): number {
  let p = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    p += widths[l + 1]! * (widths[l]! + 1);
  }
  return p;
}

/**
 * Initial parameters of network `run`: weights drawn from N(0, s^2) with
 * He's s^2 = 2 / n_in for ReLU networks (He et al., ICCV 2015) and
 * Glorot's s^2 = 2 / (n_in + n_out) for tanh networks (Glorot and Bengio,
 * AISTATS 2010); biases 0. Parameter i takes normal number i mod 2 of the
 * key (seed, run, floor(i / 2), init), rounded to float32 as the GPU
 * stores it.
 */
export function initParams(
  shape: Pick<NetworkShape, 'widths' | 'activation'>,
  seed: number,
  run: number,
  out = new Float32Array(parameterCount(shape.widths)),
): Float32Array {
  out.fill(0);
  let pair: [number, number] = [0, 0];
  for (const L of layersOf(shape.widths)) {
    const variance =
      shape.activation === 'relu' ? 2 / L.nIn : 2 / (L.nIn + L.nOut);
    const s = Math.sqrt(variance);
    for (let i = L.weights; i < L.biases; i++) {
      if (i % 2 === 0 || i === L.weights) {
        pair = normal2(seed, run, i >> 1, NN_STREAM.init);
      }
      out[i] = s * pair[i & 1]!;
    }
  }
  return out;
}

/** Examples a network is evaluated on (a Dataset is one). */
export interface Examples {
  /** Inputs, example i at [2 i, 2 i + 1]. */
  inputs: ArrayLike<number>;
  /** Labels in {0, 1} or regression targets. */
  labels: ArrayLike<number>;
}

/** Indices of the examples in [from, to). */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** The logistic function, without overflow for any z. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Loss of one example, and its first and second derivatives in z. */
export function lossTerms(
  kind: LossKind,
  z: number,
  y: number,
): [number, number, number] {
  if (kind === 'mse') return [0.5 * (z - y) * (z - y), z - y, 1];
  // binary cross-entropy with logits, stable for any z
  const s = sigmoid(z);
  const value = Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  return [value, s - y, s * (1 - s)];
}

/** Whether output z predicts label 1 (logit > 0, or prediction > 0.5). */
export function predictsOne(kind: LossKind, z: number): boolean {
  return kind === 'bce' ? z > 0 : z > 0.5;
}

/** Loss, gradient and value of the objective on some examples. */
export interface LossGrad {
  /** Mean loss over the examples, without the penalty. */
  dataLoss: number;
  /** dataLoss + 0.5 l2 |w|^2: what the optimizer minimizes. */
  loss: number;
  grad: Float64Array;
}

/** Mean loss and accuracy on some examples. */
export interface Evaluation {
  loss: number;
  accuracy: number;
}

/**
 * The network as a function of its parameters, in Float64. Activations of
 * the last forward pass are kept in `a` (a[0] is the input, a[L] holds
 * the output), as the WGSL module keeps them in private arrays.
 */
export class Mlp {
  readonly shape: NetworkShape;
  readonly layers: readonly Layer[];
  /** Number of parameters. */
  readonly size: number;
  private readonly a: Float64Array[];
  /** R{z} of each layer (R-operator pass). */
  private readonly rz: Float64Array[];

  constructor(shape: NetworkShape) {
    this.shape = shape;
    this.layers = layersOf(shape.widths);
    this.size = parameterCount(shape.widths);
    this.a = shape.widths.map((n) => new Float64Array(n));
    this.rz = shape.widths.map((n) => new Float64Array(n));
  }

  private act(z: number): number {
    return this.shape.activation === 'tanh' ? Math.tanh(z) : Math.max(z, 0);
  }

  /** sigma'(z) from a = sigma(z). */
  private act1(a: number): number {
    return this.shape.activation === 'tanh' ? 1 - a * a : a > 0 ? 1 : 0;
  }

  /** sigma''(z) from a = sigma(z) (zero for ReLU almost everywhere). */
  private act2(a: number): number {
    return this.shape.activation === 'tanh' ? -2 * a * (1 - a * a) : 0;
  }

  /** The output z for input (x0, x1). */
  forward(w: ArrayLike<number>, x0: number, x1: number): number {
    const a = this.a;
    a[0]![0] = x0;
    a[0]![1] = x1;
    const last = this.layers.length - 1;
    this.layers.forEach((L, l) => {
      const input = a[l]!;
      const out = a[l + 1]!;
      for (let j = 0; j < L.nOut; j++) {
        let z = w[L.biases + j]!;
        const row = L.weights + j * L.nIn;
        for (let k = 0; k < L.nIn; k++) z += w[row + k]! * input[k]!;
        out[j] = l === last ? z : this.act(z);
      }
    });
    return a[this.layers.length]![0]!;
  }

  /** Adds d(loss)/dw for the last forward pass, given dz = dl/dz. */
  private backward(w: ArrayLike<number>, dz: number, g: Float64Array): void {
    const a = this.a;
    let delta = new Float64Array([dz]);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l]!;
      const input = a[l]!;
      for (let j = 0; j < L.nOut; j++) {
        const d = delta[j]!;
        g[L.biases + j]! += d;
        const row = L.weights + j * L.nIn;
        for (let k = 0; k < L.nIn; k++) g[row + k]! += d * input[k]!;
      }
      if (l === 0) break;
      const prev = new Float64Array(L.nIn);
      for (let k = 0; k < L.nIn; k++) {
        let e = 0;
        for (let j = 0; j < L.nOut; j++) {
          e += w[L.weights + j * L.nIn + k]! * delta[j]!;
        }
        prev[k] = this.act1(input[k]!) * e;
      }
      delta = prev;
    }
  }

  /** The penalty 0.5 l2 |w|^2. */
  penalty(w: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += w[i]! * w[i]!;
    return 0.5 * this.shape.l2 * s;
  }

  /** Objective and its gradient over the examples `indices`. */
  lossGrad(
    w: ArrayLike<number>,
    data: Examples,
    indices: readonly number[],
  ): LossGrad {
    const g = new Float64Array(this.size);
    let sum = 0;
    for (const i of indices) {
      const z = this.forward(w, data.inputs[2 * i]!, data.inputs[2 * i + 1]!);
      const [l, dl] = lossTerms(this.shape.loss, z, data.labels[i]!);
      sum += l;
      this.backward(w, dl, g);
    }
    const n = indices.length;
    for (let i = 0; i < this.size; i++) {
      g[i] = g[i]! / n + this.shape.l2 * w[i]!;
    }
    const dataLoss = sum / n;
    return { dataLoss, loss: dataLoss + this.penalty(w), grad: g };
  }

  /** The objective over the examples `indices`. */
  loss(w: ArrayLike<number>, data: Examples, indices: readonly number[]) {
    let sum = 0;
    for (const i of indices) {
      const z = this.forward(w, data.inputs[2 * i]!, data.inputs[2 * i + 1]!);
      sum += lossTerms(this.shape.loss, z, data.labels[i]!)[0];
    }
    return sum / indices.length + this.penalty(w);
  }

  /**
   * The Hessian of the objective over `indices` times v, exactly, by the
   * R-operator: a forward pass of tangents R{z} = V a + W R{a} + R{b}, then
   * the backward pass differentiated along v.
   */
  hvp(
    w: ArrayLike<number>,
    v: ArrayLike<number>,
    data: Examples,
    indices: readonly number[],
  ): Float64Array {
    const h = new Float64Array(this.size);
    const { a, rz } = this;
    const nL = this.layers.length;
    for (const i of indices) {
      const z = this.forward(w, data.inputs[2 * i]!, data.inputs[2 * i + 1]!);
      // tangent forward: rz[l] = R{z} of layer l's outputs (rz[0] = 0)
      rz[0]!.fill(0);
      for (let l = 0; l < nL; l++) {
        const L = this.layers[l]!;
        const input = a[l]!;
        for (let j = 0; j < L.nOut; j++) {
          let r = v[L.biases + j]!;
          const row = L.weights + j * L.nIn;
          for (let k = 0; k < L.nIn; k++) {
            const ra = l === 0 ? 0 : this.act1(input[k]!) * rz[l]![k]!;
            r += v[row + k]! * input[k]! + w[row + k]! * ra;
          }
          rz[l + 1]![j] = r;
        }
      }
      const [, dl, d2l] = lossTerms(this.shape.loss, z, data.labels[i]!);
      let delta = new Float64Array([dl]);
      let rDelta = new Float64Array([d2l * rz[nL]![0]!]);
      for (let l = nL - 1; l >= 0; l--) {
        const L = this.layers[l]!;
        const input = a[l]!;
        for (let j = 0; j < L.nOut; j++) {
          h[L.biases + j]! += rDelta[j]!;
          const row = L.weights + j * L.nIn;
          for (let k = 0; k < L.nIn; k++) {
            const ra = l === 0 ? 0 : this.act1(input[k]!) * rz[l]![k]!;
            h[row + k]! += rDelta[j]! * input[k]! + delta[j]! * ra;
          }
        }
        if (l === 0) break;
        const prev = new Float64Array(L.nIn);
        const rPrev = new Float64Array(L.nIn);
        for (let k = 0; k < L.nIn; k++) {
          let e = 0;
          let re = 0;
          for (let j = 0; j < L.nOut; j++) {
            const at = L.weights + j * L.nIn + k;
            e += w[at]! * delta[j]!;
            re += v[at]! * delta[j]! + w[at]! * rDelta[j]!;
          }
          const ak = input[k]!;
          prev[k] = this.act1(ak) * e;
          rPrev[k] = this.act2(ak) * rz[l]![k]! * e + this.act1(ak) * re;
        }
        delta = prev;
        rDelta = rPrev;
      }
    }
    const n = indices.length;
    for (let i = 0; i < this.size; i++) {
      h[i] = h[i]! / n + this.shape.l2 * v[i]!;
    }
    return h;
  }

  /** Mean loss (without penalty) and accuracy over [from, to). */
  evaluate(
    w: ArrayLike<number>,
    data: Examples,
    from: number,
    to: number,
  ): Evaluation {
    let sum = 0;
    let correct = 0;
    for (let i = from; i < to; i++) {
      const z = this.forward(w, data.inputs[2 * i]!, data.inputs[2 * i + 1]!);
      const y = data.labels[i]!;
      sum += lossTerms(this.shape.loss, z, y)[0];
      if (predictsOne(this.shape.loss, z) === y > 0.5) correct++;
    }
    const n = Math.max(1, to - from);
    return { loss: sum / n, accuracy: correct / n };
  }
}
