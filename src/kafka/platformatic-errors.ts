import { KafkaClientError } from './kafka-errors.ts';

/** Runs a client call; its failure becomes a {@link KafkaClientError} naming the operation. */
export async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof KafkaClientError ? error : new KafkaClientError(operation, error);
  }
}

/** Whether the broker answered that a topic or partition does not exist. */
export function isUnknownTopic(error: unknown): boolean {
  return (
    hasProtocolError(error, 'UNKNOWN_TOPIC_OR_PARTITION') ||
    hasProtocolError(error, 'UNKNOWN_TOPIC_ID') ||
    // The client's metadata call turns the broker's answer into its own error with this message.
    (error instanceof Error && /^Unknown topic /.test(error.message)) ||
    (error instanceof Error && isUnknownTopic(error.cause))
  );
}

/** Whether the error, or one nested in it, is the broker's error `apiId`. */
export function hasProtocolError(error: unknown, apiId: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  if ((error as { apiId?: unknown }).apiId === apiId) return true;
  const { errors, cause } = error as { errors?: unknown; cause?: unknown };
  if (Array.isArray(errors) && errors.some((e) => hasProtocolError(e, apiId))) return true;
  return cause !== undefined && cause !== error && hasProtocolError(cause, apiId);
}
