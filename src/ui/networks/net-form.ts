/**
 * The network page's experiment as the form holds it (text per field, so
 * that a half-typed value stays on screen), its conversion to and from a
 * network spec, and the `?spec=` link: base64url of the spec's JSON,
 * read tolerantly (a bad link is reported, never thrown).
 */
import { OPTIMIZERS } from '../../optimizers';
import { DATASETS } from '../../nn/datasets';
import {
  resolveNetworkSpec,
  type NetworkSpec,
  type ResolvedNetworkSpec,
} from '../../nn/spec';
import { SpecError, type SpecIssue } from '../../util/errors';

/** One optimizer lane of the form. */
export interface LaneForm {
  id: string;
  lr: string;
  /** Examples per step, or "full". */
  batch: string;
  /** "replacement" (when absent) or "epochs" (src/nn/spec.ts). */
  sampling?: string;
  /** The gradient: "plain", "sam" or "asam" (src/nn/spec.ts). */
  gradient: string;
  /** SAM's radius rho (unused by the plain gradient). */
  rho: string;
  /** Adaptive SAM's eta, kept from a link (the form does not show it). */
  eta?: string;
}

/** The form: one string per field, as typed. */
export interface NetForm {
  kind: string;
  n: string;
  noise: string;
  /** Layer widths joined by "-", e.g. "2-8-8-1". */
  widths: string;
  activation: string;
  loss: string;
  l2: string;
  lanes: LaneForm[];
  runs: string;
  steps: string;
  seed: string;
}

/** Lanes the page offers (each one more pipeline to compile). */
export const MAX_LANES = 3;

/**
 * Limits of this page, below the spec's: SwiftShader trains about half a
 * million network-steps a second, and a shared link must not freeze the
 * tab for an hour.
 */
export const PAGE_LIMITS = { runs: 16_384, steps: 20_000 } as const;

/** The per-coordinate optimizers, as networks take them. */
export const NET_OPTIMIZERS = OPTIMIZERS.filter((o) => o.kind === 'coordinate');

/** The gradients a lane may take, as the form names them. */
export const NET_GRADIENTS = [
  ['plain', 'mini-batch'],
  ['sam', 'SAM'],
  ['asam', 'adaptive SAM'],
] as const;

/** The samplings a lane may take, as the form names them. */
export const NET_SAMPLING_OPTIONS = [
  ['replacement', 'with replacement'],
  ['epochs', 'by epochs'],
] as const;

/** A lane of the form with the plain gradient. */
export function plainLane(id: string, lr: string, batch: string): LaneForm {
  return { id, lr, batch, gradient: 'plain', rho: '0.05' };
}

/** Sharpness settings of the page: lambda_max and one trace probe. */
const SHARPNESS = { powerIterations: 20, probes: 1, ascentSteps: 0 };

export const DEFAULT_FORM: NetForm = {
  kind: 'moons',
  n: '200',
  noise: '0.1',
  widths: '2-8-8-1',
  activation: 'tanh',
  loss: 'bce',
  l2: '0',
  lanes: [plainLane('gd', '0.3', '16'), plainLane('adam', '0.02', '16')],
  runs: '1024',
  steps: '300',
  seed: '1',
};

/** A number from a field; empty or malformed text is NaN (refused). */
function num(s: string): number {
  return s.trim() === '' ? NaN : Number(s);
}

const WIDTHS = /^\s*\d{1,3}(\s*-\s*\d{1,3})+\s*$/;

/** The spec input of a form, and the problems found before validation. */
export function formToInput(f: NetForm): {
  input: NetworkSpec;
  issues: SpecIssue[];
} {
  const issues: SpecIssue[] = [];
  let widths = [2, 8, 8, 1];
  if (WIDTHS.test(f.widths)) widths = f.widths.split('-').map(Number);
  else {
    issues.push({
      path: 'network.widths',
      message: 'write the widths as whole numbers joined by "-", e.g. 2-8-8-1',
    });
  }
  const input = {
    version: 1,
    network: {
      dataset: { kind: f.kind, n: num(f.n), noise: num(f.noise) },
      widths,
      activation: f.activation,
      loss: f.loss,
      l2: num(f.l2),
    },
    optimizers: f.lanes.map((l) => ({
      id: l.id,
      hyper: { lr: num(l.lr) },
      batchSize: l.batch.trim() === 'full' ? 'full' : num(l.batch),
      ...(l.sampling === undefined || l.sampling === 'replacement'
        ? {}
        : { sampling: l.sampling }),
      ...(l.gradient === 'plain'
        ? {}
        : {
            gradient: {
              id: l.gradient,
              hyper: {
                rho: num(l.rho),
                ...(l.gradient === 'asam' && l.eta ? { eta: num(l.eta) } : {}),
              },
            },
          }),
    })),
    runs: num(f.runs),
    steps: num(f.steps),
    seed: num(f.seed),
    sharpness: SHARPNESS,
  };
  // the checker reports each wrong value with its path
  return { input: input as NetworkSpec, issues };
}

