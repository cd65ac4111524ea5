export * from './errors';
export * from './api';
export * from './ipc';
export * from './profile';
