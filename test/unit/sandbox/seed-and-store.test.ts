// The seed's promises (the cases the bot must tell apart) and the SQLite store: seeding, atomic
// writes, reset, WAL, and data surviving a reopen of the same file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CURRENT_USER_ID,
  SEED,
  SEED_GROUP_IDS as G,
  SEED_USER_IDS as U,
  TEAM_GROUP_ID
} from '../../../src/sandbox/seed';
import { openSandboxStore, SANDBOX_DB_FILE, type NewPost } from '../../../src/sandbox/sandbox-store';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const byName = (name: string) => SEED.groups.find((g) => g.displayName === name);
const POST: NewPost = {
  body: { contentType: 'text', content: 'hello' },
  newParticipants: [{ emailAddress: { address: 'meganb@contoso.test' } }],
  from: CURRENT_USER_ID
};

describe('seed', () => {
  it('has unique lower-case GUIDs for the tenant, users and groups, and members that exist', () => {
    const ids = [SEED.tenantId, ...SEED.users.map((u) => u.id), ...SEED.groups.map((g) => g.id)];
    for (const id of ids) expect(id).toMatch(GUID);
    expect(new Set(ids).size).toBe(ids.length);
    const users = new Set(SEED.users.map((u) => u.id));
    for (const g of SEED.groups) for (const m of g.members) expect(users.has(m)).toBe(true);
    expect(SEED.users.length).toBeGreaterThanOrEqual(6);
    expect(SEED.currentUserId).toBe(CURRENT_USER_ID);
    expect(SEED.teamGroupId).toBe(TEAM_GROUP_ID);
  });

  it.each([
    ['Marketing', 'Public', true],
    ['Product launch', 'Public', true],
    ['Leadership', 'Private', true],
    ['Contoso Team', 'Private', true],
    ['Finance (private)', 'Private', false],
    ['Design guild', 'Public', false]
  ])('%s: Unified, %s, current user member: %s', (name, visibility, member) => {
    const g = byName(name);
    expect(g).toMatchObject({ groupTypes: ['Unified'], visibility, mailEnabled: true });
    expect(g?.members.includes(CURRENT_USER_ID)).toBe(member);
  });

  it('All staff security is a security group the current user is in, without a mailbox', () => {
    expect(byName('All staff security')).toMatchObject({
      id: G.allStaffSecurity,
      groupTypes: [],
      securityEnabled: true,
      mail: null
    });
    expect(byName('All staff security')?.members).toContain(CURRENT_USER_ID);
  });

  it("gives each Microsoft 365 group owners among its members; the team is the current user's", () => {
    for (const g of SEED.groups.filter((x) => x.groupTypes.includes('Unified'))) {
      expect(g.owners.length).toBeGreaterThan(0);
      for (const o of g.owners) expect(g.members).toContain(o);
    }
    expect(SEED.groups.find((g) => g.id === TEAM_GROUP_ID)?.owners).toEqual([CURRENT_USER_ID]);
    const store = openSandboxStore({ seed: SEED });
    try {
      expect(store.ownersOf(TEAM_GROUP_ID).map((u) => u.id)).toEqual([CURRENT_USER_ID]);
      const stray = { ...SEED, groups: SEED.groups.map((g) => ({ ...g, owners: [...g.owners, U.diego] })) };
      expect(() => openSandboxStore({ seed: stray })).toThrow(/owner .* not one of its members/);
    } finally {
      store.close();
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(SEED.users[0])).toBe(true);
    expect(Object.isFrozen(SEED.groups[0]?.members)).toBe(true);
  });
});

