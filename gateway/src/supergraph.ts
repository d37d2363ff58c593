import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SUBGRAPHS = ['tickets', 'network', 'notify'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

const ROOT = path.resolve(__dirname, '..', '..');
export const sdlPath = (name: SubgraphName) => path.join(ROOT, 'services', name, 'schema.graphql');
export const SUPERGRAPH_PATH = path.join(ROOT, 'gateway', 'supergraph.graphql');

/** Composes the committed subgraph SDL; a composition error is thrown with every message. */
export function composeSupergraph(sdls: Record<SubgraphName, string>): string {
  const result = composeServices(
    SUBGRAPHS.map((name) => ({ name, typeDefs: parse(sdls[name]), url: `http://${name}.invalid/graphql` })),
  );
  if (result.errors && result.errors.length) {
    throw new Error('supergraph composition failed:\n  ' + result.errors.map((e) => e.message).join('\n  '));
  }
  return result.supergraphSdl!;
}

export function readCommittedSdls(): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPHS.map((n) => [n, fs.readFileSync(sdlPath(n), 'utf8')])) as Record<SubgraphName, string>;
}
