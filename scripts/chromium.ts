/**
 * How Basins launches Chromium with WebGPU, shared by the GPU tests, the
 * command line and the benchmark. SwiftShader (Vulkan on the CPU) gives an
 * adapter on machines without a GPU; on a machine with one, set
 * BASINS_GPU=hardware to let Chromium pick the real adapter.
 */
import { existsSync } from 'node:fs';

/** The Chromium to launch: BASINS_CHROMIUM, else Debian's package. */
export function chromiumPath(): string {
  const candidates = [
    process.env.BASINS_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(
    'No Chromium found. Install it (as root on Debian: ' +
      '`apt-get install -y chromium`) or set BASINS_CHROMIUM to its path.',
  );
}

/** Command-line switches that enable WebGPU in headless Chromium. */
export function chromiumArgs(): string[] {
  const args = [
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
  ];
  if (process.env.BASINS_GPU !== 'hardware') {
    args.push('--use-vulkan=swiftshader', '--use-angle=swiftshader');
  }
  return args;
}

/** The environment Chromium needs (XDG_RUNTIME_DIR for the WebGPU canvas). */
export function chromiumEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined) env[k] = v;
  }
  env.XDG_RUNTIME_DIR ??= '/tmp';
  return env;
}
