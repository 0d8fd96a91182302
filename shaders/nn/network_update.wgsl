// The training side of nn/network: per-parameter optimizer state in a
// private array, and the update of every parameter. Provides
//   fn network_store(base: u32)        parameters to params[base ..]
//   fn network_load_state(base: u32)   state from opt_state[base ..]
//   fn network_store_state(base: u32)  and back
//   fn network_update(c: OptConsts, scale: f32, l2: f32) -> bool
//       g = scale (gradient sums) + l2 w for each parameter, then the
//       optimizer's update; a value that is not finite is not written
//       (the state is: the network stops at this step anyway) and makes
//       it return false; clears the gradient sums
// The driver declares `params` read-write and the `opt_state` buffer.
// Composed after nn/network and an optimizer module.

var<private> network_s: array<OptState, NET_CAPACITY>;

fn network_store(base: u32) {
  for (var i = 0u; i < PARAM_COUNT; i++) {
    params[base + i] = network_w[i];
  }
}

fn network_load_state(base: u32) {
  for (var i = 0u; i < PARAM_COUNT; i++) {
    network_s[i] = opt_state[base + i];
  }
}

fn network_store_state(base: u32) {
  for (var i = 0u; i < PARAM_COUNT; i++) {
    opt_state[base + i] = network_s[i];
  }
}

fn network_update(c: OptConsts, scale: f32, l2: f32) -> bool {
  var finite = true;
  for (var i = 0u; i < PARAM_COUNT; i++) {
    let x = network_w[i];
    let g = network_g[i] * scale + l2 * x;
    network_g[i] = 0.0;
    var s = network_s[i];
    let next = opt_update(x, g, &s, c);
    let ok = net_is_finite(next);
    finite = finite & ok;
    network_w[i] = select(x, next, ok);
    network_s[i] = s;
  }
  return finite;
}
