/** FNV-1a, 32 bit, as hex: a content version that needs no Node crypto (lib runs in browsers). */
export function contentHashOf(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
