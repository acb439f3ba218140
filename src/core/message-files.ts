// A Teams message's files, for "Post to a group" (issue 17 item 3). Teams sends each file of a
// message as an attachment `{contentType: "reference", contentUrl, name}`, where contentUrl is the
// file's place in SharePoint (a channel's files) or OneDrive for work or school (a chat's files,
// `{tenant}-my.sharepoint.com`) (Graph chatMessageAttachment). The post gets links to them, never
// copies: each reader opens a link under their own permissions, and nothing is downloaded.
//
// Which links come along (strict, since the payload is the client's to write): https only, no
// user:password@, the default port, a host under one of FILE_HOST_SUFFIXES below (SharePoint
// Online in the commercial cloud, its sovereign clouds, and Microsoft's own test ring), at most
// FILE_LIMITS.count files with a name of at most FILE_LIMITS.name characters. Consumer OneDrive
// (onedrive.live.com, 1drv.ms) is left out: Teams for work and school stores no file there, and
// 1drv.ms is a short link whose target cannot be checked. Everything else in the message's
// attachments (cards, code snippets, quoted messages) and its inline pictures (Teams' hosted
// content, readable only by the chat's members through Graph) cannot come along: the form says
// how many, so nothing is lost without a word.
import { escapeHtml } from './body-html';
import { isRecord } from './is-record';
import { sanitizeTeamsHtml } from './sanitize-teams-html';
import { say } from './words';

export const FILE_LIMITS = Object.freeze({
  /** Files that come along with one post: the form's toggles and the post's list stay short. */
  count: 10,
  /** SharePoint's own limit on a file or folder name. */
  name: 255,
  /** A longer URL is no SharePoint file link (SharePoint's whole path is bounded to 400 characters). */
  url: 2048,
  /** Attachments read at most: a payload of 100,000 of them is not walked to its end. */
  scanned: 50
});

/** Hosts are these or end with `.` + these (a dot first: `evilsharepoint.com` is not one). */
export const FILE_HOST_SUFFIXES = Object.freeze([
  'sharepoint.com',
  'sharepoint-df.com',
  'sharepoint.us',
  'sharepoint-mil.us',
  'sharepoint.cn'
]);

export interface MessageFile {
  name: string;
  url: string;
}

export interface MessageFiles {
  /** In the message's order, without repeats, at most FILE_LIMITS.count. */
  files: MessageFile[];
  /** Attachments that are no SharePoint or OneDrive file link (or a malformed one). */
  notFiles: number;
  /** Files over FILE_LIMITS.count. */
  overLimit: number;
  /** Inline pictures in the message's HTML. */
  pictures: number;
}

/** Reads `messagePayload.attachments` (and counts `<img>` in its HTML body). Anything unexpected is dropped. */
export function filesFromMessage(payload: unknown): MessageFiles {
  const message = isRecord(payload) ? payload : {};
  const attachments = Array.isArray(message.attachments) ? message.attachments : [];
  const files: MessageFile[] = [];
  let notFiles = Math.max(0, attachments.length - FILE_LIMITS.scanned);
  let overLimit = 0;
  for (const attachment of attachments.slice(0, FILE_LIMITS.scanned)) {
    const file = fileOf(attachment);
    if (!file) notFiles += 1;
    else if (files.some((f) => f.url === file.url)) continue;
    else if (files.length >= FILE_LIMITS.count) overLimit += 1;
    else files.push(file);
  }
  return { files, notFiles, overLimit, pictures: picturesIn(message.body) };
}

/** The file link of one attachment, when it is a SharePoint or OneDrive file reference. */
function fileOf(attachment: unknown): MessageFile | undefined {
  if (!isRecord(attachment) || attachment.contentType !== 'reference') return undefined;
  const url = sharedFileUrl(attachment.contentUrl);
  const name = typeof attachment.name === 'string' ? attachment.name.replace(/\s+/g, ' ').trim() : '';
  // Control characters in a name are no file's: a tampered payload.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
  if (!url || !name || name.length > FILE_LIMITS.name || /[\u0000-\u001f\u007f]/.test(name)) return undefined;
  return { name, url };
}

/** The URL, normalised, when it is an https link to a SharePoint or OneDrive host; else undefined. */
export function sharedFileUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > FILE_LIMITS.url) return undefined;
  // Not a URL at all: the caller counts it among what cannot come along.
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined;
  const host = url.hostname;
  if (!FILE_HOST_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`) && host.length > suffix.length + 1))
    return undefined;
  // One label before the suffix at least, each a plain DNS label (URL has already lower-cased it).
  const labels = host.split('.');
  if (!labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return undefined;
  return url.href.length > FILE_LIMITS.url ? undefined : url.href;
}

/** `<img` tags in the message's HTML (bounded input: at most the sanitizer's own limit is read). */
function picturesIn(body: unknown): number {
  if (!isRecord(body) || typeof body.content !== 'string') return 0;
  return body.content.slice(0, 40_000).match(/<img\b/gi)?.length ?? 0;
}

/** The id of the form's toggle for the file at `index` (card data carries only this, never a URL). */
export function fileToggleId(index: number): string {
  return `file${index}`;
}

/**
 * The files the person kept: each saved file whose toggle came back "true". Toggles are read only
 * for the files the server saved for this form; any other `file…` key is card data nobody saved a
 * file for, and is counted, not followed.
 */
export function keptFiles(
  saved: readonly MessageFile[] | undefined,
  data: Record<string, unknown>
): { files: MessageFile[]; unknown: number } {
  const list = saved ?? [];
  const files = list.filter((_, i) => data[fileToggleId(i)] === 'true');
  const unknown = Object.keys(data).filter((key) => {
    const match = /^file(\d+)$/.exec(key);
    return match !== null && (Number(match[1]) >= list.length || key !== fileToggleId(Number(match[1])));
  }).length;
  return { files, unknown };
}

/** The card says at least one file comes along (whatever the server holds for it). */
export function fileTurnedOn(data: Record<string, unknown>): boolean {
  return Object.entries(data).some(([key, value]) => /^file\d+$/.test(key) && value === 'true');
}

/**
 * The post's "Files" list, after the message: each name linked to its file. Escaped here, then
 * through the same sanitizer as a message's HTML, so nothing but a link with an https href survives.
 */
export function filesHtml(files: readonly MessageFile[]): string {
  if (files.length === 0) return '';
  const items = files.map((f) => `<li><a href="${escapeHtml(f.url)}">${escapeHtml(f.name)}</a></li>`).join('');
  return sanitizeTeamsHtml(`<p><strong>${escapeHtml(say('files.postHeading'))}</strong></p><ul>${items}</ul>`);
}
