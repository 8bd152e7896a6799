/** The time, asked for rather than read, so tests and the local bus can move it. */
export interface Clock {
  now(): Date;
}
