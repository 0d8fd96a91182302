/**
 * Writes out the network functions of shaders/nn/network.wgsl and
 * nn/network_update.wgsl for one network shape: the loops of nn/mlp
 * unrolled, every parameter index a constant.
 *
 * Why: a loop over a private array reads it at an index the compiler
 * cannot see, one lane at a time on a CPU implementation; written out,
 * the network's parameters, activations and gradient sums become
 * registers. Measured on SwiftShader (2 cores, 4,096 networks, batches
 * of 16, Adam): 2-8-8-1 (105 parameters) trains at 520,000
 * network-steps per second unrolled against 58,000 with loops, for one
 * more second of pipeline compilation; 2-16-16-1 (337) at 145,000
 * against 20,000, for about 10 s of compilation; 2-20-20-1 (501) at
 * 104,000, for about 32 s. Networks above UNROLL_LIMIT parameters keep
 * the loops, whose pipelines compile in a second or two.
 *
 * The finiteness of the update is combined with `&`, not `&&`: `&&`
 * short-circuits, a branch per parameter, and took 2-16-16-1's pipeline
 * about 6 s longer to compile.
 *
 * The generated WGSL computes what the loops compute, in the same order
 * (bias first, then inputs in order; deltas summed over outputs in
 * order), so the Float64 twin (src/nn/mlp.ts) checks both.
 */
import { layersOf, type Layer, type NetworkShape } from './mlp';

/** Networks of more parameters keep the loops of nn/mlp (their unrolled
 * pipelines would compile for half a minute and more). */
export const UNROLL_LIMIT = 400;

/** A sum wrapped before 80 columns (the first line has a prefix of
 * about 24 characters ahead of it). */
