// The pop-up's pages. Inside Teams the last one tells the Teams client the outcome (teams-js,
// served by the bot itself so the page needs no CDN): on success the verification code Teams
// sends back with the resent action; in a plain browser it just says so.
import { say } from '../core/words';
import { escapeHtml } from '../core/body-html';

export type PageResult = { ok: true; message: string; code: string } | { ok: false; message: string };

/** JSON for inside a <script>: no `<` can close the element. */
const scriptString = (text: string) => JSON.stringify(text).replace(/</g, '\\u003c');

export function renderAuthEndPage(result: PageResult, scriptNonce: string): string {
  const outcome = result.ok
    ? `microsoftTeams.authentication.notifySuccess(${scriptString(result.code)});`
    : `microsoftTeams.authentication.notifyFailure(${scriptString(result.message)});`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(say('signInPage.title'))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<h1 style="font-size: 1.25rem">${escapeHtml(say(result.ok ? 'signInPage.done' : 'signInPage.notDone'))}</h1>
<p>${escapeHtml(result.message)}</p>
<p>${escapeHtml(say('signInPage.close'))}</p>
<script src="/static/teams-js.min.js"></script>
<script nonce="${scriptNonce}">
  if (window.microsoftTeams) {
    microsoftTeams.app.initialize().then(function () { ${outcome} });
  }
</script>
</body></html>`;
}
