/**
 * The layers `npm run verify` reports on, in order, and which layer a model, an application or
 * a mutated source file belongs to. The manifest's "apps" models are split by application (by
 * the spec they check); models that concern all applications stay under "apps".
 */
import { APP_SIMULATIONS } from '../apps/registry.ts';

export const LAYERS = ['global', 'wor', 'wos', 'wormpaxos', 'wormlog', 'wormtx', 'wormcounter', 'apps'] as const;
export type Layer = string;

/**
 * knownLayers: LAYERS and every registered application (an application `new-app` generated is a
 * layer of its own: its models carry its name as their layer), for `verify --layer`.
 */
export function knownLayers(): string[] {
  return orderLayers([...LAYERS, ...Object.keys(APP_SIMULATIONS)]);
}

const APP_OF_SPEC: [RegExp, string][] = [
  [/WormPaxos|ReplicatedLog/, 'wormpaxos'],
  [/WormLog|SharedLog/, 'wormlog'],
  [/WormTX|TCommit/, 'wormtx'],
  [/WormCounter/, 'wormcounter'],
];

/** layerOfModel: the manifest's layer, with "apps" refined to the application the spec is about. */
export function layerOfModel(entry: { spec: string; layer?: string }): Layer {
  const layer = entry.layer ?? 'other';
  if (layer !== 'apps') return layer;
  for (const [re, app] of APP_OF_SPEC) if (re.test(entry.spec)) return app;
  return 'apps';
}

/** layerOfSource: the layer a mutated file belongs to (src/core: the register and segment protocol). */
export function layerOfSource(path: string): Layer {
  const p = path.replace(/\\/g, '/');
  const app = /src\/apps\/([^/]+)\//.exec(p);
  if (app) return app[1]!;
  if (/src\/core\/proposer\/(range-ops|trim-op|chain-op)\.ts$/.test(p)) return 'wos';
  if (/src\/core\//.test(p)) return 'wor';
  return 'other';
}

/** orderLayers sorts layer names in report order (unknown layers last, by name). */
export function orderLayers(names: Iterable<string>): string[] {
  const rank = (n: string) => {
    const i = (LAYERS as readonly string[]).indexOf(n);
    return i < 0 ? LAYERS.length : i;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
