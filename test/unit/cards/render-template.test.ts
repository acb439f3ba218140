import fs from 'node:fs';
import path from 'node:path';
import template from '../../../adaptiveCards/notice.json';
import { getTemplate, renderTemplate } from '../../../src/cards/render-template';

const repo = path.resolve(__dirname, '../../..');

describe('renderTemplate', () => {
  it('parses each template once', () => {
    expect(getTemplate(template)).toBe(getTemplate(template));
    expect(getTemplate(template)).not.toBe(getTemplate({ ...template }));
  });

  it('inserts data without evaluating it as a template', () => {
    const card = renderTemplate(template, { title: '${text}', text: '${$root.title} ${concat("a","b")}' });
    expect(JSON.stringify(card)).toContain('"text":"${text}"');
    expect(JSON.stringify(card)).toContain('${$root.title} ${concat(\\"a\\",\\"b\\")}');
  });

  it('rejects a template that is not a card', () => {
    expect(() => renderTemplate({ type: 'TextBlock' }, {})).toThrow(/AdaptiveCard/);
  });
});

describe('adaptiveCards templates', () => {
  const dir = path.join(repo, 'adaptiveCards');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  it.each(files)('%s declares the schema and version 1.5', (file) => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    expect(json).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.5'
    });
  });
});

describe('src/cards layer rule', () => {
  const dir = path.join(repo, 'src/cards');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports no bot framework and reads no environment', (file) => {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(source).not.toMatch(/from ['"](botbuilder|@microsoft\/teams-ai|restify)/);
    expect(source).not.toMatch(/require\(['"](botbuilder|@microsoft\/teams-ai|restify)/);
    expect(source).not.toMatch(/process\.env/);
  });
});
