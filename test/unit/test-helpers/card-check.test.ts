// The card check every test relies on is only worth something if it can fail: Microsoft's
// renderer must catch what it cannot show even in a clone without ../shared/schemas, and a
// missing schema must skip only the schema part (noticed) or fail under CI.
import { assertRendererParses, rendererProblems } from '../../helpers/card-renderer';

const card = (body: unknown[], actions: unknown[] = []) => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  actions
});

const picker = {
  type: 'Input.ChoiceSet',
  id: 'participants',
  label: 'People',
  isMultiSelect: true,
  choices: [],
  'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' }
};

describe('the renderer check (adaptivecards)', () => {
  it(
    'passes what Teams cards use: ' + 'text, inputs, a 1.6 Data.Query people picker, Execute with a Submit fallback',
    () => {
      const execute = {
        type: 'Action.Execute',
        verb: 'post',
        title: 'Post',
        data: { d: 1 },
        fallback: { type: 'Action.Submit', title: 'Post', data: { verb: 'post' } }
      };
      expect(
        rendererProblems(
          card(
            [
              { type: 'TextBlock', text: 'hi', wrap: true },
              { type: 'Input.Text', id: 'topic', label: 'Topic' },
              picker
            ],
            [execute]
          )
        )
      ).toEqual([]);
    }
  );

  it('rejects an unknown element type, even inside a container', () => {
    expect(() => assertRendererParses(card([{ type: 'Input.Bogus', id: 'x' }]))).toThrow(
      /UnknownElementType.*Input\.Bogus/
    );
    expect(() => assertRendererParses(card([{ type: 'Container', items: [{ type: 'TextBlok', text: 'x' }] }]))).toThrow(
      /TextBlok/
    );
  });

  it('rejects an unknown action type, at the card root and in an ActionSet', () => {
    expect(() => assertRendererParses(card([], [{ type: 'Action.Bogus', title: 'x' }]))).toThrow(
      /UnknownActionType.*Action\.Bogus/
    );
    expect(() =>
      assertRendererParses(card([{ type: 'ActionSet', actions: [{ type: 'Action.Exec', title: 'x' }] }]))
    ).toThrow(/Action\.Exec/);
  });

  it('rejects any parse warning (a value outside an enum), duplicate input ids and an unknown card version', () => {
    expect(() => assertRendererParses(card([{ type: 'TextBlock', text: 'x', size: 'huge' }]))).toThrow(
      /InvalidPropertyValue/
    );
    expect(() =>
      assertRendererParses(
        card([
          { type: 'Input.Text', id: 'a' },
          { type: 'Input.Text', id: 'a' }
        ])
      )
    ).toThrow(/DuplicateId/);
    expect(() => assertRendererParses({ ...card([]), version: '9.0' })).toThrow(/UnsupportedCardVersion/);
  });

  it('does not modify the card it parses', () => {
    const c = card([picker]);
    const before = JSON.stringify(c);
    assertRendererParses(c);
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe('assertValidCard without ../shared/schemas', () => {
  const savedCI = process.env.CI;
  afterEach(() => {
    if (savedCI === undefined) delete process.env.CI;
    else process.env.CI = savedCI;
  });

  // Loads the helpers as if the schema folder were absent; notices are recorded, not written.
  function withoutSchemas(): { assertValidCard: (c: unknown) => void; notices: unknown[][] } {
    const notices: unknown[][] = [];
    let assertValidCard!: (c: unknown) => void;
    jest.isolateModules(() => {
      jest.doMock('node:fs', () => ({ ...jest.requireActual('node:fs'), existsSync: () => false }));
      jest.doMock('../../helpers/run-notices', () => ({
        missing: (...args: unknown[]) => {
          if (process.env.CI) throw new Error(String(args[1]));
          notices.push(args);
        }
      }));
      ({ assertValidCard } = require('../../helpers/card-schema') as typeof import('../../helpers/card-schema'));
    });
    return { assertValidCard, notices };
  }

  it('still runs the renderer: an unknown element or action type fails, a good card passes', () => {
    delete process.env.CI;
    const { assertValidCard, notices } = withoutSchemas();
    expect(() => assertValidCard(card([{ type: 'Input.Bogus', id: 'x' }]))).toThrow(/renderer[\s\S]*Input\.Bogus/);
    expect(() => assertValidCard(card([], [{ type: 'Action.Bogus', title: 'x' }]))).toThrow(
      /renderer[\s\S]*Action\.Bogus/
    );
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'hi' }, picker]))).not.toThrow();
    expect(notices.length).toBeGreaterThan(0);
    expect(String(notices[0][2])).toMatch(/^notice: official schemas not found in .*adaptive-card-1\.5\.schema\.json/);
  });

  it('fails on the missing schema when CI is set', () => {
    process.env.CI = '1';
    const { assertValidCard } = withoutSchemas();
    expect(() => assertValidCard(card([{ type: 'TextBlock', text: 'hi' }]))).toThrow(
      /official schema adaptive-card-1\.5\.schema\.json missing/
    );
  });
});

