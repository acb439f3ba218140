// Every test file runs with the internet switched off: only loopback (our own server under test,
// the Graph sandbox) may be reached. Entra ID and Graph are intercepted with nock per test.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));

afterEach(() => {
  nock.cleanAll();
});

// jest gives each test file a fresh module registry, but nock's interception of http and fetch
// is process-wide: a previous file's nock instance would keep intercepting (with its own empty
// interceptor list) and refuse requests meant for this file's interceptors. Unhook at the end.
afterAll(() => {
  nock.restore();
});
