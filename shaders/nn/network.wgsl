// The network of one invocation held in private arrays and walked by the
// loops of nn/mlp: networks of any shape. It provides what the training
// and evaluation drivers call (the generated module of src/nn/unrolled.ts
// provides the same functions for small networks, written out):
//   fn network_load(base: u32)            parameters from params[base ..]
//   fn network_output(x: vec2f) -> f32    the output for input x
//   fn network_example(p: NetPoint) -> f32
//       adds the gradient of example p's loss, returns the loss
// The driver declares the `params` buffer. Composed after nn/common,
// nn/capacity and nn/mlp.
//
// Every network of a dispatch walks its parameters in the same order, so
// an index is the same in all invocations: private arrays serve that far
// faster than storage buffers indexed by run.

// This network's parameters, and the gradient sums of the step being
// taken (zero between steps).
var<private> network_w: array<f32, NET_CAPACITY>;
var<private> network_g: array<f32, NET_CAPACITY>;

fn net_param(i: u32) -> f32 {
  return network_w[i];
}

fn net_grad_add(i: u32, v: f32) {
  network_g[i] += v;
}

fn network_load(base: u32) {
  for (var i = 0u; i < PARAM_COUNT; i++) {
    network_w[i] = params[base + i];
  }
}

fn network_output(x: vec2f) -> f32 {
  return net_forward(x);
}

fn network_example(p: NetPoint) -> f32 {
  let terms = net_loss_terms(net_forward(p.x), p.y);
  net_backward(terms.y);
  return terms.x;
}
