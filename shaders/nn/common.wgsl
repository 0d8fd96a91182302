// What every network kernel shares: the network's shape as override
// constants, the layout of an example, the activations and losses for one
// value, and the streams of the counter-based generator. Twin:
// src/nn/mlp.ts, whose header documents the parameter layout (per layer:
// W row by row, then b). Composed after common/random.

const NET_MAX_WIDTH: u32 = 32u; // widest layer
const NET_MAX_LAYERS: u32 = 4u; // weight layers

// Streams of the counter-based generator (src/nn/streams.ts).
const NN_STREAM_BATCH: u32 = 0x4e4f0000u; // + b / 4 for example b
const NN_STREAM_SHUFFLE: u32 = 0x4e4e0050u; // round keys of an epoch
const NN_STREAM_POWER: u32 = 0x4e4e0020u; // power iteration's first vector
const NN_STREAM_PROBE: u32 = 0x4e4e1000u; // + i / 128 for parameter i

// Wellons' lowbias32 finalizer: the low bits of a pcg4d word follow the
// parity of its key, so indices (word mod n) and single random bits are
// taken from mixed words. Twin: mix32 in src/nn/streams.ts.
fn nn_mix(w: u32) -> u32 {
  var x = w;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

// The network's shape, fixed per pipeline.
override DEPTH: u32 = 3u;      // weight layers, 1 to NET_MAX_LAYERS
override WIDTH_0: u32 = 2u;    // inputs
override WIDTH_1: u32 = 8u;    // outputs of weight layer 0
override WIDTH_2: u32 = 8u;    // outputs of weight layer 1
override WIDTH_3: u32 = 1u;    // outputs of weight layer 2
override WIDTH_4: u32 = 0u;    // outputs of weight layer 3 (0: none)
override ACTIVATION: u32 = 0u; // hidden layers: 0 tanh, 1 ReLU
override LOSS: u32 = 0u;       // 0 cross-entropy with logits, 1 squared

// Weights and biases of one network (widths past DEPTH are 0).
override PARAM_COUNT: u32 = WIDTH_1 * (WIDTH_0 + 1u) +
  WIDTH_2 * (WIDTH_1 + 1u) + WIDTH_3 * (WIDTH_2 + 1u) +
  WIDTH_4 * (WIDTH_3 + 1u);

// One example of the dataset: training examples first, then test ones.
struct NetPoint {
  x: vec2f, // inputs
  y: f32,   // label in {0, 1}, or the regression target
}

fn net_width(l: u32) -> u32 {
  switch (l) {
    case 0u: { return WIDTH_0; }
    case 1u: { return WIDTH_1; }
    case 2u: { return WIDTH_2; }
    case 3u: { return WIDTH_3; }
    default: { return WIDTH_4; }
  }
}

// tanh saturates to +-1 in f32 beyond 9: the clamp keeps exp finite.
fn net_act(z: f32) -> f32 {
  if (ACTIVATION == 0u) {
    return tanh(clamp(z, -15.0, 15.0));
  }
  return max(z, 0.0);
}

// sigma'(z) from a = sigma(z).
fn net_act1(a: f32) -> f32 {
  if (ACTIVATION == 0u) {
    return 1.0 - a * a;
  }
  return select(0.0, 1.0, a > 0.0);
}

// sigma''(z) from a = sigma(z); ReLU's is 0 almost everywhere.
fn net_act2(a: f32) -> f32 {
  if (ACTIVATION == 0u) {
    return -2.0 * a * (1.0 - a * a);
  }
  return 0.0;
}

fn net_sigmoid(z: f32) -> f32 {
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
}

// (loss, dl/dz, d2l/dz2) of output z against label y.
fn net_loss_terms(z: f32, y: f32) -> vec3f {
  if (LOSS == 1u) {
    let r = z - y;
    return vec3f(0.5 * r * r, r, 1.0);
  }
  let s = net_sigmoid(z);
  let l = max(z, 0.0) - z * y + log(1.0 + exp(-abs(z)));
  return vec3f(l, s - y, s * (1.0 - s));
}

// Whether output z predicts class 1, and whether that is the label.
fn net_correct(z: f32, y: f32) -> bool {
  let one = select(z > 0.0, z > 0.5, LOSS == 1u);
  return one == (y > 0.5);
}

// Non-finite test on the bits: comparisons with NaN may be optimized away.
fn net_is_finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}
