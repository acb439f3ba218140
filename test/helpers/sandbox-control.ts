// The Graph sandbox's control API (/_sandbox) from a test: JSON in, JSON out, a non-2xx answer
// thrown with its body, so a test that sets the sandbox up wrongly fails where it did so.
import { sandboxVariant } from './sandbox-variant';
import { createGraphSandbox, type GraphSandbox } from '../../src/sandbox';

export type Control = (method: string, route: string, body?: unknown) => Promise<any>;

export function sandboxControl(origin: string): Control {
  return async (method, route, body) => {
    const res = await fetch(`${origin}/_sandbox${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000)
    });
    // 204 (a member removed) has no body.
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (res.status >= 300) throw new Error(`${method} /_sandbox${route} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** A listening sandbox in this jest project's configuration (sandbox-variant.ts). */
export async function startVariantSandbox(): Promise<{
  sandbox: GraphSandbox;
  origin: string;
  baseUrl: string;
  control: Control;
}> {
  const sandbox = createGraphSandbox({ config: sandboxVariant().config });
  const { origin, baseUrl } = await sandbox.listen(0);
  return { sandbox, origin, baseUrl, control: sandboxControl(origin) };
}

export type SandboxCall = (
  method: string,
  path: string,
  body?: unknown,
  user?: string
) => Promise<{ status: number; json: any }>;

/**
 * Any sandbox request, answered whatever its status: `/v1.0/…` as `user` (the `sandbox.<id>`
 * token), `/_sandbox/…` without one. For tests that assert on Graph's refusals too.
 */
export function sandboxCall(origin: string, defaultUser: string): SandboxCall {
  return async (method, path, body, user = defaultUser) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: {
        ...(path.startsWith('/v1.0') ? { Authorization: `Bearer sandbox.${user}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
}

export interface VariantSandbox {
  sandbox: GraphSandbox;
  origin: string;
  baseUrl: string;
  control: Control;
}

/**
 * The describe block's sandbox (startVariantSandbox): started before its tests, closed after them,
 * and with `reset` put back to the seed before each test. Read its fields inside hooks and tests.
 */
export function useVariantSandbox(options: { reset?: boolean } = {}): VariantSandbox {
  const held = {} as VariantSandbox;
  beforeAll(async () => {
    Object.assign(held, await startVariantSandbox());
  });
  afterAll(async () => {
    await held.sandbox?.close();
  });
  if (options.reset)
    beforeEach(async () => {
      await held.control('POST', '/reset');
    });
  return held;
}
