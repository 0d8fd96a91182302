// A small multilayer perceptron on two inputs, one example at a time, by
// loops over its layers: forward pass and backpropagation for networks of
// any shape. Twin: src/nn/mlp.ts. Composed after nn/common; the driver
// says where the parameters are and where the gradient goes, by defining
//   fn net_param(i: u32) -> f32       parameter i of this network
//   fn net_grad_add(i: u32, v: f32)   adds v to gradient entry i
// so that the same model trains, evaluates, and measures sharpness at
// perturbed points. (Small networks train faster in the generated,
// unrolled form of src/nn/unrolled.ts.)

// Activations of the last forward pass: net_a[0] is the input, net_a[l]
// the outputs of weight layer l - 1 (after the activation, except for
// the linear output layer net_a[DEPTH]).
var<private> net_a: array<array<f32, NET_MAX_WIDTH>, NET_MAX_LAYERS + 1u>;
// dl/dz of the layer being back-propagated, and of the one below it.
var<private> net_delta: array<f32, NET_MAX_WIDTH>;
var<private> net_below: array<f32, NET_MAX_WIDTH>;

// The output z for input x; keeps the activations in net_a.
fn net_forward(x: vec2f) -> f32 {
  net_a[0][0] = x.x;
  net_a[0][1] = x.y;
  var offset = 0u;
  for (var l = 0u; l < DEPTH; l++) {
    let n_in = net_width(l);
    let n_out = net_width(l + 1u);
    let biases = offset + n_out * n_in;
    let last = l + 1u == DEPTH;
    for (var j = 0u; j < n_out; j++) {
      var z = net_param(biases + j);
      let row = offset + j * n_in;
      for (var k = 0u; k < n_in; k++) {
        z += net_param(row + k) * net_a[l][k];
      }
      net_a[l + 1u][j] = select(net_act(z), z, last);
    }
    offset = biases + n_out;
  }
  return net_a[DEPTH][0];
}

// Adds the gradient of the last forward pass's loss, given dz = dl/dz,
// through net_grad_add: dl/dW = delta a^T and dl/db = delta per layer,
// and delta below = sigma' (W^T delta).
fn net_backward(dz: f32) {
  net_delta[0] = dz;
  var offset = PARAM_COUNT;
  for (var l = DEPTH; l > 0u; l--) {
    let n_in = net_width(l - 1u);
    let n_out = net_width(l);
    offset -= n_out * (n_in + 1u);
    let biases = offset + n_out * n_in;
    for (var k = 0u; k < n_in; k++) {
      net_below[k] = 0.0;
    }
    for (var j = 0u; j < n_out; j++) {
      let d = net_delta[j];
      net_grad_add(biases + j, d);
      let row = offset + j * n_in;
      for (var k = 0u; k < n_in; k++) {
        net_grad_add(row + k, d * net_a[l - 1u][k]);
        net_below[k] += net_param(row + k) * d;
      }
    }
    for (var k = 0u; k < n_in; k++) {
      net_delta[k] = net_act1(net_a[l - 1u][k]) * net_below[k];
    }
  }
}
