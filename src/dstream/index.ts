export { DStream } from './dstream.ts';
export { DStreamGraph, type GraphState, type LineWriter } from './dstream-graph.ts';
export { DStreamNode } from './dstream-node.ts';
export { type GraphOwner, InputDStream } from './input-dstream.ts';
export type { Job } from './job.ts';
export type { StreamingContextApi } from './streaming-context-api.ts';
export { TransformedDStream } from './transformed-dstream.ts';
export { UnionDStream } from './union-dstream.ts';
