// The GraphRequestError a Graph client call rejects with (failing the test if it resolves, or
// rejects with anything else), for asserting its code, status and Graph code.
import { GraphRequestError } from '../../src/core/errors';

export async function graphRejection(promise: Promise<unknown>): Promise<GraphRequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(GraphRequestError);
  return err as GraphRequestError;
}