describe('missing (run-notices)', () => {
  const savedCI = process.env.CI;
  afterEach(() => {
    if (savedCI === undefined) delete process.env.CI;
    else process.env.CI = savedCI;
  });

  // A fresh module with fs writes recorded, so this test leaves no notice for the real run.
  function load(): { missing: typeof import('../../helpers/run-notices').missing; writes: string[] } {
    const writes: string[] = [];
    let missing!: typeof import('../../helpers/run-notices').missing;
    jest.isolateModules(() => {
      jest.dontMock('../../helpers/run-notices'); // the describe above replaced it
      jest.doMock('node:fs', () => ({
        ...jest.requireActual('node:fs'),
        mkdirSync: () => undefined,
        writeFileSync: (file: string, text: string) => writes.push(`${file}: ${text}`)
      }));
      ({ missing } = require('../../helpers/run-notices') as typeof import('../../helpers/run-notices'));
    });
    return { missing, writes };
  }

  it('outside CI writes one notice per key for the whole run, however often it is asked', () => {
    delete process.env.CI;
    const { missing, writes } = load();
    missing('schemas', 'x missing', 'notice: x');
    missing('schemas', 'x missing', 'notice: x');
    missing('chromium', 'y missing', 'notice: y');
    expect(writes).toEqual([
      expect.stringMatching(/notices[\\/]schemas\.txt: notice: x\n$/),
      expect.stringMatching(/notices[\\/]chromium\.txt: notice: y\n$/)
    ]);
  });

  it('under CI throws instead, naming what is missing', () => {
    process.env.CI = 'true';
    const { missing, writes } = load();
    expect(() => missing('schemas', 'x missing', 'notice: x')).toThrow(
      'x missing (CI is set: this check may not be skipped)'
    );
    expect(writes).toEqual([]);
  });
});

describe('itWithSchema without ../shared/schemas', () => {
  const savedCI = process.env.CI;
  const g = globalThis as unknown as { it: unknown };
  const realIt = g.it;
  afterEach(() => {
    if (savedCI === undefined) delete process.env.CI;
    else process.env.CI = savedCI;
    g.it = realIt;
  });

  // Defines one test with the schema folder absent and jest's `it` recorded; returns the test.
  function defineWithoutSchemas(body: () => void): { names: string[]; run: () => Promise<void> } {
    const names: string[] = [];
    let run!: () => Promise<void>;
    jest.isolateModules(() => {
      jest.doMock('node:fs', () => ({ ...jest.requireActual('node:fs'), existsSync: () => false }));
      jest.doMock('../../helpers/run-notices', () => ({
        missing: (_key: string, what: string) => {
          if (process.env.CI) throw new Error(what);
        }
      }));
      const { itWithSchema } = require('../../helpers/shared-schemas') as typeof import('../../helpers/shared-schemas');
      g.it = (name: string, fn: () => Promise<void>) => {
        names.push(name);
        run = fn;
      };
      itWithSchema('graph-conversation.schema.json', 'checks the schema', body);
      g.it = realIt;
    });
    return { names, run };
  }

  it('still defines the test (never a skipped one); only its schema body is left out', async () => {
    delete process.env.CI;
    const body = jest.fn();
    const { names, run } = defineWithoutSchemas(body);
    expect(names).toEqual(['checks the schema']);
    await run();
    expect(body).not.toHaveBeenCalled();
  });

  it('fails the test when CI is set', async () => {
    process.env.CI = '1';
    const body = jest.fn();
    const { run } = defineWithoutSchemas(body);
    await expect(run()).rejects.toThrow(/graph-conversation\.schema\.json missing/);
    expect(body).not.toHaveBeenCalled();
  });
});
