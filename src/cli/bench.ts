/**
 * npm run bench -- [--quick] [--json FILE] [--max-runs N] [--reps R]
 *                  [--browser PATH] [--hardware]
 *
 * Runs the benchmark suite (src/bench) in one load of a page in headless
 * Chromium with WebGPU, prints a table and writes the report as JSON.
 * docs/bench.md says what each figure means.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumPath } from '../../scripts/chromium.ts';
import { launchPage, loadModule } from './headless';

interface Args {
  json?: string;
  quick: boolean;
  maxRuns?: number;
  reps?: number;
}

const USAGE = `Usage:
  npm run bench -- [--quick] [--json FILE] [--max-runs N] [--reps R]
                   [--browser PATH] [--hardware]

  --quick        small N set, 3 repetitions, short repetitions: a smoke run
  --json FILE    write the full report (every sample, every parameter)
  --max-runs N   leave out the sweep's N above this (default 4,194,304)
  --reps R       timed repetitions per figure (default 5, quick 3)
  --browser PATH the Chromium-based browser to launch (sets BASINS_CHROMIUM)
  --hardware     use the machine's GPU instead of SwiftShader
                 (sets BASINS_GPU=hardware)
The default suite is documented in docs/bench.md. Exit status: 0 when the
suite ran, 1 when a peer's final positions failed the parity check, 2 on
an error.`;

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false };
  const value = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) {
      throw new Error(`${name} needs a value\n${USAGE}`);
    }
    return v;
  };
  const integer = (s: string, name: string): number => {
    const n = Number(s.replace(/[,_]/g, ''));
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`${name} must be a positive integer, got ${s}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') a.quick = true;
    else if (arg === '--hardware') process.env.BASINS_GPU = 'hardware';
    else if (arg === '--json') a.json = value(i++, arg);
    else if (arg === '--browser') process.env.BASINS_CHROMIUM = value(i++, arg);
    else if (arg === '--max-runs') a.maxRuns = integer(value(i++, arg), arg);
    else if (arg === '--reps') a.reps = integer(value(i++, arg), arg);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return a;
}

/**
 * A quiet Vite server as headless.ts starts one, with a dependency cache of
 * its own: a test run or `npm start` in the same checkout re-optimizes the
 * shared cache while they run, and the page's next import of
 * TensorFlow.js then fails with "Outdated Optimize Dep".
 */
async function startBenchServer(): Promise<ViteDevServer> {
  const server = await createServer({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    configFile: false,
    logLevel: 'error',
    cacheDir: 'node_modules/.vite-bench',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: { entries: ['src/bench/runner.html'] },
  });
  await server.listen();
  return server;
}

type Format = typeof import('../bench/format');
type Report = import('../bench/suite').BenchReport;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startBenchServer();
  try {
    const { formatReport, parityFailures } = await loadModule<Format>(
      server,
      'bench/format.ts',
    );
    const t0 = Date.now();
    const log = (line: string) => {
      const s = ((Date.now() - t0) / 1000).toFixed(0).padStart(4);
      process.stderr.write(`[bench ${s} s] ${line}\n`);
    };
    const before = loadavg();
    if (before[0]! > 0.5) {
      log(
        `warning: load average ${before[0]!.toFixed(2)}: other work on ` +
          'this machine will lower and scatter the figures',
      );
    }
    log('starting the browser');
    const { browser, page } = await launchPage(server, 'src/bench/runner.html');
    let json: string;
    try {
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      page.on('crash', () => log('the page crashed'));
      await page.exposeFunction('basinsBenchProgress', log);
      const overrides = {
        quick: args.quick,
        ...(args.maxRuns ? { maxRuns: args.maxRuns } : {}),
        ...(args.reps ? { reps: args.reps } : {}),
      };
      json = await page.evaluate((o) => window.basinsBench!.run(o), overrides);
      const parsed = JSON.parse(json) as
        Report | { error: { code: string; message: string } };
      if ('error' in parsed) {
        process.stderr.write(`${parsed.error.code}: ${parsed.error.message}\n`);
        return 2;
      }
      // the browser's own name and version, from Playwright
      parsed.environment.browser = {
        name: browser.browserType().name(),
        version: browser.version(),
        executable: chromiumPath(),
      };
      parsed.environment.loadAverage = { before, after: loadavg() };
      json = JSON.stringify(parsed, null, 2);
      process.stdout.write(`${formatReport(parsed)}\n`);
      if (args.json) {
        await writeFile(args.json, `${json}\n`);
        log(`report written to ${args.json}`);
      }
      return parityFailures(parsed).length ? 1 : 0;
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
