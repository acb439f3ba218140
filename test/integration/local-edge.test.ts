// Local mode from a web page (issue 13): the anonymous bot binds to 127.0.0.1, but a page open in
// the person's browser can still reach it, with DNS rebinding (evil.example.test → 127.0.0.1) even
// read the answers. So local mode answers only a loopback Host on its own port with no Origin, and
// only activities whose serviceUrl is loopback (it POSTs its replies there). And the HTTP server
// itself: slow clients are cut off and connections capped, whatever the mode.
import http from 'node:http';
import net from 'node:net';
import nock from 'nock';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { PLAYGROUND_SERVICE_URL } from '../helpers/bot-framework-auth';
import { fixture } from '../helpers/fixtures';

interface Answer {
  status: number;
  body: any;
}

/** A request with exactly these headers (fetch may not set Host; node:http may). */
function request(bot: TestBot, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const { port } = new URL(bot.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers }
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const ownPort = (bot: TestBot) => new URL(bot.url).port;

/** `help`, answered in the HTTP response: what a rebinding page would post and read back. */
const help = (serviceUrl = PLAYGROUND_SERVICE_URL) =>
  fixture('message-new', (a) => {
    a.text = 'help';
    a.deliveryMode = 'expectReplies';
    a.serviceUrl = serviceUrl;
  });

describe('Local mode answers local tools only (Host and Origin)', () => {
  const bot = useTestBot();

  it('a DNS-rebinding request (Host: evil.example.test:PORT) → 403, and no activity is processed', async () => {
    const res = await request(bot, 'POST', '/api/messages', { host: `evil.example.test:${ownPort(bot)}` }, help());
    expect(res).toEqual({ status: 403, body: { error: 'host_not_loopback', message: expect.any(String) } });
    expect(bot.logs.some((l) => l.includes('activity received'))).toBe(false);
    expect(bot.logs.some((l) => l.includes('refused: not a local tool'))).toBe(true);
    // Every route, not only the activities: the pages and /healthz are not read by a page either.
    for (const path of ['/healthz', '/privacy', '/nowhere']) {
      expect((await request(bot, 'GET', path, { host: `evil.example.test:${ownPort(bot)}` })).status).toBe(403);
    }
  });

  it('a loopback name with another port, or none, → 403 (a request meant for another server)', async () => {
    for (const host of ['127.0.0.1:1', 'localhost', `127.0.0.2:${ownPort(bot)}`]) {
      expect([host, (await request(bot, 'POST', '/api/messages', { host }, help())).status]).toEqual([host, 403]);
    }
  });

  it('any Origin → 403, a loopback one too (a page on another local port is still a page)', async () => {
    for (const origin of ['http://evil.example.test', `http://127.0.0.1:${ownPort(bot)}`, 'null']) {
      const res = await request(bot, 'POST', '/api/messages', { host: `127.0.0.1:${ownPort(bot)}`, origin }, help());
      expect([origin, res.status, res.body?.error]).toEqual([origin, 403, 'origin_present']);
    }
    expect(bot.logs.some((l) => l.includes('activity received'))).toBe(false);
  });

  it('a local tool is answered: 127.0.0.1, localhost and [::1] with the own port, no Origin', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
      const res = await request(bot, 'POST', '/api/messages', { host: `${name}:${ownPort(bot)}` }, help());
      expect([name, res.status]).toEqual([name, 200]);
      expect(res.body.activities).toHaveLength(1);
    }
  });
});

