// The exact Hessian-vector product of one example's loss by Pearlmutter's
// R-operator (forward-over-reverse): a forward pass of tangents
// R{z} = V a + W R{a} + R{b}, then the backward pass differentiated along
// the tangent V. Twin: Mlp.hvp in src/nn/mlp.ts. Composed after nn/mlp;
// the driver also defines
//   fn net_tangent(i: u32) -> f32      entry i of the vector V
//   fn net_hvp_add(i: u32, v: f32)     adds v to entry i of H V

// R{z} of each layer's outputs (net_rz[0] = 0: inputs are constants).
var<private> net_rz: array<array<f32, NET_MAX_WIDTH>, NET_MAX_LAYERS + 1u>;
// R{dl/dz} of the layer being back-propagated, and its sums below.
var<private> net_rdelta: array<f32, NET_MAX_WIDTH>;
var<private> net_rbelow: array<f32, NET_MAX_WIDTH>;

// R{a} of input k of layer l: sigma'(z) R{z}, zero for the inputs.
fn net_ra(l: u32, k: u32) -> f32 {
  if (l == 0u) {
    return 0.0;
  }
  return net_act1(net_a[l][k]) * net_rz[l][k];
}

// Adds H V for one example's loss (no penalty) through net_hvp_add.
fn net_hvp_example(p: NetPoint) {
  let z = net_forward(p.x);

  // tangent forward
  var offset = 0u;
  for (var l = 0u; l < DEPTH; l++) {
    let n_in = net_width(l);
    let n_out = net_width(l + 1u);
    let biases = offset + n_out * n_in;
    for (var j = 0u; j < n_out; j++) {
      var r = net_tangent(biases + j);
      let row = offset + j * n_in;
      for (var k = 0u; k < n_in; k++) {
        r += net_tangent(row + k) * net_a[l][k] +
          net_param(row + k) * net_ra(l, k);
      }
      net_rz[l + 1u][j] = r;
    }
    offset = biases + n_out;
  }

  // backward, differentiated along V
  let terms = net_loss_terms(z, p.y);
  net_delta[0] = terms.y;
  net_rdelta[0] = terms.z * net_rz[DEPTH][0];
  offset = PARAM_COUNT;
  for (var l = DEPTH; l > 0u; l--) {
    let n_in = net_width(l - 1u);
    let n_out = net_width(l);
    offset -= n_out * (n_in + 1u);
    let biases = offset + n_out * n_in;
    for (var k = 0u; k < n_in; k++) {
      net_below[k] = 0.0;
      net_rbelow[k] = 0.0;
    }
    for (var j = 0u; j < n_out; j++) {
      let d = net_delta[j];
      let rd = net_rdelta[j];
      net_hvp_add(biases + j, rd);
      let row = offset + j * n_in;
      for (var k = 0u; k < n_in; k++) {
        let a = net_a[l - 1u][k];
        net_hvp_add(row + k, rd * a + d * net_ra(l - 1u, k));
        let w = net_param(row + k);
        net_below[k] += w * d;
        net_rbelow[k] += net_tangent(row + k) * d + w * rd;
      }
    }
    for (var k = 0u; k < n_in; k++) {
      let a = net_a[l - 1u][k];
      let rz = select(net_rz[l - 1u][k], 0.0, l == 1u);
      net_delta[k] = net_act1(a) * net_below[k];
      net_rdelta[k] = net_act2(a) * rz * net_below[k] +
        net_act1(a) * net_rbelow[k];
    }
  }
}
