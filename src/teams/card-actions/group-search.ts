// The group picker's typeahead (Data.Query on DATASETS.myGroups): Teams sends what the person typed
// as an `application/search` invoke, {queryText, queryOptions: {skip, top}, dataset}, and shows the
// matches. Only the acting person's own groups are searched, from the directory's cache of their
// list (one Graph listing a minute at most while they type), never anyone else's.
import { searchGroups } from '../../core/group-choices';
import { AppError } from '../../core/errors';
import type { Handler, SearchOutcome } from '../app/outcome';
import { isRecord } from '../../core/is-record';

/** Longer text finds nothing a shorter prefix would not: the rest is ignored. */
const MAX_QUERY = 256;

export const searchMyGroups: Handler<SearchOutcome> = async (turn) => {
  const { deps, log, person, data } = turn;
  const queryText = typeof data.queryText === 'string' ? data.queryText.slice(0, MAX_QUERY) : '';
  const options = isRecord(data.queryOptions) ? data.queryOptions : {};
  let token: string;
  try {
    token = await turn.token();
  } catch (err) {
    // The form was opened moments ago with a token; without one now, no matches (the static
    // choices and `list <name>` still work) rather than a sign-in Teams cannot show in a dropdown.
    log.info({ errorCode: err instanceof AppError ? err.code : 'internal' }, 'group search without a token');
    return { kind: 'search', results: [] };
  }
  try {
    const groups = await deps.groups.listForUser(token, person.aadObjectId);
    const found = searchGroups(groups, queryText, { skip: options.skip as number, top: options.top as number });
    return { kind: 'search', results: found.map((g) => ({ title: g.displayName || g.id, value: g.id })) };
  } catch (err) {
    log.warn({ err }, 'could not list the groups to search');
    return { kind: 'search', results: [] };
  }
};
