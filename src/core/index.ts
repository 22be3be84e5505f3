export { appendOnlyMapOrder, fixedAppendOnlyMapOrder, inAppendOnlyMapOrder } from './append-only-map-order.ts';
export { type Clock, ManualClock, SystemClock } from './clock.ts';
export { cloneZero } from './clone-zero.ts';
export {
  BatchFailedError,
  describe,
  EmptyDatasetError,
  GraphValidationError,
  IllegalStateError,
  InvalidArgumentError,
  InvalidDurationError,
  MissingDatasetError,
  SluiceError,
  UserFunctionError,
} from './errors.ts';
export { formatRecord } from './format-record.ts';
export {
  hashKey,
  hashString,
  type Key,
  keyId,
  keysEqual,
  nonNegativeMod,
} from './hash.ts';
export { byteswap32, JavaRandom } from './java-random.ts';
export { type Comparator, compareKeys } from './ordering.ts';
export { Duration, requirePositiveDuration, Time } from './time.ts';
export { XORShiftRandom } from './xorshift-random.ts';
