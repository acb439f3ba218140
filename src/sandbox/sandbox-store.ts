// The sandbox tenant in SQLite (better-sqlite3): directory (users, groups, memberships) and group
// mailboxes (conversations → threads → posts). A file under dataDir keeps posts across restarts
// (local mode); ':memory:' suits tests. Statements are prepared once; every write that touches
// several tables runs in one transaction, so a crash never leaves a conversation without its post.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Seed } from './seed';

export interface UserRow {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
}

export interface GroupRow {
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  mailNickname: string;
  visibility: string | null;
  groupTypes: string[];
  mailEnabled: boolean;
  securityEnabled: boolean;
  createdDateTime: string;
  /** Graph returns it only on `$select` of one group (directory-routes.ts): never in a list. */
  hideFromOutlookClients: boolean;
}

export interface ItemBody {
  contentType: 'text' | 'html';
  content: string;
}

export interface Recipient {
  emailAddress: { name?: string; address: string };
}

export interface NewPost {
  body: ItemBody;
  newParticipants: Recipient[];
  /** User id of the caller: Graph posts as the signed-in person. */
  from: string;
}

export interface NewConversation {
  id: string;
  groupId: string;
  topic: string;
  threads: Array<{ id: string; posts: Array<{ id: string; post: NewPost }> }>;
}

export interface ConversationRow {
  id: string;
  groupId: string;
  topic: string;
  lastDeliveredDateTime: string;
}

export interface ThreadRow extends ConversationRow {
  conversationId: string;
}

export interface PostRow {
  id: string;
  threadId: string;
  conversationId: string;
  body: ItemBody;
  from: string;
  newParticipants: Recipient[];
  createdDateTime: string;
}

