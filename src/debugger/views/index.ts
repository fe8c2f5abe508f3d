/** The debugger's view-models: what every panel renders. Framework-free. */
export * from './log.ts';
export * from './tree.ts';
export * from './graph.ts';
export * from './sequence.ts';
export * from './why.ts';
export * from './inspector.ts';
export * from './markers.ts';
