/**
 * An SVG's bytes as text. An SVG is XML, so its encoding is named by a byte order mark or the
 * XML declaration (UTF-8 when neither says otherwise), never guessed from the file name.
 */

/** The UTF-16 encoding a byte order mark names, or undefined (UTF-8's BOM needs no label). */
export function bomEncoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * The SVG as text without a byte order mark: text is taken as it is, bytes are decoded in the
 * encoding they declare. Undefined when the bytes are not valid in that encoding.
 */
export function svgText(input: Uint8Array | string): string | undefined {
  return typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decode(input);
}

/** Text from bytes: a BOM decides, then the XML declaration's encoding, else UTF-8; undefined if invalid. */
function decode(bytes: Uint8Array): string | undefined {
  let label: string | undefined = bomEncoding(bytes);
  if (!label) {
    const start = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    label = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(start)?.[1] ?? 'utf-8';
  }
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes); // drops the BOM
  } catch {
    return undefined;
  }
}
