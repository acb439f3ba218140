// The Azure SDKs behind the Blob storage kind, loaded on first use: together they take about
// 0.35 s of a start (measured with a require timer, issue 18) that a bot on the embedded default
// (SQLite) never needs. Their types are imported with `import type`, which TypeScript erases, so
// only these functions load them.
type StorageBlob = typeof import('@azure/storage-blob');
type AzureIdentity = typeof import('@azure/identity');

export function storageBlob(): StorageBlob {
  return require('@azure/storage-blob') as StorageBlob;
}

export function azureIdentity(): AzureIdentity {
  return require('@azure/identity') as AzureIdentity;
}
