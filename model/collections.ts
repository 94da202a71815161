/** Small helpers for name-keyed lookups (names are data: always Maps, never object keys). */

/** Appends `value` to the list at `key`, creating it; linear over many appends. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
