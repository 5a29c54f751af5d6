// wawoff2 (fontello's build of Google's WOFF2 decoder) ships no types.
declare module 'wawoff2/decompress.js' {
  /** The TrueType/OpenType font inside a WOFF2 file. */
  export default function decompress(woff2: Uint8Array): Promise<Uint8Array>;
}
