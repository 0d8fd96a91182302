/**
 * npm run experiment -- SPEC.json [--json] [--no-runs] [--reference]
 * npm run experiment -- --list [--json]
 *
 * Runs a spec headless in Chromium through the same engine as the page and
 * prints a readable summary, or the results as JSON.
 */
import { readFile } from 'node:fs/promises';
import { launchPage, loadModule, startServer } from './headless';

interface Args {
  spec?: string;
  json: boolean;
  perRun: boolean;
  list: boolean;
  reference: boolean;
}

const USAGE = `Usage:
  npm run experiment -- SPEC.json [--json] [--no-runs] [--reference]
  npm run experiment -- --list [--json]

  --json        print the results (or the list) as JSON
  --no-runs     leave per-run arrays and trajectories out of the JSON
  --reference   run the Float64 reference engine on the CPU instead
  --list        list landscapes, optimizers and schedules
Environment: BASINS_CHROMIUM (browser path), BASINS_GPU=hardware (use the
machine's GPU instead of SwiftShader).`;

function parseArgs(argv: string[]): Args {
  const a: Args = {
    json: false,
    perRun: true,
    list: false,
    reference: false,
  };
  for (const arg of argv) {
    if (arg === '--json') a.json = true;
    else if (arg === '--no-runs') a.perRun = false;
    else if (arg === '--list') a.list = true;
    else if (arg === '--reference') a.reference = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    } else if (a.spec) throw new Error(`one spec file only\n${USAGE}`);
    else a.spec = arg;
  }
  if (!a.list && !a.spec) throw new Error(`no spec file given\n${USAGE}`);
  return a;
}

type Catalog = typeof import('./catalog');
type Validate = typeof import('../spec/validate');
type Serialize = typeof import('../engine/serialize');
type Summary = typeof import('../engine/summary');
type Reference = typeof import('../reference/engine');
type NetSpec = typeof import('../nn/spec');
type NetCli = typeof import('../nn/cli');

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startServer();
  try {
    if (args.list) {
      const { catalog } = await loadModule<Catalog>(server, 'cli/catalog.ts');
      const c = catalog();
      if (args.json) process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
      else {
        const out = ['Landscapes:'];
        for (const l of c.landscapes)
          out.push(`  ${l.id.padEnd(18)} ${l.name}`);
        out.push('Optimizers:');
        for (const o of c.optimizers) {
          out.push(`  ${o.id.padEnd(18)} ${o.name} (${o.family})`);
        }
        out.push('Gradients (under any optimizer):');
        for (const g of c.gradients) {
          out.push(`  ${g.id.padEnd(18)} ${g.name}`);
        }
        out.push(`Schedules: ${Object.keys(c.schedules).join(', ')}`);
        process.stdout.write(`${out.join('\n')}\n`);
      }
      return 0;
    }

    const text = await readFile(args.spec!, 'utf8');
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new Error(
        `${args.spec} is not valid JSON: ${(e as Error).message}`,
        { cause: e },
      );
    }
    // Validate in Node first: a bad spec needs no browser.
    const netSpec = await loadModule<NetSpec>(server, 'nn/spec.ts');
    const netCli = netSpec.isNetworkSpec(input)
      ? await loadModule<NetCli>(server, 'nn/cli.ts')
      : null;
    const { resolveSpec } = await loadModule<Validate>(
      server,
      'spec/validate.ts',
    );
    const spec = netCli ? null : resolveSpec(input);
    if (netCli) netSpec.resolveNetworkSpec(input);
    const { summarize } = await loadModule<Summary>(
      server,
      'engine/summary.ts',
    );

    let json: string;
    if (args.reference && netCli) {
      json = netCli.runNetworkSpecReference(input, args.perRun);
    } else if (args.reference && spec) {
      const { runReference } = await loadModule<Reference>(
        server,
        'reference/engine.ts',
      );
      const { resultsToJson } = await loadModule<Serialize>(
        server,
        'engine/serialize.ts',
      );
      json = JSON.stringify(resultsToJson(runReference(spec), args.perRun));
    } else {
      const { browser, page } = await launchPage(server, 'src/cli/runner.html');
      try {
        json = await page.evaluate(
          ([s, perRun]) => window.basins!.run(s, perRun),
          [input, args.json && args.perRun] as const,
        );
      } finally {
        await browser.close();
      }
    }
    const parsed = JSON.parse(json) as
      | { error: { code: string; message: string } }
      | Parameters<Summary['summarize']>[0]
      | Parameters<NetCli['summarizeNetworks']>[0];
    if ('error' in parsed) {
      process.stderr.write(`${parsed.error.code}: ${parsed.error.message}\n`);
      return 1;
    }
    if (args.json) process.stdout.write(`${JSON.stringify(parsed)}\n`);
    else if (netCli) {
      const r = parsed as Parameters<NetCli['summarizeNetworks']>[0];
      process.stdout.write(`${netCli.summarizeNetworks(r)}\n`);
    } else {
      const r = parsed as Parameters<Summary['summarize']>[0];
      process.stdout.write(`${summarize(r)}\n`);
    }
    return 0;
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
