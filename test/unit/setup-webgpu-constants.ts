// webgpu-utils reads GPUShaderStage when it reflects WGSL; Node has no
// WebGPU, so the unit tests that reflect shader text define the constants.
const g = globalThis as { GPUShaderStage?: unknown };
g.GPUShaderStage ??= { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 };
