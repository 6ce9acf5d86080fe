/** Hyperparameter sweeps, pure: the config schema, trial generation, and the successive-halving scheduler. */
export * from './schema';
export * from './generate';
export * from './halving';
