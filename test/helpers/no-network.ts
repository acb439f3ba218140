// Every test file runs with the internet switched off: only loopback (our own server under test,
// the Graph sandbox) may be reached. Entra ID and Graph are intercepted with nock per test.
import nock from 'nock';

// nock hooks http and fetch process-wide the moment it is imported, and jest gives each test file
// a fresh nock: a hook left behind by one file keeps answering (with that file's empty list of
// interceptors) for the next, which then gets 500s. jest runs no hooks at all in a file whose
// tests are all skipped, so an `afterAll` alone cannot undo the import. Hence: undo the import's
// hook at once, hook in `beforeAll`, unhook in `afterAll`; a skipped file never hooks.
nock.restore();

nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.restore();
});
