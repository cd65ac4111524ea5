export * from './errors';
export * from './api';
export * from './ipc';
export * from './profile';
export * from './names';
export * from './mediaTypes';
export * from './permissions';
export * from './domain';