function sum(first: string, terms: readonly string[], indent: string) {
  const lines: string[] = [];
  let line = first;
  let width = 24 + first.length;
  for (const t of terms) {
    if (width + t.length + 3 > 78) {
      lines.push(line);
      line = `${indent}+ ${t}`;
      width = line.length;
    } else {
      line += ` + ${t}`;
      width += t.length + 3;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

const w = (i: number) => `network_w[${i}]`;
const act = (l: number, k: number) => `a${l}_${k}`;
const delta = (l: number, k: number) => `d${l}_${k}`;

/** The forward pass as `let` statements; returns the output's name. */
function forward(layers: readonly Layer[], out: string[]): string {
  out.push(`  let ${act(0, 0)} = x.x;`, `  let ${act(0, 1)} = x.y;`);
  layers.forEach((L, l) => {
    const last = l === layers.length - 1;
    out.push(
      `  // weight layer ${l}: ${L.nIn} -> ${L.nOut}` +
        (last ? ' (linear output)' : ''),
    );
    for (let j = 0; j < L.nOut; j++) {
      const row = L.weights + j * L.nIn;
      const terms = Array.from(
        { length: L.nIn },
        (_, k) => `${w(row + k)} * ${act(l, k)}`,
      );
      const z = sum(w(L.biases + j), terms, '    ');
      out.push(
        last
          ? `  let ${act(l + 1, j)} = ${z};`
          : `  let ${act(l + 1, j)} = net_act(${z});`,
      );
    }
  });
  return act(layers.length, 0);
}

/**
 * What nn/network.wgsl provides (network_load, network_output,
 * network_example), written out for one shape.
 */
export function unrolledNetwork(shape: Pick<NetworkShape, 'widths'>): string {
  const layers = layersOf(shape.widths);
  const P = layers.reduce((n, L) => n + L.nOut * (L.nIn + 1), 0);
  const o: string[] = [
    `// The network ${shape.widths.join('-')} written out by`,
    '// src/nn/unrolled.ts: the functions of nn/network with every',
    '// parameter index a constant, so that the compiler keeps the network',
    '// in registers.',
    '',
    `var<private> network_w: array<f32, ${P}>; // parameters`,
    `var<private> network_g: array<f32, ${P}>; // gradient sums`,
    '',
    'fn network_load(base: u32) {',
  ];
  for (let i = 0; i < P; i++) o.push(`  ${w(i)} = params[base + ${i}u];`);
  o.push('}', '', 'fn network_output(x: vec2f) -> f32 {');
  o.push(`  return ${forward(layers, o)};`, '}', '');

  o.push('fn network_example(p: NetPoint) -> f32 {', '  let x = p.x;');
  const z = forward(layers, o);
  const depth = layers.length;
  o.push(`  let terms = net_loss_terms(${z}, p.y);`);
  o.push(`  let ${delta(depth, 0)} = terms.y;`);
  for (let l = depth - 1; l >= 0; l--) {
    const L = layers[l]!;
    o.push(`  // back through weight layer ${l}`);
    for (let j = 0; j < L.nOut; j++) {
      const d = delta(l + 1, j);
      o.push(`  network_g[${L.biases + j}] += ${d};`);
      for (let k = 0; k < L.nIn; k++) {
        o.push(
          `  network_g[${L.weights + j * L.nIn + k}] += ${d} * ${act(l, k)};`,
        );
      }
    }
    if (l === 0) continue;
    for (let k = 0; k < L.nIn; k++) {
      const terms = Array.from(
        { length: L.nOut },
        (_, j) => `${w(L.weights + j * L.nIn + k)} * ${delta(l + 1, j)}`,
      );
      const [first, ...rest] = terms;
      const below = sum(first!, rest, '    ');
      o.push(`  let ${delta(l, k)} = net_act1(${act(l, k)}) * (${below});`);
    }
  }
  o.push('  return terms.x;', '}', '');
  return o.join('\n');
}

const v = (i: number) => `network_v[${i}]`;
const tangent = (l: number, k: number) => `r${l}_${k}`;
const rDelta = (l: number, k: number) => `rd${l}_${k}`;

/** R{a} of activation k of layer l: sigma'(z) R{z}, 0 for the inputs. */
function rAct(l: number, k: number): string {
  return l === 0 ? '0.0' : `ra${l}_${k}`;
}

/**
 * What nn/network_rop.wgsl provides (network_v, network_hvp_example),
 * written out for one shape: the R-operator of nn/mlp_rop unrolled.
 */
export function unrolledRop(shape: Pick<NetworkShape, 'widths'>): string {
  const layers = layersOf(shape.widths);
  const P = layers.reduce((n, L) => n + L.nOut * (L.nIn + 1), 0);
  const depth = layers.length;
  const o: string[] = [
    `// The Hessian-vector products of the network ${shape.widths.join('-')},`,
    '// written out by src/nn/unrolled.ts: nn/network_rop unrolled.',
    '',
    `var<private> network_v: array<f32, ${P}>; // the vector V`,
    '',
    'fn network_hvp_example(p: NetPoint) {',
    '  let x = p.x;',
  ];
  const z = forward(layers, o);
  o.push('  // tangent forward: R{z} = V a + W R{a} + R{b}');
  layers.forEach((L, l) => {
    for (let k = 0; k < L.nIn && l > 0; k++) {
      o.push(
        `  let ${rAct(l, k)} = net_act1(${act(l, k)}) * ${tangent(l, k)};`,
      );
    }
    for (let j = 0; j < L.nOut; j++) {
      const row = L.weights + j * L.nIn;
      const terms: string[] = [];
      for (let k = 0; k < L.nIn; k++) {
        terms.push(`${v(row + k)} * ${act(l, k)}`);
        if (l > 0) terms.push(`${w(row + k)} * ${rAct(l, k)}`);
      }
      o.push(
        `  let ${tangent(l + 1, j)} = ${sum(v(L.biases + j), terms, '    ')};`,
      );
    }
  });
  o.push(`  let terms = net_loss_terms(${z}, p.y);`);
  o.push(`  let ${delta(depth, 0)} = terms.y;`);
  o.push(`  let ${rDelta(depth, 0)} = terms.z * ${tangent(depth, 0)};`);
  for (let l = depth - 1; l >= 0; l--) {
    const L = layers[l]!;
    o.push(`  // back through weight layer ${l}, differentiated along V`);
    for (let j = 0; j < L.nOut; j++) {
      const d = delta(l + 1, j);
      const rd = rDelta(l + 1, j);
      o.push(`  network_g[${L.biases + j}] += ${rd};`);
      for (let k = 0; k < L.nIn; k++) {
        const at = L.weights + j * L.nIn + k;
        o.push(
          l === 0
            ? `  network_g[${at}] += ${rd} * ${act(l, k)};`
            : `  network_g[${at}] += ${rd} * ${act(l, k)} + ${d} * ${rAct(l, k)};`,
        );
      }
    }
    if (l === 0) continue;
    for (let k = 0; k < L.nIn; k++) {
      const at = (j: number) => L.weights + j * L.nIn + k;
      const e = Array.from(
        { length: L.nOut },
        (_, j) => `${w(at(j))} * ${delta(l + 1, j)}`,
      );
      const re = Array.from(
        { length: L.nOut },
        (_, j) =>
          `${v(at(j))} * ${delta(l + 1, j)} + ${w(at(j))} * ${rDelta(l + 1, j)}`,
      );
      o.push(`  let e${l}_${k} = ${sum(e[0]!, e.slice(1), '    ')};`);
      o.push(`  let re${l}_${k} = ${sum(re[0]!, re.slice(1), '    ')};`);
      o.push(
        `  let ${delta(l, k)} = net_act1(${act(l, k)}) * e${l}_${k};`,
        `  let ${rDelta(l, k)} = net_act2(${act(l, k)}) * ${tangent(l, k)} * ` +
          `e${l}_${k} + net_act1(${act(l, k)}) * re${l}_${k};`,
      );
    }
  }
  o.push('}', '');
  return o.join('\n');
}

/**
 * What nn/network_update.wgsl provides (network_store, the optimizer
 * state's load and store, network_update), written out for one shape.
 */
export function unrolledUpdate(shape: Pick<NetworkShape, 'widths'>): string {
  const P = layersOf(shape.widths).reduce(
    (n, L) => n + L.nOut * (L.nIn + 1),
    0,
  );
  const o: string[] = [
    `// The training side of the network ${shape.widths.join('-')}, written`,
    '// out by src/nn/unrolled.ts: the functions of nn/network_update.',
    '',
    `var<private> network_s: array<OptState, ${P}>; // optimizer state`,
    '',
    'fn network_store(base: u32) {',
  ];
  for (let i = 0; i < P; i++) o.push(`  params[base + ${i}u] = ${w(i)};`);
  o.push('}', '', 'fn network_load_state(base: u32) {');
  for (let i = 0; i < P; i++) {
    o.push(`  network_s[${i}] = opt_state[base + ${i}u];`);
  }
  o.push('}', '', 'fn network_store_state(base: u32) {');
  for (let i = 0; i < P; i++) {
    o.push(`  opt_state[base + ${i}u] = network_s[${i}];`);
  }
  o.push('}', '');
  o.push('fn network_update(c: OptConsts, scale: f32, l2: f32) -> bool {');
  o.push('  var finite = true;');
  for (let i = 0; i < P; i++) {
    o.push(
      '  {',
      `    let x = ${w(i)};`,
      `    var s = network_s[${i}];`,
      `    let next = opt_update(x, network_g[${i}] * scale + l2 * x, &s, c);`,
      '    let ok = net_is_finite(next);',
      '    finite = finite & ok;',
      `    ${w(i)} = select(x, next, ok);`,
      `    network_s[${i}] = s;`,
      `    network_g[${i}] = 0.0;`,
      '  }',
    );
  }
  o.push('  return finite;', '}', '');
  return o.join('\n');
}

/**
 * What nn/network_sam.wgsl provides (SAM's network_ascend and
 * network_descend), written out for one shape.
 */
export function unrolledSam(shape: Pick<NetworkShape, 'widths'>): string {
  const P = layersOf(shape.widths).reduce(
    (n, L) => n + L.nOut * (L.nIn + 1),
    0,
  );
  const g = (i: number) => `network_g[${i}]`;
  const u = (i: number) => `network_u[${i}]`;
  const o: string[] = [
    `// SAM's moves of the network ${shape.widths.join('-')}, written out`,
    '// by src/nn/unrolled.ts: the functions of nn/network_sam.',
    '',
    `var<private> network_u: array<f32, ${P}>; // w while at w + e`,
    '',
    'fn network_ascend(scale: f32, l2: f32, s: NetSam) {',
    '  // the gradient g at w, and |T g|',
    '  var norm2 = 0.0;',
  ];
  for (let i = 0; i < P; i++) {
    o.push(
      '  {',
      `    let g = ${g(i)} * scale + l2 * ${w(i)};`,
      `    let tg = net_sam_scale(${w(i)}, s) * g;`,
      `    ${g(i)} = g;`,
      '    norm2 += tg * tg;',
      '  }',
    );
  }
  o.push(
    '  // to w + e; the sums start again for the gradient there',
    '  let k = s.rho / (sqrt(norm2) + 1e-12);',
  );
  for (let i = 0; i < P; i++) {
    o.push(
      '  {',
      `    let x = ${w(i)};`,
      '    let t = net_sam_scale(x, s);',
      `    ${u(i)} = x;`,
      `    ${w(i)} = x + k * (t * (t * ${g(i)}));`,
      `    ${g(i)} = 0.0;`,
      '  }',
    );
  }
  o.push('}', '', 'fn network_descend(scale: f32, l2: f32) {');
  for (let i = 0; i < P; i++) {
    o.push(
      `  ${g(i)} += l2 * (${w(i)} - ${u(i)}) / scale;`,
      `  ${w(i)} = ${u(i)};`,
    );
  }
  o.push('}', '');
  return o.join('\n');
}
