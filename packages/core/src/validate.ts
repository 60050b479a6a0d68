import { failure } from './errors.js';
import type { Operation } from './types.js';

/** A non-empty string. */
export const isText = (value: unknown): value is string => typeof value === 'string' && !!value;

const uuid = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i;

/** Fails with `invalid_argument`, naming the argument, what it must be and what it was, unless `valid`. */
export function check(operation: Operation, name: string, value: unknown, valid: boolean, expected: string): void {
  if (!valid) throw failure('invalid_argument', operation, `\`${name}\` must be ${expected}, got ${JSON.stringify(value)}`);
}

export function checkUuid(operation: Operation, name: string, value: unknown): void {
  check(operation, name, value, typeof value === 'string' && uuid.test(value), 'a UUID');
}

export function checkPlatformKey(operation: Operation, value: unknown): void {
  check(operation, 'platformKey', value, typeof value === 'string' && /^[a-z]{4}$/.test(value), 'four lower-case letters');
}

/** `undefined` passes: the argument is optional. */
export function checkInteger(operation: Operation, name: string, value: unknown, min: number, max: number): void {
  check(
    operation,
    name,
    value,
    value === undefined || (Number.isInteger(value) && (value as number) >= min && (value as number) <= max),
    `a whole number from ${min} to ${max}`,
  );
}