export const SANDBOX_DB_FILE = 'graph-sandbox.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, display_name TEXT NOT NULL, given_name TEXT, surname TEXT,
  mail TEXT, upn TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS groups (id TEXT PRIMARY KEY, display_name TEXT NOT NULL, description TEXT, mail TEXT,
  mail_nickname TEXT NOT NULL, visibility TEXT, group_types TEXT NOT NULL, mail_enabled INTEGER NOT NULL,
  security_enabled INTEGER NOT NULL, created TEXT NOT NULL, hide_from_outlook INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS group_members (group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_owners (group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mail_subscribers (group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS conversations (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE, topic TEXT NOT NULL, last_delivered TEXT NOT NULL,
  last_post_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS threads (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, group_id TEXT NOT NULL,
  topic TEXT NOT NULL, last_delivered TEXT NOT NULL, last_post_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS posts (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
  thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE, content_type TEXT NOT NULL, content TEXT NOT NULL,
  from_user_id TEXT NOT NULL, new_participants TEXT NOT NULL, created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS conversations_by_group ON conversations (group_id, last_post_seq);
CREATE INDEX IF NOT EXISTS threads_by_conversation ON threads (conversation_id);
CREATE INDEX IF NOT EXISTS posts_by_thread ON posts (thread_id, seq);
`;

const CONVERSATION_COLS = 'id, group_id AS groupId, topic, last_delivered AS lastDeliveredDateTime';
const THREAD_COLS = `${CONVERSATION_COLS}, conversation_id AS conversationId`;
const POST_COLS = `p.id, p.thread_id AS threadId, t.conversation_id AS conversationId, p.content_type AS contentType,
  p.content, p.from_user_id AS "from", p.new_participants AS newParticipants, p.created AS createdDateTime`;

interface RawGroup extends Omit<GroupRow, 'groupTypes' | 'mailEnabled' | 'securityEnabled' | 'hideFromOutlookClients'> {
  groupTypes: string;
  mailEnabled: number;
  securityEnabled: number;
  hideFromOutlookClients: number;
}

interface RawPost extends Omit<PostRow, 'body' | 'newParticipants'> {
  contentType: ItemBody['contentType'];
  content: string;
  newParticipants: string;
}

const GROUP_COLS = `g.id, g.display_name AS displayName, g.description, g.mail, g.mail_nickname AS mailNickname,
  g.visibility, g.group_types AS groupTypes, g.mail_enabled AS mailEnabled, g.security_enabled AS securityEnabled,
  g.created AS createdDateTime, g.hide_from_outlook AS hideFromOutlookClients`;
const USER_COLS = 'id, display_name AS displayName, given_name AS givenName, surname, mail, upn AS userPrincipalName';

export type SandboxStore = ReturnType<typeof openSandboxStore>;

/**
 * Opens (creating and seeding when new) `<dataDir>/graph-sandbox.sqlite`, or an in-memory tenant.
 * The seed is always passed in: which tenant a sandbox starts from is its creator's choice (the
 * playground seed is the default of `createGraphSandbox` in ./index, the one place that picks it).
 */
export function openSandboxStore(options: { dataDir?: string; seed: Seed }) {
  const { seed } = options;
  checkSeed(seed);
  let file = ':memory:';
  if (options.dataDir !== undefined) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    file = path.join(options.dataDir, SANDBOX_DB_FILE);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL'); // readers (state dumps) never block the writer
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  // A local-mode file written before issue 17 has no such column: added, every group visible.
  const groupColumns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('groups') as string[];
  if (!groupColumns.includes('hide_from_outlook'))
    db.exec('ALTER TABLE groups ADD COLUMN hide_from_outlook INTEGER NOT NULL DEFAULT 0');

  const q = {
    countUsers: db.prepare('SELECT COUNT(*) AS n FROM users').pluck(),
    countAddedPeople: db.prepare("SELECT COUNT(*) FROM users WHERE upn GLOB 'person[0-9]*@*'").pluck(),
    countAddedGroups: db.prepare("SELECT COUNT(*) FROM groups WHERE mail_nickname GLOB 'added-group-[0-9]*'").pluck(),
    insertUser: db.prepare(
      'INSERT INTO users VALUES (@id, @displayName, @givenName, @surname, @mail, @userPrincipalName)'
    ),
    insertGroup:
      db.prepare(`INSERT INTO groups VALUES (@id, @displayName, @description, @mail, @mailNickname, @visibility,
      @groupTypes, @mailEnabled, @securityEnabled, @createdDateTime, @hideFromOutlookClients)`),
    setHidden: db.prepare('UPDATE groups SET hide_from_outlook = ? WHERE id = ? COLLATE NOCASE'),
    insertMember: db.prepare('INSERT INTO group_members VALUES (?, ?)'),
    insertOwner: db.prepare('INSERT INTO group_owners VALUES (?, ?)'),
    deleteMember: db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?'),
    subscribeByMail: db.prepare('INSERT OR IGNORE INTO mail_subscribers VALUES (?, ?)'),
    unsubscribeByMail: db.prepare('DELETE FROM mail_subscribers WHERE group_id = ? AND user_id = ?'),
    mailSubscribers: db.prepare('SELECT user_id FROM mail_subscribers WHERE group_id = ? ORDER BY user_id').pluck(),
    owners: db.prepare(
      `SELECT ${USER_COLS} FROM users WHERE id IN (SELECT user_id FROM group_owners WHERE group_id = ?) ORDER BY id`
    ),
    user: db.prepare(`SELECT ${USER_COLS} FROM users WHERE id = ? COLLATE NOCASE OR upn = ? COLLATE NOCASE`),
    users: db.prepare(`SELECT ${USER_COLS} FROM users ORDER BY id`),
    group: db.prepare(`SELECT ${GROUP_COLS} FROM groups g WHERE g.id = ? COLLATE NOCASE`),
    groups: db.prepare(`SELECT ${GROUP_COLS} FROM groups g ORDER BY g.id`),
    groupsOf: db.prepare(
      `SELECT ${GROUP_COLS} FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.id`
    ),
    members: db.prepare('SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id').pluck(),
    isMember: db
      .prepare('SELECT 1 FROM group_members WHERE group_id = ? COLLATE NOCASE AND user_id = ? COLLATE NOCASE')
      .pluck(),
    insertConversation: db.prepare(
      'INSERT INTO conversations (id, group_id, topic, last_delivered) VALUES (?, ?, ?, ?)'
    ),
    insertThread: db.prepare(
      'INSERT INTO threads (id, conversation_id, group_id, topic, last_delivered) VALUES (?, ?, ?, ?, ?)'
    ),
    insertPost: db.prepare(
      'INSERT INTO posts (id, thread_id, content_type, content, from_user_id, new_participants, created) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?)'
    ),
    touchThread: db.prepare('UPDATE threads SET last_delivered = ?, last_post_seq = ? WHERE id = ?'),
    touchConversation: db.prepare('UPDATE conversations SET last_delivered = ?, last_post_seq = ? WHERE id = ?'),
    conversation: db.prepare(`SELECT ${CONVERSATION_COLS} FROM conversations WHERE group_id = ? AND id = ?`),
    conversations: db.prepare(
      `SELECT ${CONVERSATION_COLS} FROM conversations WHERE group_id = ? ORDER BY last_post_seq DESC, seq DESC`
    ),
    allConversations: db.prepare(`SELECT ${CONVERSATION_COLS} FROM conversations ORDER BY seq`),
    thread: db.prepare(`SELECT ${THREAD_COLS} FROM threads WHERE group_id = ? AND id = ?`),
    threadsOfGroup: db.prepare(
      `SELECT ${THREAD_COLS} FROM threads WHERE group_id = ? ORDER BY last_post_seq DESC, seq DESC`
    ),
    threadsOfConversation: db.prepare(`SELECT ${THREAD_COLS} FROM threads WHERE conversation_id = ? ORDER BY seq`),
    postsOfThread: db.prepare(
      `SELECT ${POST_COLS} FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.thread_id = ? ORDER BY p.seq`
    )
  };

  const toGroup = (g: RawGroup | undefined): GroupRow | undefined =>
    g && {
      ...g,
      groupTypes: JSON.parse(g.groupTypes) as string[],
      mailEnabled: g.mailEnabled === 1,
      securityEnabled: g.securityEnabled === 1,
      hideFromOutlookClients: g.hideFromOutlookClients === 1
    };
  const toPost = ({ contentType, content, newParticipants, ...p }: RawPost): PostRow => ({
    ...p,
    body: { contentType, content },
    newParticipants: JSON.parse(newParticipants) as Recipient[]
  });

  const addPost = (threadId: string, conversationId: string, postId: string, post: NewPost, at: string): void => {
    const { lastInsertRowid } = q.insertPost.run(
      postId,
      threadId,
      post.body.contentType,
      post.body.content,
      post.from,
      JSON.stringify(post.newParticipants),
      at
    );
    q.touchThread.run(at, lastInsertRowid, threadId);
    q.touchConversation.run(at, lastInsertRowid, conversationId);
  };

  const createConversation = db.transaction((input: NewConversation, at: string) => {
    q.insertConversation.run(input.id, input.groupId, input.topic, at);
    for (const thread of input.threads) {
      q.insertThread.run(thread.id, input.id, input.groupId, input.topic, at);
      for (const { id, post } of thread.posts) addPost(thread.id, input.id, id, post, at);
    }
  });

  const loadSeed = db.transaction(() => {
    for (const table of [
      'posts',
      'threads',
      'conversations',
      'mail_subscribers',
      'group_owners',
      'group_members',
      'groups',
      'users'
    ])
      db.exec(`DELETE FROM ${table}`);
    for (const u of seed.users) q.insertUser.run(u);
    for (const g of seed.groups) {
      q.insertGroup.run({
        ...g,
        groupTypes: JSON.stringify(g.groupTypes),
        mailEnabled: Number(g.mailEnabled),
        securityEnabled: Number(g.securityEnabled),
        hideFromOutlookClients: Number(g.hideFromOutlookClients === true)
      });
      for (const userId of g.members) q.insertMember.run(g.id, userId);
      for (const userId of g.owners) q.insertOwner.run(g.id, userId);
    }
  });
  if (q.countUsers.get() === 0) loadSeed(); // a new file: the seed; an existing one keeps its data

  return {
    file,
    /** Back to the seed: every conversation is gone, the directory is as shipped. */
    reset(): void {
      loadSeed();
    },
    close(): void {
      if (db.open) db.close();
    },
    /** By object id or userPrincipalName (as `/users/{id | userPrincipalName}`), case-insensitive. */
    getUser: (idOrUpn: string) => q.user.get(idOrUpn, idOrUpn) as UserRow | undefined,
    listUsers: () => q.users.all() as UserRow[],
    getGroup: (id: string) => toGroup(q.group.get(id) as RawGroup | undefined),
    listGroups: () => (q.groups.all() as RawGroup[]).map((g) => toGroup(g) as GroupRow),
    groupsOfUser: (userId: string) => (q.groupsOf.all(userId) as RawGroup[]).map((g) => toGroup(g) as GroupRow),
    membersOf: (groupId: string) => q.members.all(groupId) as string[],
    isMember: (groupId: string, userId: string) => q.isMember.get(groupId, userId) === 1,
    /** The group's owners as users, by id (GET /groups/{id}/owners pages them). */
    ownersOf: (groupId: string) => q.owners.all(groupId) as UserRow[],
    /**
     * Takes a person out of a group (ids as stored): false when they were not in it. Ownership is
     * kept apart, as in Entra ID, where an owner need not be a member.
     */
    removeMember: (groupId: string, userId: string) => {
      // Leaving a group ends its mail to the person, as in Exchange.
      q.unsubscribeByMail.run(groupId, userId);
      return q.deleteMember.run(groupId, userId).changes > 0;
    },
    /**
     * Who gets the group's conversations in their own inbox (subscribeByMail, issue 17), ids as
     * stored. Nobody at first: Teams adds members without subscribing them (autoSubscribeNewMembers off).
     */
    mailSubscribersOf: (groupId: string) => q.mailSubscribers.all(groupId) as string[],
    setSubscribedByMail: (groupId: string, userId: string, on: boolean): void => {
      (on ? q.subscribeByMail : q.unsubscribeByMail).run(groupId, userId);
    },
    /** Sets the group's `hideFromOutlookClients` (control API): false when there is no such group. */
    setHiddenFromOutlook: (groupId: string, hidden: boolean) => q.setHidden.run(Number(hidden), groupId).changes > 0,
    /**
     * `count` more people (load tests), each a member of every group in `groupIds` (which must
     * exist): GUID ids, named `Person <n>` with `person<n>@<domain>` as mail and UPN, n counting
     * on from the people added before. A reset removes them with everything else.
     */
    addPeople: db.transaction((count: number, groupIds: readonly string[]): UserRow[] => {
      const first = (q.countAddedPeople.get() as number) + 1;
      const added: UserRow[] = [];
      for (let n = first; n < first + count; n++) {
        const upn = `person${n}@${seed.domain}`;
        const user: UserRow = {
          id: randomUUID(),
          displayName: `Person ${n}`,
          givenName: 'Person',
          surname: String(n),
          mail: upn,
          userPrincipalName: upn
        };
        q.insertUser.run(user);
        for (const groupId of groupIds) q.insertMember.run(groupId, user.id);
        added.push(user);
      }
      return added;
    }),

    /**
     * `count` more Microsoft 365 groups (heavy people: a person in hundreds of groups), each with
     * every user in `memberIds` (which must exist) as a member and every user in `ownerIds` (which
     * must exist, and are made members too) as an owner: GUID ids, named `<namePrefix> <n>` with n
     * zero-padded so that names sort in creation order, mail `added-group-<m>@<domain>`.
     */
    addGroups: db.transaction(
      (
        count: number,
        memberIds: readonly string[],
        visibility: 'Public' | 'Private',
        namePrefix: string,
        ownerIds: readonly string[] = []
      ) => {
        const members = [...new Set([...memberIds, ...ownerIds])];
        const first = (q.countAddedGroups.get() as number) + 1;
        const width = Math.max(4, String(count).length);
        const at = new Date().toISOString();
        const added: GroupRow[] = [];
        for (let i = 1; i <= count; i++) {
          const nickname = `added-group-${first + i - 1}`;
          const group: GroupRow = {
            id: randomUUID(),
            displayName: `${namePrefix} ${String(i).padStart(width, '0')}`,
            description: `${namePrefix} (added by POST /_sandbox/groups)`,
            mail: `${nickname}@${seed.domain}`,
            mailNickname: nickname,
            visibility,
            groupTypes: ['Unified'],
            mailEnabled: true,
            securityEnabled: false,
            createdDateTime: at,
            hideFromOutlookClients: false
          };
          q.insertGroup.run({
            ...group,
            groupTypes: JSON.stringify(group.groupTypes),
            mailEnabled: 1,
            securityEnabled: 0,
            hideFromOutlookClients: 0
          });
          for (const userId of members) q.insertMember.run(group.id, userId);
          for (const userId of new Set(ownerIds)) q.insertOwner.run(group.id, userId);
          added.push(group);
        }
        return added;
      }
    ),

    /** One conversation, its threads and their posts, atomically. Ids are minted by the caller. */
    createConversation,
    /** Many at once, each delivered at its own time (POST /_sandbox/conversations): all or none. */
    createConversations: db.transaction((items: Array<{ input: NewConversation; at: string }>) => {
      for (const { input, at } of items) createConversation(input, at);
    }),
    reply: db.transaction((thread: ThreadRow, postId: string, post: NewPost, at: string) => {
      addPost(thread.id, thread.conversationId, postId, post, at);
    }),
    getConversation: (groupId: string, id: string) => q.conversation.get(groupId, id) as ConversationRow | undefined,
    /**
     * Latest written first (last post's seq). Not always newest delivered: POST /_sandbox/conversations
     * writes conversations with past times, so the mailbox lists sort by time (./list-order).
     */
    listConversations: (groupId: string) => q.conversations.all(groupId) as ConversationRow[],
    listAllConversations: () => q.allConversations.all() as ConversationRow[],
    getThread: (groupId: string, id: string) => q.thread.get(groupId, id) as ThreadRow | undefined,
    listThreads: (groupId: string) => q.threadsOfGroup.all(groupId) as ThreadRow[],
    threadsOfConversation: (conversationId: string) => q.threadsOfConversation.all(conversationId) as ThreadRow[],
    postsOfThread: (threadId: string) => (q.postsOfThread.all(threadId) as RawPost[]).map(toPost)
  };
}

/**
 * A seed group naming someone who is not one of the seed's users would fail deep in SQLite as
 * "FOREIGN KEY constraint failed"; a custom seed's author gets the group and the id instead.
 */
function checkSeed(seed: Seed): void {
  const users = new Set(seed.users.map((u) => u.id));
  for (const g of seed.groups) {
    const stranger = g.members.find((id) => !users.has(id));
    if (stranger !== undefined)
      throw new Error(
        `seed group ${g.id} (${g.displayName}) lists member ${stranger}, who is not one of the seed's users`
      );
    const outsider = g.owners.find((id) => !g.members.includes(id));
    if (outsider !== undefined)
      throw new Error(`seed group ${g.id} (${g.displayName}) lists owner ${outsider}, who is not one of its members`);
  }
}
