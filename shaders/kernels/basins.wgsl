// Which basin each run ended in: the nearest known minimum within the basin
// radius, else "other"; diverged runs have their own class. Counts per class
// are reduced with atomics. Composed after kernels/layout.

override WORKGROUP_SIZE: u32 = 64u;

struct Basins {
  minimum_count: u32, // classes 0 .. minimum_count - 1 are the minima,
                      // minimum_count is "other", minimum_count + 1 diverged
  radius: f32,        // distance within which a run ended in a minimum
}

@group(0) @binding(0) var<uniform> chunk: Chunk;
@group(0) @binding(1) var<uniform> basins: Basins;
@group(0) @binding(2) var<storage, read> minima: array<vec2f>;
@group(0) @binding(3) var<storage, read> runs: array<Run>;
@group(0) @binding(4) var<storage, read_write> basin_of_run: array<u32>;
@group(0) @binding(5) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= chunk.run_count) {
    return;
  }
  let run = runs[i];
  var cls = basins.minimum_count + 1u;
  if (run.diverged_at == 0u) {
    cls = basins.minimum_count;
    var best = basins.radius * basins.radius;
    for (var m = 0u; m < basins.minimum_count; m++) {
      let d = run.pos - minima[m];
      let d2 = dot(d, d);
      if (d2 <= best) {
        best = d2;
        cls = m;
      }
    }
  }
  basin_of_run[i] = cls;
  atomicAdd(&counts[cls], 1u);
}
