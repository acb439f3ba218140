// AZURE_STORAGE_*: SQLite unless a storage account is named; a connection string or an https
// account URL (managed identity), never both; a container name Azure accepts (default
// group-conversations). Through loadConfig, the only reader of the environment.
import { ConfigError, loadConfig } from '../../src/config';

const AZURITE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;' +
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted it');
}

describe('storage settings', () => {
  it('SQLite by default', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'sqlite' });
  });

  it('a connection string: Blob, in group-conversations unless named', () => {
    expect(loadConfig({ AZURE_STORAGE_CONNECTION_STRING: AZURITE }).storage).toEqual({
      kind: 'blob',
      connectionString: AZURITE,
      container: 'group-conversations'
    });
    expect(
      loadConfig({ AZURE_STORAGE_CONNECTION_STRING: AZURITE, AZURE_STORAGE_CONTAINER: 'bot-state-2' }).storage
    ).toMatchObject({ kind: 'blob', container: 'bot-state-2' });
  });

  it("the SDK's UseDevelopmentStorage=true shortcut (Azurite on 127.0.0.1:10000)", () => {
    expect(loadConfig({ AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage).toMatchObject({
      kind: 'blob',
      connectionString: 'UseDevelopmentStorage=true'
    });
  });

  it('an account URL: Blob with a managed identity', () => {
    const accountUrl = 'https://contosobot.blob.core.windows.net';
    expect(loadConfig({ AZURE_STORAGE_ACCOUNT_URL: accountUrl }).storage).toEqual({
      kind: 'blob',
      accountUrl,
      container: 'group-conversations'
    });
  });

  it.each([
    [{ AZURE_STORAGE_ACCOUNT_URL: 'http://contosobot.blob.core.windows.net' }, 'must be https://'],
    [{ AZURE_STORAGE_ACCOUNT_URL: 'https://contosobot.blob.core.windows.net/container' }, 'no path'],
    [{ AZURE_STORAGE_ACCOUNT_URL: 'not a url' }, 'must be https://'],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'hello' }, 'not a storage connection string'],
    [
      { AZURE_STORAGE_CONNECTION_STRING: AZURITE, AZURE_STORAGE_ACCOUNT_URL: 'https://a.blob.core.windows.net' },
      'not both'
    ],
    [{ AZURE_STORAGE_CONNECTION_STRING: AZURITE, AZURE_STORAGE_CONTAINER: 'Bot_State' }, 'is not a container name'],
    [{ AZURE_STORAGE_CONNECTION_STRING: AZURITE, AZURE_STORAGE_CONTAINER: 'ab' }, 'is not a container name'],
    [{ AZURE_STORAGE_CONNECTION_STRING: AZURITE, AZURE_STORAGE_CONTAINER: 'a--b' }, 'is not a container name'],
    [{ AZURE_STORAGE_CONTAINER: 'bot-state' }, 'neither AZURE_STORAGE_CONNECTION_STRING']
  ])('%j is refused at start, with the reason', (env, reason) => {
    expect(problemsOf(env)).toContain(reason);
  });
});
