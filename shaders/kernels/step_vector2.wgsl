// Adapter for vector optimizers (Newton): they see the whole position, the
// gradient and the Hessian (hxx, hxy, hyy) at once.

const OPT_NEEDS_HESSIAN = true;

fn opt_step(x: vec2f, g: vec2f, h: vec3f, s0: ptr<function, OptState>,
            s1: ptr<function, OptState>, c: OptConsts) -> vec2f {
  return opt_update2(x, g, h, s0, s1, c);
}
