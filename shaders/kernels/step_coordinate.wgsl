// Adapter for coordinate optimizers: the same update applied to each of the
// two coordinates, each with its own state.

const OPT_NEEDS_HESSIAN = false;

fn opt_step(x: vec2f, g: vec2f, h: vec3f, s0: ptr<function, OptState>,
            s1: ptr<function, OptState>, c: OptConsts) -> vec2f {
  return vec2f(opt_update(x.x, g.x, s0, c), opt_update(x.y, g.y, s1, c));
}