describe('Local mode sends replies to a loopback serviceUrl only (no blind SSRF)', () => {
  const bot = useTestBot();

  it('an activity with serviceUrl http://169.254.169.254/ → 403, and nothing is POSTed there', async () => {
    const metadata = nock('http://169.254.169.254').persist().post(/.*/).reply(200, { id: 'x' });
    // Not expectReplies: the bot would POST its answer to the serviceUrl.
    const activity = fixture('message-new', (a) => {
      a.text = 'help';
      a.serviceUrl = 'http://169.254.169.254/';
    });
    const res = await bot.post('/api/messages', activity);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'service_url_not_loopback', message: expect.any(String) });
    // A reply would have been sent before the 200 (botbuilder awaits it within the turn).
    expect(metadata.isDone()).toBe(false);
  });

  it('the Agents Playground connector (loopback) gets the reply', async () => {
    const connector = nock(PLAYGROUND_SERVICE_URL)
      .post(/\/v3\/conversations\/.+\/activities/)
      .reply(200, { id: 'r1' });
    const activity = fixture('message-new', (a) => {
      a.text = 'help';
      a.serviceUrl = PLAYGROUND_SERVICE_URL;
    });
    expect((await bot.post('/api/messages', activity)).status).toBe(200);
    expect(connector.isDone()).toBe(true);
  });
});

describe('Teams mode is public: its Host is the bot domain, any Host is answered (the JWT guards it)', () => {
  const bot = useTestBot({ teams: true });

  it('GET /healthz with the public host name → 200', async () => {
    expect((await request(bot, 'GET', '/healthz', { host: 'gcbot.example.test' })).status).toBe(200);
  });
});

/** Resolves with what the server wrote before it closed the socket (or rejects after `ms`). */
function closedWithin(socket: net.Socket, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const timer = setTimeout(() => reject(new Error(`the server kept the connection open for ${ms} ms`)), ms);
    socket.on('data', (c: Buffer) => (received += c.toString()));
    socket.on('error', () => undefined); // a reset is a close too
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

// Every raw socket a test opened, destroyed after it: one the server failed to close would
// otherwise keep the bot from stopping (server.close waits for its connections).
const sockets: net.Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

function connect(bot: TestBot): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(ownPort(bot)), '127.0.0.1', () => resolve(socket));
    sockets.push(socket);
  });
}

describe('The HTTP server cuts off slow clients (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS)', () => {
  const bot = useTestBot({ env: { HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '1000' } });

  it('a client that sends its headers slowly gets 408 and is closed (Node alone: 60 s)', async () => {
    const socket = await connect(bot);
    socket.write(`POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${ownPort(bot)}\r\n`);
    // A header line every 100 ms, never the blank line that ends them: slowloris.
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: y\r\n'), 100);
    try {
      // 300 ms plus Node's check interval (100 ms here); the rest is slack for a loaded machine.
      expect(await closedWithin(socket, 5000)).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  it('a client that connects and sends nothing is closed too', async () => {
    const socket = await connect(bot);
    await expect(closedWithin(socket, 5000)).resolves.toBeDefined();
  });

  it('a client that sends its body slowly is closed at the request timeout', async () => {
    const socket = await connect(bot);
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${ownPort(bot)}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{'
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 100);
    try {
      expect(await closedWithin(socket, 6000)).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });
});

describe('The HTTP server caps its connections (HTTP_MAX_CONNECTIONS) and sets its timeouts', () => {
  const capped = useTestBot({ env: { HTTP_MAX_CONNECTIONS: '3' } });

  it('a connection beyond the cap is closed at once; those within it are served', async () => {
    const held = await Promise.all([connect(capped), connect(capped), connect(capped)]);
    const server = capped.bot.server.server;
    // The server counts a connection once it has accepted it: wait for all three.
    for (let i = 0; i < 100; i++) {
      const count = await new Promise<number>((r) => server.getConnections((_e, n) => r(n)));
      if (count === 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const extra = await connect(capped);
    expect(await closedWithin(extra, 3000)).toBe('');
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(`${capped.url}/healthz`)).status).toBe(200);
  });

  it('the limits are on the real server: the default timeouts (30 s, 15 s, 5 s keep-alive), the cap as set', () => {
    const server = capped.bot.server.server as http.Server;
    expect({
      requestTimeout: server.requestTimeout,
      headersTimeout: server.headersTimeout,
      keepAliveTimeout: server.keepAliveTimeout,
      maxConnections: server.maxConnections
    }).toEqual({ requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5000, maxConnections: 3 });
  });
});