describe('sandbox store', () => {
  it('starts from the seed in memory', () => {
    const store = openSandboxStore({ seed: SEED });
    try {
      expect(store.file).toBe(':memory:');
      expect(store.listUsers()).toHaveLength(SEED.users.length);
      expect(store.getUser(U.megan.toUpperCase())?.displayName).toBe('Megan Bowen');
      expect(store.getUser('MEGANB@contoso.test')?.id).toBe(U.megan);
      expect(
        store
          .groupsOfUser(CURRENT_USER_ID)
          .map((g) => g.displayName)
          .sort()
      ).toEqual(['All staff security', 'Contoso Team', 'Leadership', 'Marketing', 'Product launch']);
      expect(store.getGroup(G.marketing)).toMatchObject({
        groupTypes: ['Unified'],
        mailEnabled: true,
        securityEnabled: false
      });
      expect(store.isMember(G.finance, CURRENT_USER_ID)).toBe(false);
      expect(store.isMember(G.finance.toUpperCase(), U.megan)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('creates a conversation, replies, lists newest activity first, and reset() forgets it all', () => {
    const store = openSandboxStore({ seed: SEED });
    try {
      store.createConversation(
        { id: 'c1', groupId: G.marketing, topic: 'One', threads: [{ id: 't1', posts: [{ id: 'p1', post: POST }] }] },
        '2024-05-01T10:00:00Z'
      );
      store.createConversation(
        { id: 'c2', groupId: G.marketing, topic: 'Two', threads: [{ id: 't2', posts: [{ id: 'p2', post: POST }] }] },
        '2024-05-01T10:00:00Z'
      );
      expect(store.listConversations(G.marketing).map((c) => c.id)).toEqual(['c2', 'c1']);
      const t1 = store.getThread(G.marketing, 't1');
      expect(t1).toMatchObject({ conversationId: 'c1', topic: 'One' });
      store.reply(
        t1!,
        'p3',
        { ...POST, from: U.megan, body: { contentType: 'html', content: '<p>re</p>' } },
        '2024-05-01T11:00:00Z'
      );
      expect(store.listConversations(G.marketing).map((c) => c.id)).toEqual(['c1', 'c2']);
      expect(store.getConversation(G.marketing, 'c1')?.lastDeliveredDateTime).toBe('2024-05-01T11:00:00Z');
      expect(store.postsOfThread('t1')).toEqual([
        {
          id: 'p1',
          threadId: 't1',
          conversationId: 'c1',
          body: POST.body,
          from: CURRENT_USER_ID,
          newParticipants: POST.newParticipants,
          createdDateTime: '2024-05-01T10:00:00Z'
        },
        {
          id: 'p3',
          threadId: 't1',
          conversationId: 'c1',
          body: { contentType: 'html', content: '<p>re</p>' },
          from: U.megan,
          newParticipants: POST.newParticipants,
          createdDateTime: '2024-05-01T11:00:00Z'
        }
      ]);
      expect(store.getConversation(G.leadership, 'c1')).toBeUndefined(); // scoped to its group

      store.reset();
      expect(store.listAllConversations()).toEqual([]);
      expect(store.listGroups()).toHaveLength(SEED.groups.length);
    } finally {
      store.close();
    }
  });

  it('a failed write leaves nothing half-done (one transaction)', () => {
    const store = openSandboxStore({ seed: SEED });
    try {
      expect(() =>
        store.createConversation(
          {
            id: 'c1',
            groupId: G.marketing,
            topic: 'One',
            threads: [
              {
                id: 't1',
                posts: [
                  { id: 'dup', post: POST },
                  { id: 'dup', post: POST }
                ]
              }
            ]
          },
          '2024-05-01T10:00:00Z'
        )
      ).toThrow();
      expect(store.listAllConversations()).toEqual([]);
      expect(store.listThreads(G.marketing)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('persists in <dataDir>/graph-sandbox.sqlite (WAL) across a reopen, without re-seeding over the data', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-store-'));
    try {
      const first = openSandboxStore({ dataDir, seed: SEED });
      first.createConversation(
        { id: 'c1', groupId: G.leadership, topic: 'Kept', threads: [{ id: 't1', posts: [{ id: 'p1', post: POST }] }] },
        '2024-05-01T10:00:00Z'
      );
      first.close();

      const file = path.join(dataDir, SANDBOX_DB_FILE);
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();

      const second = openSandboxStore({ dataDir, seed: SEED });
      try {
        expect(second.file).toBe(file);
        expect(second.listAllConversations()).toEqual([
          { id: 'c1', groupId: G.leadership, topic: 'Kept', lastDeliveredDateTime: '2024-05-01T10:00:00Z' }
        ]);
        expect(second.postsOfThread('t1')[0]?.from).toBe(CURRENT_USER_ID);
        expect(second.listUsers()).toHaveLength(SEED.users.length);
      } finally {
        second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
