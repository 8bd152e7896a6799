// The core tests use the local bus's manual clock: one implementation of moving time.
export { ManualClock } from '../../dev/localBus/manualClock.js';
