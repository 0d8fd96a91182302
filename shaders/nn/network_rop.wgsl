// The Hessian-vector products of nn/network: the vector V in a private
// array and the R-operator of nn/mlp_rop. Provides
//   fn network_hvp_example(p: NetPoint)
//       adds H V of example p's loss (no penalty) to network_g
// Composed after nn/network and nn/mlp_rop.

var<private> network_v: array<f32, NET_CAPACITY>; // the vector V

fn net_tangent(i: u32) -> f32 {
  return network_v[i];
}

fn net_hvp_add(i: u32, v: f32) {
  network_g[i] += v;
}

fn network_hvp_example(p: NetPoint) {
  net_hvp_example(p);
}
