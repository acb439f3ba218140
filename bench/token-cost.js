// Scenario 4 of `npm run bench`: what Entra ID sees when people press Post. The OBO provider of
// Teams mode (built code: buildMsalConfig + createSharedTokenCache + createOboTokenProvider), with
// msal-node's network module being the bot's own (createMsalNetworkClient) over a fetch that
// answers the token endpoint locally: a JSON on-behalf-of response with an id_token for the
// person, expires_in 3600. Every submit goes through resolveUserToken(provider, user, ssoToken),
// the function the card path uses. Prints one JSON line.
'use strict';
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const DIST = path.join(__dirname, '..', 'dist', 'src');
const { GRAPH_SCOPES } = require(path.join(DIST, 'config'));
const { createLogger } = require(path.join(DIST, 'logger'));
const { buildMsalConfig } = require(path.join(DIST, 'auth', 'msal-config'));
const { createSharedTokenCache } = require(path.join(DIST, 'auth', 'shared-token-cache'));
const { createMsalNetworkClient } = require(path.join(DIST, 'auth', 'msal-network-client'));
const { createOboTokenProvider } = require(path.join(DIST, 'auth', 'obo-token-provider'));
const { resolveUserToken } = require(path.join(DIST, 'auth', 'resolve-user-token'));

const TENANT_ID = '8c2e3f51-6a4b-4d2e-9f3a-1b2c3d4e5f60';
const CLIENT_ID = '1f0e9d8c-7b6a-4e5d-8c4b-3a2918171615';
const BOT_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const AUTHORITY_HOST = 'https://login.microsoftonline.com';
const PEOPLE = 10;
const SUBMITS = 1000;

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const jwt = (claims) => `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}.bench-signature-not-checked`;

function person(i) {
  const n = String(i + 1).padStart(12, '0');
  return { aadObjectId: `00000000-0000-4000-8000-${n}`, tenantId: TENANT_ID, name: `Person ${i + 1}`, mail: `person${i + 1}@contoso.test` };
}

function ssoTokenFor(p) {
  const now = Math.floor(Date.now() / 1000);
  return jwt({ aud: `api://botid-${BOT_ID}`, iss: `${AUTHORITY_HOST}/${TENANT_ID}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid: p.aadObjectId, tid: TENANT_ID, scp: 'access_as_user', name: p.name });
}

function oboResponse(p) {
  const now = Math.floor(Date.now() / 1000);
  const idToken = jwt({ aud: CLIENT_ID, iss: `${AUTHORITY_HOST}/${TENANT_ID}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid: p.aadObjectId, sub: `sub-${p.aadObjectId}`, tid: TENANT_ID, name: p.name, preferred_username: p.mail, ver: '2.0' });
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

async function run(order) {
  const people = Array.from({ length: PEOPLE }, (_, i) => person(i));
  const byOid = new Map(people.map((p) => [p.aadObjectId, p]));
  const counts = { token: 0, other: 0 };
  const tokenEndpoint = `${AUTHORITY_HOST}/${TENANT_ID}/oauth2/v2.0/token`;

  const localEntra = async (url, init) => {
    if (url.split('?')[0] !== tokenEndpoint) return new Response('{"error":"not_found"}', { status: 404, headers: { 'content-type': 'application/json' } });
    const form = new URLSearchParams(String(init?.body ?? ''));
    const assertion = form.get('assertion') ?? '';
    const oid = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString() || '{}').oid;
    const p = byOid.get(oid);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !p) {
      return new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify(oboResponse(p)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const network = createMsalNetworkClient({
    fetch: localEntra,
    onRequest: (url) => (url.split('?')[0] === tokenEndpoint ? counts.token++ : counts.other++)
  });
  const aad = { clientId: CLIENT_ID, clientSecret: 'bench-secret', tenantId: TENANT_ID, authorityHost: AUTHORITY_HOST };
  const provider = createOboTokenProvider(buildMsalConfig(aad, createSharedTokenCache(), network), GRAPH_SCOPES, createLogger('silent'));
  const sso = new Map(people.map((p) => [p.aadObjectId, ssoTokenFor(p)]));

  const times = [];
  const submit = async (p) => {
    const t0 = performance.now();
    const token = await resolveUserToken(provider, { aadObjectId: p.aadObjectId, tenantId: p.tenantId }, sso.get(p.aadObjectId));
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
  const requestsAfter = counts.token;
  // Then one at a time, every token cached: what a submit pays for its token, without queueing.
  const single = [];
  for (let i = 0; i < 500; i++) {
    const p = people[i % PEOPLE];
    const t1 = performance.now();
    await resolveUserToken(provider, { aadObjectId: p.aadObjectId, tenantId: p.tenantId }, sso.get(p.aadObjectId));
    single.push(performance.now() - t1);
  }
  single.sort((a, b) => a - b);
  const q = (xs, p) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
  return {
    submits: times.length,
    people: PEOPLE,
    tokenRequests: requestsAfter,
    otherEntraRequests: counts.other,
    wallMsPerSubmit: wallMs / times.length,
    cachedMsP50: q(single, 0.5),
    cachedMsP99: q(single, 0.99)
  };
}

(async () => {
  const rounds = await run('rounds');
  const doublePress = await run('double-press');
  process.stdout.write(`${JSON.stringify({ rounds, doublePress })}\n`);
})().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
