// Bot Framework activity fixtures (test/fixtures/*.json), cloned and patched per test.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Activity = Record<string, any>;

export function fixture(name: string, patch: (a: Activity) => void = () => undefined): Activity {
  const activity = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8')) as Activity;
  patch(activity);
  return activity;
}

/** The adaptiveCard/action invoke with its form data replaced or amended. */
export function createInvoke(data: Record<string, unknown>, patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('invoke-create-conversation', (a) => {
    a.value.action.data = { ...a.value.action.data, ...data };
    patch(a);
  });
}

export function cardAttachments(activities: Activity[]): any[] {
  return activities.flatMap((a) =>
    (a.attachments ?? [])
      .filter((x: any) => x.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((x: any) => x.content)
  );
}
