/** Public surface of the graph format. Pure: safe in workers and Node. */
export * from './capacity.ts';
export * from './migrate.ts';
export * from './model.ts';
export * from './schema.ts';
export * from './validate.ts';
