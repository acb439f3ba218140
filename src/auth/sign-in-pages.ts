// The pop-up's last page. Inside Teams it tells the Teams client the outcome (teams-js,
// served by the bot itself so the page needs no CDN); in a plain browser it just says so.
import { say } from '../core/words';
import { escapeHtml } from '../core/body-html';

export function renderAuthEndPage(result: { ok: boolean; message: string }, scriptNonce: string): string {
  const outcome = result.ok
    ? 'microsoftTeams.authentication.notifySuccess();'
    : `microsoftTeams.authentication.notifyFailure(${JSON.stringify(result.message).replace(/</g, '\\u003c')});`;
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
