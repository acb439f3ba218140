// Graph's group resource has no web URL. Outlook on the web opens a group mailbox at
// /mail/group/{domain}/{alias}/email, both taken from the group's SMTP address.
export function outlookGroupUrl(mail: string | null | undefined): string | undefined {
  const at = mail?.lastIndexOf('@') ?? -1;
  if (!mail || at <= 0 || at === mail.length - 1) return undefined;
  const alias = mail.slice(0, at);
  const domain = mail.slice(at + 1);
  return `https://outlook.office.com/mail/group/${encodeURIComponent(domain)}/${encodeURIComponent(alias)}/email`;
}
