export type { Principal } from './principal';
export type { TokenVerifier } from './tokenVerifier';
export { systemClock, type Clock } from './clock';
