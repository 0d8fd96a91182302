// SAM's moves of the network of nn/network (nn/gradient_sam.wgsl says
// what SAM is). Provides
//   fn network_ascend(scale: f32, l2: f32, s: NetSam)
//       from w to w + e, e = rho T^2 g / (|T g| + 1e-12) with
//       g = scale (gradient sums) + l2 w; keeps w; clears the sums
//   fn network_descend(scale: f32, l2: f32)
//       back to w, with the penalty's gradient at w + e in the sums:
//       network_update then takes g = scale (sums) + l2 (w + e)
// Composed after nn/network.

// The parameters w while the network stands at w + e.
var<private> network_u: array<f32, NET_CAPACITY>;

fn network_ascend(scale: f32, l2: f32, s: NetSam) {
  // the gradient g at w, and |T g|
  var norm2 = 0.0;
  for (var i = 0u; i < PARAM_COUNT; i++) {
    let x = network_w[i];
    let g = network_g[i] * scale + l2 * x;
    let tg = net_sam_scale(x, s) * g;
    network_g[i] = g;
    norm2 += tg * tg;
  }
  // to w + e; the sums start again for the gradient there
  let k = s.rho / (sqrt(norm2) + 1e-12);
  for (var i = 0u; i < PARAM_COUNT; i++) {
    let x = network_w[i];
    let t = net_sam_scale(x, s);
    network_u[i] = x;
    network_w[i] = x + k * (t * (t * network_g[i]));
    network_g[i] = 0.0;
  }
}

fn network_descend(scale: f32, l2: f32) {
  for (var i = 0u; i < PARAM_COUNT; i++) {
    let x = network_u[i];
    network_g[i] += l2 * (network_w[i] - x) / scale;
    network_w[i] = x;
  }
}
