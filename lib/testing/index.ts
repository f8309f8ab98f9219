/** Helpers for tests of stacks and construct libraries (`vks-bigip/testing`). */
export { Testing } from './testing';
