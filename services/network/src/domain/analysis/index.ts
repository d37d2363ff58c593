export { compileNetwork } from './compile';
export type { CompiledNetwork, CompileOptions, NodePersonsInput } from './compile';
export { buildSegments } from './segments';
export type { Segments } from './segments';
export { buildSupplyTree } from './supply-tree';
export type { SupplyTree } from './supply-tree';
export { NetworkAnalyzer } from './analyzer';
export type { IsolationPlan, IsolationOptions, ClosureImpact, CriticalSegment, Growth } from './analyzer';
