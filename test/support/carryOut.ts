import { expect } from 'vitest';
import type { TestBroker } from './testBroker.js';

/** Submits, approves and runs a request to its end; returns the final request with its history. */
export async function carryOut(broker: TestBroker, target: string, operations: unknown[]) {
  const submitted = await broker.submit({ target, operations, justification: 'integration test' });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(202);
  const approved = await broker.approve(submitted.json.id);
  expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  await broker.run();
  return (await broker.get(submitted.json.id)).json;
}

export const eventTypes = (request: { history: Array<{ type: string }> }): string[] =>
  request.history.map((e) => e.type);
