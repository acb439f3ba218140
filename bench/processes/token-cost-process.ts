// Scenario "token cost" of `npm run bench`: what Entra ID sees when people press Post. The OBO
// provider of Teams mode (built code: buildMsalConfig + createSharedTokenCache +
// createOboTokenProvider), with msal-node's network module being the bot's own
// (createMsalNetworkClient) over a fetch that answers the token endpoint locally: a JSON
// on-behalf-of response with an id_token for the person, expires_in 3600. Every submit goes
// through resolveUserToken(provider, user, ssoToken), the function the card path uses.
// A process of its own so that msal's caches start empty each run; prints one JSON line.
import { performance } from 'node:perf_hooks';
import { tokenCode } from '../built-code';
import { quantile } from '../stats';

const {
  GRAPH_SCOPES,
  createLogger,
  buildMsalConfig,
  createSharedTokenCache,
  createMsalNetworkClient,
  createOboTokenProvider,
  resolveUserToken
} = tokenCode();

const TENANT_ID = '8c2e3f51-6a4b-4d2e-9f3a-1b2c3d4e5f60';
const CLIENT_ID = '1f0e9d8c-7b6a-4e5d-8c4b-3a2918171615';
const BOT_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const AUTHORITY_HOST = 'https://login.microsoftonline.com';
const TOKEN_ENDPOINT = `${AUTHORITY_HOST}/${TENANT_ID}/oauth2/v2.0/token`;
const PEOPLE = 10;
const SUBMITS = 1000;
const CACHED_SUBMITS = 500;

interface Person {
  aadObjectId: string;
  tenantId: string;
  name: string;
  mail: string;
}

export interface TokenRun {
  submits: number;
  people: number;
  tokenRequests: number;
  otherEntraRequests: number;
  wallMsPerSubmit: number;
  cachedMsP50: number;
  cachedMsP99: number;
}

export interface TokenCostOutput {
  rounds: TokenRun;
  doublePress: TokenRun;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: object) => `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}.bench-signature-not-checked`;
const json = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function person(i: number): Person {
  const n = String(i + 1).padStart(12, '0');
  return {
    aadObjectId: `00000000-0000-4000-8000-${n}`,
    tenantId: TENANT_ID,
    name: `Person ${i + 1}`,
    mail: `person${i + 1}@contoso.test`
  };
}

function ssoTokenFor(p: Person): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt({
    aud: `api://botid-${BOT_ID}`,
    iss: `${AUTHORITY_HOST}/${TENANT_ID}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    oid: p.aadObjectId,
    tid: TENANT_ID,
    scp: 'access_as_user',
    name: p.name
  });
}

function oboResponse(p: Person): object {
  const now = Math.floor(Date.now() / 1000);
  const idToken = jwt({
    aud: CLIENT_ID,
    iss: `${AUTHORITY_HOST}/${TENANT_ID}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    oid: p.aadObjectId,
    sub: `sub-${p.aadObjectId}`,
    tid: TENANT_ID,
    name: p.name,
    preferred_username: p.mail,
    ver: '2.0'
  });
  return {
    token_type: 'Bearer',
    scope: GRAPH_SCOPES.join(' '),
    expires_in: 3600,
    ext_expires_in: 3600,
    access_token: `graph-token-for-${p.aadObjectId}-${Math.random().toString(36).slice(2)}`,
    refresh_token: `refresh-${p.aadObjectId}`,
    id_token: idToken,
    client_info: b64url({ uid: p.aadObjectId, utid: TENANT_ID })
  };
}

/** The `oid` claim of a JWT, unverified (the local token endpoint only needs to know who asks). */
function oidOf(assertion: string): unknown {
  const payload = Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString();
  const claims: unknown = JSON.parse(payload || '{}');
  return typeof claims === 'object' && claims !== null ? (claims as { oid?: unknown }).oid : undefined;
}

async function run(order: 'rounds' | 'double-press'): Promise<TokenRun> {
  const people = Array.from({ length: PEOPLE }, (_, i) => person(i));
  const byOid = new Map(people.map((p) => [p.aadObjectId, p]));
  const counts = { token: 0, other: 0 };

  const localEntra = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.split('?')[0] !== TOKEN_ENDPOINT) return json(404, { error: 'not_found' });
    const form = new URLSearchParams(String(init?.body ?? ''));
    const oid = oidOf(form.get('assertion') ?? '');
    const p = typeof oid === 'string' ? byOid.get(oid) : undefined;
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !p)
      return json(400, { error: 'invalid_grant' });
    return json(200, oboResponse(p));
  };
  const network = createMsalNetworkClient({
    fetch: localEntra,
    onRequest: (url: string) => (url.split('?')[0] === TOKEN_ENDPOINT ? counts.token++ : counts.other++)
  });
  const aad = { clientId: CLIENT_ID, clientSecret: 'bench-secret', tenantId: TENANT_ID, authorityHost: AUTHORITY_HOST };
  const provider = createOboTokenProvider(
    buildMsalConfig(aad, createSharedTokenCache(), network),
    GRAPH_SCOPES,
    createLogger('silent')
  );
  const sso = new Map(people.map((p) => [p.aadObjectId, ssoTokenFor(p)]));
  const resolve = (p: Person) =>
    resolveUserToken(provider, { aadObjectId: p.aadObjectId, tenantId: p.tenantId }, sso.get(p.aadObjectId));

  const times: number[] = [];
  const submit = async (p: Person) => {
    const t0 = performance.now();
    const token = await resolve(p);
    times.push(performance.now() - t0);
    if (!token.startsWith(`graph-token-for-${p.aadObjectId}`)) throw new Error(`wrong token for ${p.aadObjectId}`);
  };
  const t0 = performance.now();
  if (order === 'rounds') {
    // Each person presses Post 100 times, one after the other; the 10 people at the same time.
    for (let round = 0; round < SUBMITS / PEOPLE; round++) await Promise.all(people.map(submit));
  } else {
    // Everyone's first press arrives twice at the same moment (a double click): nothing cached yet.
    await Promise.all(people.flatMap((p) => [submit(p), submit(p)]));
  }
  const wallMs = performance.now() - t0;
  const tokenRequests = counts.token;
  // Then one at a time, every token cached: what a submit pays for its token, without queueing.
  const single: number[] = [];
  for (let i = 0; i < CACHED_SUBMITS; i++) {
    const t1 = performance.now();
    await resolve(people[i % PEOPLE]);
    single.push(performance.now() - t1);
  }
  return {
    submits: times.length,
    people: PEOPLE,
    tokenRequests,
    otherEntraRequests: counts.other,
    wallMsPerSubmit: wallMs / times.length,
    cachedMsP50: quantile(single, 0.5),
    cachedMsP99: quantile(single, 0.99)
  };
}

(async () => {
  const output: TokenCostOutput = { rounds: await run('rounds'), doublePress: await run('double-press') };
  process.stdout.write(`${JSON.stringify(output)}\n`);
})().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
