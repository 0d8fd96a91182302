import { expect, test } from 'vitest';
test('adapter', async () => {
  const a = await navigator.gpu.requestAdapter();
  expect(a).not.toBeNull();
  const d = await a!.requestDevice();
  const m = d.createShaderModule({ code: '@compute @workgroup_size(1) fn main() {}' });
  const info = await m.getCompilationInfo();
  expect(info.messages.length).toBe(0);
  console.log(a!.info.architecture, a!.limits.maxStorageBufferBindingSize);
});