/** A validated spec, or every problem with the path of its field. */
export type Checked =
  | { ok: true; spec: ResolvedNetworkSpec; input: NetworkSpec }
  | { ok: false; issues: SpecIssue[] };

/** Validates a form: the spec's checker, then the page's limits. */
export function checkForm(f: NetForm): Checked {
  const { input, issues } = formToInput(f);
  try {
    const spec = resolveNetworkSpec(input);
    if (spec.runs > PAGE_LIMITS.runs) {
      issues.push({
        path: 'runs',
        message: `this page trains at most ${PAGE_LIMITS.runs} networks per lane`,
      });
    }
    if (spec.steps > PAGE_LIMITS.steps) {
      issues.push({
        path: 'steps',
        message: `this page takes at most ${PAGE_LIMITS.steps} steps`,
      });
    }
    if (spec.optimizers.length > MAX_LANES) {
      issues.push({
        path: 'optimizers',
        message: `this page compares at most ${MAX_LANES} optimizers`,
      });
    }
    return issues.length ? { ok: false, issues } : { ok: true, spec, input };
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return { ok: false, issues: [...issues, ...e.issues] };
  }
}

/** The form of a validated spec. */
export function formOf(spec: ResolvedNetworkSpec): NetForm {
  const d = spec.dataset;
  return {
    kind: d.kind,
    n: String(d.n),
    noise: String(d.noise),
    widths: spec.shape.widths.join('-'),
    activation: spec.shape.activation,
    loss: spec.shape.loss,
    l2: String(spec.shape.l2),
    lanes: spec.optimizers.slice(0, MAX_LANES).map((o) => ({
      id: o.def.id,
      lr: String(o.hyper.lr),
      batch: o.fullBatch ? 'full' : String(o.batchSize),
      ...(o.sampling === 'epochs' ? { sampling: o.sampling } : {}),
      gradient: o.sam ? o.oracle.id : 'plain',
      rho: String(o.sam?.rho ?? 0.05),
      ...(o.sam?.adaptive ? { eta: String(o.sam.eta) } : {}),
    })),
    runs: String(spec.runs),
    steps: String(spec.steps),
    seed: String(spec.seed),
  };
}

/** The default loss of a dataset kind (regressions take mse). */
export function lossFor(kind: string): string {
  const info = (DATASETS as Record<string, { task: string } | undefined>)[kind];
  return info?.task === 'regression' ? 'mse' : 'bce';
}

// ------------------------------------------------------------ the link

/** Longest `spec` value read from a link. */
const MAX_LINK = 8_000;

/** `?spec=` of a spec input: base64url of its JSON, UTF-8. */
export function specToLink(input: NetworkSpec): string {
  const bytes = new TextEncoder().encode(JSON.stringify(input));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = btoa(bin)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `?spec=${b64}`;
}

/** What a link held: nothing, the parsed JSON, or why it is unreadable. */
export type LinkContent =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'bad'; reason: string };

/** Reads `spec` from a query string; never throws. */
export function specFromLink(search: string): LinkContent {
  const raw = new URLSearchParams(search).get('spec');
  if (raw === null) return { kind: 'none' };
  if (raw.length > MAX_LINK) {
    return {
      kind: 'bad',
      reason: `the spec is ${raw.length} characters long; at most ${MAX_LINK}`,
    };
  }
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(raw)) {
    return {
      kind: 'bad',
      reason: 'the spec is not base64url text (A-Z, a-z, 0-9, "-" and "_")',
    };
  }
  try {
    const b64 = raw.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return {
      kind: 'bad',
      reason: 'the spec does not decode to JSON text',
    };
  }
}
