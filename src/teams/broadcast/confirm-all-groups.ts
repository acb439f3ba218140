// "Post to all my groups" for more than a handful of groups is one click away from a message in
// dozens of mailboxes: past BroadcastSettings.confirmAbove (20) the form comes back, everything
// kept, saying how many groups that is, and its Post names the number ("Post to all 37 groups").
// The confirmation carries the count it showed: if the person's groups change before the click,
// the count differs and the form asks again rather than posting to groups nobody confirmed.
import type { AdaptiveCard } from '../../cards';
import type { FormContext } from '../../storage/form-context-store';
import type { Turn } from '../app/turn';
import { retryForm } from '../card-actions/new-conversation-form';

export function confirmAllForm(turn: Turn, form: FormContext | undefined, count: number): Promise<AdaptiveCard> {
  // No error: retryForm's banner stays away, and the confirmation is the form's own question.
  return retryForm(turn, 'post', undefined, { form, confirmAll: count });
}
