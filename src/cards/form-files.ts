// The form's "Files that come along" (issue 17 item 3): a message's files as toggles, checked
// unless the person turned one off, and a line for what could not come along. Names only: the
// toggles' ids are places in the list the server saved for this form (core/message-files.ts).
import { FILE_LIMITS, fileToggleId } from '../core/message-files';
import { say } from '../core/words';
import type { FormFiles } from './card-types';
import { clip } from './size-budget';

/**
 * A toggle shows at most this much of a file's name (SharePoint allows 255): enough to tell files
 * apart, and ten of the longest names then cost the form about 2.5 KB instead of 10.
 */
export const FILE_TITLE_MAX = 120;

export interface FormFilesView {
  title: string;
  hint: string;
  toggles: { id: string; title: string; value: 'true' | 'false' }[];
  notes: { text: string }[];
}

/** The template's `files`, or undefined when the message had nothing to say about files. */
export function formFilesView(files: FormFiles | undefined): FormFilesView | undefined {
  if (!files) return undefined;
  const notes: string[] = [];
  if (files.overLimit > 0) notes.push(say('files.overLimit', { count: files.overLimit, max: FILE_LIMITS.count }));
  if (files.notFiles > 0) notes.push(say('files.notFiles', { count: files.notFiles }));
  if (files.pictures > 0) notes.push(say('files.pictures', { count: files.pictures }));
  const names = files.names.slice(0, FILE_LIMITS.count);
  if (names.length === 0 && notes.length === 0) return undefined;
  return {
    title: say('files.title'),
    hint: say('files.hint'),
    toggles: names.map((name, i) => ({
      id: fileToggleId(i),
      // Input.Toggle's title is plain text: shown as the file is named, cut like any untrusted text.
      title: clip(name, FILE_TITLE_MAX),
      value: files.kept[i] === false ? 'false' : 'true'
    })),
    notes: notes.map((text) => ({ text }))
  };
}
