// The form's "Files that come along" (issue 17 item 3): one Input.Toggle per file, named and
// checked as the server says, the notes for what cannot come along, valid for the official schema
// and Microsoft's renderer; no section at all for a message without files.
import { buildFormCard, type FormCardData, type FormFiles } from '../../../src/cards';
import { FILE_TITLE_MAX } from '../../../src/cards/form-files';
import { say } from '../../../src/core/words';
import { assertRendererParses } from '../../helpers/card-renderer';
import { assertValidCard } from '../../helpers/card-schema';
import { cardTexts, findInCard } from '../../helpers/card-readers';

const data = (files?: FormFiles): FormCardData => ({
  draftId: 'd0000000-0000-4000-8000-00000000d1a1',
  groups: [{ id: '11111111-1111-1111-1111-111111111111', displayName: 'Marketing' }],
  values: { groupId: '', topic: 'From the message', body: 'Hello', participants: '', otherEmails: '' },
  mode: 'dialog',
  files
});
const files = (over: Partial<FormFiles> = {}): FormFiles => ({
  names: ['plan.docx', 'budget *2027*.xlsx'],
  kept: [true, false],
  notFiles: 0,
  overLimit: 0,
  pictures: 0,
  ...over
});
const toggles = (card: unknown) => findInCard(card, (n) => n.type === 'Input.Toggle');

describe("buildFormCard with a message action's files", () => {
  it('one toggle per file, ids by place, values as kept; the title and hint; valid and rendered', () => {
    const card = buildFormCard(data(files()));
    assertValidCard(card);
    assertRendererParses(card);
    expect(toggles(card)).toEqual([
      {
        type: 'Input.Toggle',
        id: 'file0',
        title: 'plan.docx',
        value: 'true',
        valueOn: 'true',
        valueOff: 'false',
        wrap: true,
        spacing: 'Small'
      },
      {
        type: 'Input.Toggle',
        id: 'file1',
        title: 'budget *2027*.xlsx',
        value: 'false',
        valueOn: 'true',
        valueOff: 'false',
        wrap: true,
        spacing: 'Small'
      }
    ]);
    expect(cardTexts(card)).toEqual(expect.arrayContaining([say('files.title'), say('files.hint')]));
  });

  it('what cannot come along, each said once, without the hint when there is nothing to toggle', () => {
    const card = buildFormCard(data(files({ names: [], kept: [], notFiles: 2, overLimit: 0, pictures: 3 })));
    assertValidCard(card);
    expect(toggles(card)).toEqual([]);
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        say('files.title'),
        say('files.notFiles', { count: 2 }),
        say('files.pictures', { count: 3 })
      ])
    );
    expect(texts).not.toContain(say('files.hint'));
  });

  it('a long name is cut on the card; no files and nothing to say: no section', () => {
    const long = buildFormCard(data(files({ names: ['n'.repeat(255)], kept: [true] })));
    expect(toggles(long)[0].title).toBe(`${'n'.repeat(FILE_TITLE_MAX - 1)}…`);
    for (const none of [undefined, files({ names: [], kept: [] })]) {
      const card = buildFormCard(data(none));
      expect(cardTexts(card)).not.toContain(say('files.title'));
      expect(toggles(card)).toEqual([]);
    }
  });
});
