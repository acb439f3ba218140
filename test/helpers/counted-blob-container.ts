// A container client that writes down the storage calls made through it, in order: what a Blob
// store's round trips are (the ledger's on the post path, a broadcast's marker writes), counted at
// the blob client on Azurite rather than assumed from the code.
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';

export interface CountedContainer {
  container: ContainerClient;
  /** 'download', 'upload', 'delete' (of a blob) and 'list' (of the container), in order. */
  calls: string[];
  /** The blob each call was for (the listing's: its prefix), alongside `calls`. */
  names: string[];
}

const BLOB_CALLS = new Set<PropertyKey>(['download', 'upload', 'delete']);

export function countedContainer(container: ContainerClient): CountedContainer {
  const calls: string[] = [];
  const names: string[] = [];
  const note = (call: string, name: string) => {
    calls.push(call);
    names.push(name);
  };
  const blob = (name: string): BlockBlobClient => {
    const real = container.getBlockBlobClient(name);
    return new Proxy(real, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (BLOB_CALLS.has(property)) note(String(property), name);
          return value.apply(target, args);
        };
      }
    });
  };
  const proxy = new Proxy(container, {
    get(target, property) {
      if (property === 'getBlockBlobClient') return blob;
      const value = Reflect.get(target, property, target);
      if (property === 'listBlobsFlat' && typeof value === 'function') {
        return (options?: { prefix?: string }) => {
          note('list', options?.prefix ?? '');
          return value.call(target, options);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    }
  });
  return { container: proxy, calls, names };
}
