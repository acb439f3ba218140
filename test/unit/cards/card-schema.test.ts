// The conformance check is only worth something if it can fail: feed it broken cards.
import { assertValidCard, CARD_BUDGET_BYTES } from '../../helpers/card-schema';
import { itWithSchema, type SchemaFile } from '../../helpers/shared-schemas';

const CARD_SCHEMAS: SchemaFile[] = ['adaptive-card-1.5.schema.json', 'adaptive-card-1.6.schema.json'];

const card = (body: unknown[], actions: unknown[] = []) => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  actions
});

const picker = (extra: Record<string, unknown> = {}) => ({
  type: 'Input.ChoiceSet',
  id: 'people',
  isMultiSelect: true,
  choices: [],
  'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
  ...extra
});

describe('assertValidCard', () => {
  itWithSchema(CARD_SCHEMAS, 'accepts a minimal 1.5 card and a 1.5 card with a Data.Query people picker', () => {
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'hi' }]))).not.toThrow();
    expect(() => assertValidCard(card([picker()]))).not.toThrow();
  });

  itWithSchema(CARD_SCHEMAS, 'rejects an input without id', () => {
    expect(() => assertValidCard(card([{ type: 'Input.Text', label: 'x' }]))).toThrow(/schema validation/);
  });

  itWithSchema(CARD_SCHEMAS, 'rejects an unknown element type', () => {
    expect(() => assertValidCard(card([{ type: 'Input.Bogus', id: 'x' }]))).toThrow(/schema validation/);
  });

  itWithSchema(CARD_SCHEMAS, 'rejects unknown properties, bad enums and unknown action types', () => {
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', colour: 'good' }]))).toThrow();
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', size: 'huge' }]))).toThrow();
    expect(() => assertValidCard(card([], [{ type: 'Action.Bogus', title: 'x' }]))).toThrow();
    // The schema's case-insensitive enum patterns are unanchored alternations; the helper fixes them.
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', color: 'notgoodatall' }]))).toThrow();
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', color: 'Good', size: 'LARGE' }]))).not.toThrow();
    // Teams' `msteams` extension is not part of the official schema.
    expect(() => assertValidCard({ ...card([]), msteams: { width: 'Full' } })).toThrow();
  });

  itWithSchema(CARD_SCHEMAS, 'checks Data.Query against 1.6: dataset is required and no extra keys', () => {
    const noDataset = picker({ 'choices.data': { type: 'Data.Query' } });
    expect(() => assertValidCard(card([noDataset]))).toThrow(/choices\.data/);
    const extra = picker({ 'choices.data': { type: 'Data.Query', dataset: 'x', bogus: 1 } });
    expect(() => assertValidCard(card([extra]))).toThrow(/choices\.data/);
  });

  itWithSchema(CARD_SCHEMAS, 'only allows choices.data on Input.ChoiceSet', () => {
    const onText = { type: 'Input.Text', id: 't', 'choices.data': { type: 'Data.Query', dataset: 'x' } };
    expect(() => assertValidCard(card([onText]))).toThrow();
  });

  itWithSchema(CARD_SCHEMAS, 'finds Data.Query inside containers and still validates the rest as 1.5', () => {
    const nested = card([{ type: 'Container', items: [picker(), { type: 'Input.Text' }] }]);
    expect(() => assertValidCard(nested)).toThrow(/schema validation/);
    expect(() => assertValidCard(card([{ type: 'Container', items: [picker()] }]))).not.toThrow();
  });

  it('rejects a card over 80 KB counted as UTF-16 (as Teams counts), naming its size', () => {
    // About 41,000 ASCII characters: 40 KB of UTF-8 (the old check let it through), 80.1 KB of UTF-16.
    const big = card([{ type: 'TextBlock', text: 'x'.repeat(CARD_BUDGET_BYTES / 2 - 40) }]);
    expect(() => assertValidCard(big)).toThrow(
      /The card is 80\.\d KB \(\d+ bytes as UTF-16\), over the budget of 80\.0 KB/
    );
    const fits = card([{ type: 'TextBlock', text: 'x'.repeat(CARD_BUDGET_BYTES / 2 - 200) }]);
    expect(() => assertValidCard(fits)).not.toThrow(/budget/);
  });

  it('does not modify the card it checks', () => {
    const c = card([picker()]);
    const before = JSON.stringify(c);
    assertValidCard(c);
    expect(JSON.stringify(c)).toBe(before);
  });
});
