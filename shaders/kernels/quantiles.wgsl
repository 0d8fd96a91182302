// Exact loss quantiles on the GPU by radix selection. Each loss becomes a
// 32-bit key whose unsigned order is the float order; three passes pick the
// key digit by digit (11, 11 and 10 bits): a histogram of the digit among
// the keys that share the prefix chosen so far, then a scan that finds the
// digit holding the wanted rank. Diverged runs are left out and counted.
// Composed after kernels/layout.

override WORKGROUP_SIZE: u32 = 64u;

const BINS: u32 = 2048u;      // 2^11, the widest digit
const MAX_LEVELS: u32 = 8u;

// The quantile levels, in [0, 1].
struct Levels {
  count: u32,             // levels in use
  probs: array<vec4f, 2>, // level q is probs[q / 4][q % 4]
}

// Progress of the selection, kept on the GPU between passes.
struct Select {
  pass_index: u32,                  // 0, 1 or 2: the digit being chosen
  record: u32,                      // index of the record being computed
  live: u32,                        // runs that have not diverged
  prefix: array<u32, MAX_LEVELS>,   // key bits chosen so far, per level
  rank: array<u32, MAX_LEVELS>,     // rank wanted among keys with prefix
}

@group(0) @binding(0) var<uniform> chunk: Chunk;
@group(0) @binding(1) var<uniform> levels: Levels;
@group(0) @binding(2) var<storage, read> runs: array<Run>;
@group(0) @binding(3) var<storage, read_write> sel: Select;
// hist[q * BINS + d]: count of digit d among keys with level q's prefix.
// In pass 0 all levels share the histogram of level 0.
@group(0) @binding(4) var<storage, read_write> hist: array<atomic<u32>>;
// values[record * MAX_LEVELS + q]: the quantile of level q at that record.
@group(0) @binding(5) var<storage, read_write> values: array<f32>;
// live_counts[record]: runs that had not diverged at that record.
@group(0) @binding(6) var<storage, read_write> live_counts: array<u32>;

fn digit_bits(p: u32) -> u32 {
  return select(11u, 10u, p == 2u);
}

fn digit_shift(p: u32) -> u32 {
  return select(select(0u, 10u, p == 1u), 21u, p == 0u);
}

// A float to a key with the same order (negative floats reversed).
fn ordered_key(f: f32) -> u32 {
  let b = bitcast<u32>(f);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

fn key_to_float(k: u32) -> f32 {
  return bitcast<f32>(select(~k, k & 0x7fffffffu, (k & 0x80000000u) != 0u));
}

fn level(q: u32) -> f32 {
  return levels.probs[q / 4u][q % 4u];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn histogram(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= chunk.run_count) {
    return;
  }
  let run = runs[i];
  if (run.diverged_at != 0u) {
    return;
  }
  let key = ordered_key(run.loss);
  let p = sel.pass_index;
  let d = (key >> digit_shift(p)) & ((1u << digit_bits(p)) - 1u);
  if (p == 0u) {
    atomicAdd(&hist[d], 1u);
    return;
  }
  let high = key >> (digit_shift(p) + digit_bits(p));
  for (var q = 0u; q < levels.count; q++) {
    if (high == sel.prefix[q]) {
      atomicAdd(&hist[q * BINS + d], 1u);
    }
  }
}

// One invocation per level walks its histogram to the wanted rank.
@compute @workgroup_size(MAX_LEVELS)
fn scan(@builtin(local_invocation_index) q: u32) {
  let p = sel.pass_index;
  let bins = 1u << digit_bits(p);
  let base = select(q * BINS, 0u, p == 0u);

  var live = sel.live;
  var rank = 0u;
  if (p == 0u) {
    live = 0u;
    for (var d = 0u; d < bins; d++) {
      live += atomicLoad(&hist[d]);
    }
    // nearest rank, halves rounded up: floor(level * (live - 1) + 0.5)
    let r = floor(level(q) * f32(max(live, 1u) - 1u) + 0.5);
    rank = u32(r);
  } else {
    rank = sel.rank[q];
  }

  var digit = 0u;
  var below = 0u;
  for (var d = 0u; d < bins; d++) {
    let n = atomicLoad(&hist[base + d]);
    if (below + n > rank) {
      digit = d;
      break;
    }
    below += n;
  }
  let prefix = select((sel.prefix[q] << digit_bits(p)) | digit, digit, p == 0u);

  workgroupBarrier();
  if (q < levels.count) {
    sel.prefix[q] = prefix;
    sel.rank[q] = rank - below;
    if (p == 2u) {
      // meaningless when live is 0: the reader checks live_counts
      values[sel.record * MAX_LEVELS + q] = key_to_float(prefix);
    }
  }
  storageBarrier();
  workgroupBarrier();
  if (q == 0u) {
    sel.live = live;
    if (p == 2u) {
      live_counts[sel.record] = live;
      sel.record += 1u;
    }
    sel.pass_index = (p + 1u) % 3u;
  }
}
