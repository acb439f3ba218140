// In-memory caches keyed by person or form must not grow with traffic. A Map keeps insertion
// order, so re-inserting a key makes it the newest and the first key is the one to forget.

/** Sets `key` as the newest entry, forgetting the oldest first when `map` already holds `max` others. */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
