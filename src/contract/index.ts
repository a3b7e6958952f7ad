export * from './errors.ts';
export * from './events.ts';
export * from './images.ts';
export * from './models.ts';
export * from './requests.ts';
export * from './sizes.ts';
export * from './tokens.ts';
export * from './config.ts';
