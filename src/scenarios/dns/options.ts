/**
 * The dns-proxy scenario's own options (`npm run sim -- dns-proxy --world DIR --query "…"`) and
 * their JSON form, which a trace header records as options.scenario so that a replay runs the
 * same world and queries:
 *
 *   { "world"?: { "dir": DIR, "files": { "world.json": text, "<zone file>": text, … } },
 *     "queries"?: ["www.shop.test. A", "www.shop.test. A @30000", …] }
 *
 * The world travels as its files' text (not as the directory's path), so a trace replays on any
 * machine, and in the browser, which has no file system.
 */
import { z } from 'zod';
import type { OptionFiles, ScenarioConfig, ScenarioOption } from '../types.ts';
import { ScenarioConfigError } from '../types.ts';
import { loadWorldDir } from './load-dir.ts';
import { WorldError } from './master.ts';
import { formatQuery, parseQuery, type StubQuery } from './queries.ts';
import { loadWorld, type DnsWorld } from './world.ts';

export const DNS_OPTION_FLAGS: readonly ScenarioOption[] = [
  {
    name: '--world', arg: 'DIR',
    help: 'load the DNS world from DIR/world.json and the master files it names (default: the shipped world)',
    parse: (dir: string, config: ScenarioConfig, files: OptionFiles): ScenarioConfig | string => {
      try {
        return { ...config, world: { dir, files: { ...loadWorldDir(dir, files.readText, files.realPath).files } } };
      } catch (e) {
        if (e instanceof WorldError) return e.message;
        throw e;
      }
    },
  },
  {
    name: '--query', arg: '"NAME TYPE [@MS]"', repeatable: true,
    help: 'a query for the stub client, sent at virtual time MS or right after the previous answer (default: a demonstration set, or with --world every name of the world)',
    parse: (text: string, config: ScenarioConfig): ScenarioConfig | string => {
      const q = parseQuery(text);
      if (typeof q === 'string') return q;
      const before = Array.isArray(config.queries) ? config.queries : [];
      return { ...config, queries: [...before, formatQuery(q)] };
    },
  },
];

const configSchema = z.strictObject({
  world: z.strictObject({ dir: z.string(), files: z.record(z.string(), z.string()) }).optional(),
  queries: z.array(z.string()).optional(),
});

/** What a configuration sets of dnsProxyScenario's options. */
export interface DnsConfigured {
  readonly world?: DnsWorld;
  /** How the report names the world (its directory). */
  readonly worldName?: string;
  readonly queries?: readonly StubQuery[];
}

/** The options a configuration describes; throws ScenarioConfigError naming the field. */
export function dnsOptionsFromConfig(config: ScenarioConfig): DnsConfigured {
  const r = configSchema.safeParse(config);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ScenarioConfigError(issue.path.map(String).join('.'), issue.message);
  }
  const { world, queries } = r.data;
  const out: { world?: DnsWorld; worldName?: string; queries?: StubQuery[] } = {};
  if (world !== undefined) {
    try {
      out.world = loadWorld(world.files);
    } catch (e) {
      if (e instanceof WorldError) throw new ScenarioConfigError('world.files', e.message);
      throw e;
    }
    out.worldName = world.dir;
  }
  if (queries !== undefined) {
    out.queries = queries.map((text, i) => {
      const q = parseQuery(text);
      if (typeof q === 'string') throw new ScenarioConfigError(`queries.${i}`, q);
      return q;
    });
  }
  return out;
}
