/**
 * The one logger of the library: namespaced, silent unless debugging is on.
 * Turn it on with `enableDebug('engine,kernels')` or `enableDebug('*')`, or
 * in the page with `localStorage.basinsDebug = '*'`.
 */
export type LogSink = (namespace: string, message: string) => void;

let enabled: ReadonlySet<string> | '*' = new Set();
let sink: LogSink | null = null;

/** Enable debug output for a comma-separated list of namespaces, or '*'. */
export function enableDebug(namespaces: string, to?: LogSink): void {
  enabled =
    namespaces.trim() === '*'
      ? '*'
      : new Set(namespaces.split(',').map((s) => s.trim()));
  if (to) sink = to;
}

function isOn(ns: string): boolean {
  return enabled === '*' || enabled.has(ns);
}

/** A debug function for one namespace; the message is built only when on. */
export function logger(namespace: string): (msg: () => string) => void {
  return (msg) => {
    if (!isOn(namespace)) return;
    const text = msg();
    if (sink) sink(namespace, text);
    // The logger is the one place allowed to write to the console.
    else globalThis.console.debug(`[basins:${namespace}] ${text}`);
  };
}

try {
  const stored = globalThis.localStorage?.getItem('basinsDebug');
  if (stored) enableDebug(stored);
} catch {
  // localStorage is missing (Node) or blocked (privacy settings): stay off.
}
