/**
 * A deep copy of collected output that keeps each object's prototype (class instances stay instances of
 * their class) and copies arrays, Maps, Sets and Dates, so a later batch that mutates an object in place
 * (a state value, say) cannot change what an earlier batch returned — as Spark's `collect` copies by
 * serialising. Functions and other opaque values are kept as they are.
 */
export function snapshot<T>(value: T, seen = new Map<object, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    seen.set(value, copy);
    for (let i = 0; i < value.length; i++) copy[i] = snapshot(value[i], seen);
    return copy as T;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(snapshot(k, seen), snapshot(v, seen));
    return copy as T;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const v of value) copy.add(snapshot(v, seen));
    return copy as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Promise) return value;
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string | symbol, unknown>;
  seen.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined) continue;
    if ('value' in descriptor) descriptor.value = snapshot(descriptor.value, seen);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy as T;
}
