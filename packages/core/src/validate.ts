import { invalidArgument } from './errors.js';
import type { Operation } from './types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(operation: Operation, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !uuid.test(value)) throw invalidArgument(operation, name, `must be a UUID, got ${JSON.stringify(value)}`);
}

export function checkPlatformKey(operation: Operation, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^[a-z]{4}$/.test(value)) {
    throw invalidArgument(operation, 'platformKey', `must be four lower-case letters, got ${JSON.stringify(value)}`);
  }
}

export function checkInteger(operation: Operation, name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(operation, name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}
