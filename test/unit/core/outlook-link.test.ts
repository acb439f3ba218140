// The Outlook on the web link to a group mailbox, built from the group's SMTP address.
import { outlookGroupUrl } from '../../../src/core/outlook-link';

describe('outlookGroupUrl', () => {
  it('links a group mailbox by domain and alias', () => {
    expect(outlookGroupUrl('marketing@contoso.com')).toBe(
      'https://outlook.office.com/mail/group/contoso.com/marketing/email'
    );
  });

  it('keeps the address as written (no case change)', () => {
    expect(outlookGroupUrl('Sales.EU@Contoso.onmicrosoft.com')).toBe(
      'https://outlook.office.com/mail/group/Contoso.onmicrosoft.com/Sales.EU/email'
    );
  });

  it.each([[null], [undefined], [''], ['marketing'], ['marketing@'], ['@contoso.com'], ['@']])(
    'gives no link for %j',
    (mail) => {
      expect(outlookGroupUrl(mail)).toBeUndefined();
    }
  );

  it('percent-encodes characters that would change the URL', () => {
    expect(outlookGroupUrl('r&d+team#1@contoso.com')).toBe(
      'https://outlook.office.com/mail/group/contoso.com/r%26d%2Bteam%231/email'
    );
    expect(outlookGroupUrl('a/../b?x@contoso.com')).toBe(
      'https://outlook.office.com/mail/group/contoso.com/a%2F..%2Fb%3Fx/email'
    );
    expect(outlookGroupUrl('team@contoso.com/evil')).toBe(
      'https://outlook.office.com/mail/group/contoso.com%2Fevil/team/email'
    );
  });

  it('splits at the last @', () => {
    expect(outlookGroupUrl('"a@b"@contoso.com')).toBe(
      'https://outlook.office.com/mail/group/contoso.com/%22a%40b%22/email'
    );
  });

  it('always stays on outlook.office.com', () => {
    const url = new URL(outlookGroupUrl('x@evil.example/../../other')!);
    expect(url.host).toBe('outlook.office.com');
    expect(url.pathname.startsWith('/mail/group/')).toBe(true);
  });
});
