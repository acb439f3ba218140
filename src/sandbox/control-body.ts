// A control-API request body checked against its zod schema: 400 naming each bad field, so a test
// author sees at once what the sandbox expected. Shared by every /_sandbox route that takes a body.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { GraphError, readJsonBody } from './sandbox-http';

export async function parseControlBody<T extends z.ZodTypeAny>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const result = schema.safeParse(await readJsonBody(req));
  if (!result.success)
    throw new GraphError(
      400,
      'BadRequest',
      result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')
    );
  return result.data as z.infer<T>;
}
