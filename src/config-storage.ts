// Where the bot's shared state lives (issue 14). SQLite in DATA_DIR is the embedded default: one
// instance, local mode, no account to create. Azure Blob Storage is for several instances behind
// one Azure Bot: every instance reads and writes the same container, and the exactly-once rules
// hold across them. Parsed here for src/config.ts (still the only reader of the environment).

export type StorageSetting =
  | { kind: 'sqlite' }
  | {
      kind: 'blob';
      /** AZURE_STORAGE_CONNECTION_STRING: an account key or SAS (Azurite in the tests). */
      connectionString?: string;
      /** AZURE_STORAGE_ACCOUNT_URL: `https://{account}.blob.core.windows.net`, with a managed identity. */
      accountUrl?: string;
      /** AZURE_STORAGE_CONTAINER: created if missing. */
      container: string;
    };

export const DEFAULT_CONTAINER = 'group-conversations';

// Azure's container naming rule: 3-63 lower-case letters, digits and single hyphens, starting and
// ending with a letter or digit (a bad name is a 400 from the service, found only at first use).
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

export function parseStorageSetting(get: (name: string) => string | undefined, problems: string[]): StorageSetting {
  const connectionString = get('AZURE_STORAGE_CONNECTION_STRING');
  const accountUrl = get('AZURE_STORAGE_ACCOUNT_URL');
  const container = get('AZURE_STORAGE_CONTAINER') ?? DEFAULT_CONTAINER;
  if (!connectionString && !accountUrl) {
    if (get('AZURE_STORAGE_CONTAINER'))
      problems.push(
        'AZURE_STORAGE_CONTAINER is set but neither AZURE_STORAGE_CONNECTION_STRING nor AZURE_STORAGE_ACCOUNT_URL is.'
      );
    return { kind: 'sqlite' };
  }
  if (connectionString && accountUrl)
    problems.push('Set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL, not both.');
  if (!CONTAINER_NAME.test(container))
    problems.push(
      `AZURE_STORAGE_CONTAINER="${container}" is not a container name: 3-63 lower-case letters, digits and hyphens.`
    );
  if (accountUrl) {
    const url = URL.canParse(accountUrl) ? new URL(accountUrl) : undefined;
    // A managed identity's token goes with every request: never over plain http, never to a path.
    if (url?.protocol !== 'https:' || (url.pathname !== '/' && url.pathname !== ''))
      problems.push(
        `AZURE_STORAGE_ACCOUNT_URL="${accountUrl}" must be https://{account}.blob.core.windows.net (no path).`
      );
    return { kind: 'blob', accountUrl, container };
  }
  // UseDevelopmentStorage=true: the SDK's shortcut for Azurite on its default port (127.0.0.1:10000).
  if (
    connectionString &&
    !/(^|;)(AccountName|BlobEndpoint|SharedAccessSignature)=/i.test(connectionString) &&
    !/^UseDevelopmentStorage=true;?$/i.test(connectionString)
  )
    problems.push(
      'AZURE_STORAGE_CONNECTION_STRING is not a storage connection string (no AccountName or BlobEndpoint).'
    );
  return { kind: 'blob', connectionString, container };
}
