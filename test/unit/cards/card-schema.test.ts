// The conformance check is only worth something if it can fail: feed it broken cards.
import { assertValidCard, describeWithSchemas, MAX_CARD_BYTES } from '../../helpers/card-schema';

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

describeWithSchemas('assertValidCard', () => {
  it('accepts a minimal 1.5 card and a 1.5 card with a Data.Query people picker', () => {
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'hi' }]))).not.toThrow();
    expect(() => assertValidCard(card([picker()]))).not.toThrow();
  });

  it('rejects an input without id', () => {
    expect(() => assertValidCard(card([{ type: 'Input.Text', label: 'x' }]))).toThrow(/schema validation/);
  });

  it('rejects an unknown element type', () => {
    expect(() => assertValidCard(card([{ type: 'Input.Bogus', id: 'x' }]))).toThrow(/schema validation/);
  });

  it('rejects unknown properties, bad enums and unknown action types', () => {
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', colour: 'good' }]))).toThrow();
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', size: 'huge' }]))).toThrow();
    expect(() => assertValidCard(card([], [{ type: 'Action.Bogus', title: 'x' }]))).toThrow();
    // The schema's case-insensitive enum patterns are unanchored alternations; the helper fixes them.
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', color: 'notgoodatall' }]))).toThrow();
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'x', color: 'Good', size: 'LARGE' }]))).not.toThrow();
    // Teams' `msteams` extension is not part of the official schema.
    expect(() => assertValidCard({ ...card([]), msteams: { width: 'Full' } })).toThrow();
  });

  it('checks Data.Query against 1.6: dataset is required and no extra keys', () => {
    const noDataset = picker({ 'choices.data': { type: 'Data.Query' } });
    expect(() => assertValidCard(card([noDataset]))).toThrow(/choices\.data/);
    const extra = picker({ 'choices.data': { type: 'Data.Query', dataset: 'x', bogus: 1 } });
    expect(() => assertValidCard(card([extra]))).toThrow(/choices\.data/);
  });

  it('only allows choices.data on Input.ChoiceSet', () => {
    const onText = { type: 'Input.Text', id: 't', 'choices.data': { type: 'Data.Query', dataset: 'x' } };
    expect(() => assertValidCard(card([onText]))).toThrow();
  });

  it('finds Data.Query inside containers and still validates the rest as 1.5', () => {
    const nested = card([{ type: 'Container', items: [picker(), { type: 'Input.Text' }] }]);
    expect(() => assertValidCard(nested)).toThrow(/schema validation/);
    expect(() => assertValidCard(card([{ type: 'Container', items: [picker()] }]))).not.toThrow();
  });

  it('rejects a card of 80 KB or more', () => {
    const big = card([{ type: 'TextBlock', text: 'x'.repeat(MAX_CARD_BYTES) }]);
    expect(() => assertValidCard(big)).toThrow(/bytes/);
  });

  it('does not modify the card it checks', () => {
    const c = card([picker()]);
    const before = JSON.stringify(c);
    assertValidCard(c);
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe('describeWithSchemas when ../shared/schemas is missing', () => {
  const savedCI = process.env.CI;
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = { describe: g.describe, it: g.it };
  afterEach(() => {
    if (savedCI === undefined) delete process.env.CI;
    else process.env.CI = savedCI;
    Object.assign(g, saved);
  });

  // Loads the helper as if the schema folder were absent, with jest's describe/it recorded.
  function defineWithoutSchemas(): { calls: string[]; failing?: () => void } {
    const calls: string[] = [];
    const out: { calls: string[]; failing?: () => void } = { calls };
    const fakeDescribe = Object.assign((name: string, fn: () => void) => { calls.push(`describe ${name}`); fn(); }, {
      skip: (name: string) => calls.push(`skip ${name}`)
    });
    jest.isolateModules(() => {
      jest.doMock('node:fs', () => ({ ...jest.requireActual('node:fs'), existsSync: () => false }));
      const helper = require('../../helpers/card-schema') as typeof import('../../helpers/card-schema');
      expect(helper.schemasAvailable).toBe(false);
      Object.assign(g, { describe: fakeDescribe, it: (name: string, fn: () => void) => { calls.push(`it ${name}`); out.failing = fn; } });
      helper.describeWithSchemas('cards', () => calls.push('body ran'));
      Object.assign(g, saved);
    });
    return out;
  }

  it('defines a failing test under CI', () => {
    process.env.CI = 'true';
    const { calls, failing } = defineWithoutSchemas();
    expect(calls[0]).toBe('describe cards');
    expect(calls[1]).toMatch(/^it \.\.\/shared\/schemas missing at .*shared[\\/]schemas$/);
    expect(calls).not.toContain('body ran');
    expect(failing).toThrow(/schemas missing/);
  });

  it('skips with a visible title outside CI', () => {
    delete process.env.CI;
    expect(defineWithoutSchemas().calls).toEqual(['skip skipped: ../shared/schemas not found (cards)']);
  });
});
