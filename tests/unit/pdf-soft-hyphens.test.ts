// The soft hyphens that let Chromium hyphenate, taken back out of the PDF's text layer: the content
// stream reader on its own, and the rules on streams written by hand. tests/pdf-soft-hyphens.test.ts
// reads a page Chromium printed before and after the pass, and the default manuscript built by the CLI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { ContentSyntaxError, type Operand } from '../../src/pdf/content-lexer.ts';
import { parseContentStream } from '../../src/pdf/content-stream.ts';
import { cleanPageContent } from '../../src/pdf/soft-hyphens.ts';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('the content stream reader', () => {
  const only = (source: string | Uint8Array) => {
    const operations = parseContentStream(typeof source === 'string' ? latin1(source) : source);
    assert.equal(operations.length, 1, JSON.stringify(operations.map((operation) => operation.operator)));
    return operations[0]!;
  };
  const stringOf = (operand: Operand | undefined) => {
    assert.equal(operand?.type, 'string');
    return text((operand as Extract<Operand, { type: 'string' }>).bytes);
  };

  it('reads literal strings with nested parentheses, escapes, octal codes and line continuations', () => {
    const operation = only('(a(b)c\\) \\\\ \\101\\0537\\n\\t\\(\\q\\\r\nz) Tj');
    assert.equal(operation.operator, 'Tj');
    assert.equal(stringOf(operation.operands[0]), 'a(b)c) \\ A+7\n\t(qz');
  });

  it('reads an end of line inside a literal string as one line feed, whatever its bytes', () => {
    assert.equal(stringOf(only('(a\r\nb\rc\nd) Tj').operands[0]), 'a\nb\nc\nd');
  });

  it('reads hex strings with whitespace inside and an odd last digit', () => {
    assert.equal(stringOf(only('<4 1 4\n2 4> Tj').operands[0]), 'AB@');
    assert.equal(stringOf(only('<feff00AD> Tj').operands[0]), '\xfe\xff\x00\xad');
  });

  it('reads names with #xx escapes, numbers, dictionaries and arrays, with the byte range of each', () => {
    const source = '/Span<</ActualText <feff00ad> /Alt (x) /A#20B [1 -.5 +2 3. /N 0.1234567890123456789]>>BDC';
    const operation = only(source);
    assert.equal(operation.operator, 'BDC');
    assert.deepEqual([operation.start, operation.end], [0, source.length]);
    const [tag, properties] = operation.operands;
    assert.deepEqual(tag && { type: tag.type, value: (tag as { value: string }).value }, { type: 'name', value: 'Span' });
    const entries = (properties as Extract<Operand, { type: 'dict' }>).entries;
    assert.deepEqual([...entries.keys()], ['ActualText', 'Alt', 'A B']);
    const actualText = entries.get('ActualText')!;
    assert.equal(source.slice(actualText.start, actualText.end), '<feff00ad>');
    const array = entries.get('A B') as Extract<Operand, { type: 'array' }>;
    assert.deepEqual(array.items.map((item) => (item.type === 'number' || item.type === 'name' ? item.value : item.type)), [1, -0.5, 2, 3, 'N', 0.1234567890123456789]);
  });

  it('skips comments, but not a percent sign inside a string', () => {
    const operations = parseContentStream(latin1('% BT (not) Tj\n(100%) Tj %trailing\rET'));
    assert.deepEqual(operations.map((operation) => operation.operator), ['Tj', 'ET']);
    assert.equal(stringOf(operations[0]!.operands[0]), '100%');
  });

  it('takes an inline image as one operation, its data however binary, up to the EI that ends it', () => {
    // The data holds " EI " followed by binary bytes: not the end of the image.
    const data = Buffer.from([0x20, 0x45, 0x49, 0x20, 0xff, 0x00, 0x29, 0x28]);
    const source = Buffer.concat([latin1('q BI /W 8 /H 1 /BPC 8 /CS /G /F [] ID '), data, latin1('\nEI Q')]);
    const operations = parseContentStream(source);
    assert.deepEqual(operations.map((operation) => operation.operator), ['q', 'BI', 'Q']);
    assert.equal(text(source.subarray(operations[1]!.start, operations[1]!.end)).slice(-2), 'EI');
  });

  it('takes an inline image by its /L length when it gives one', () => {
    const data = latin1(' EI Q ');
    const source = Buffer.concat([latin1(`BI /W 6 /H 1 /BPC 8 /CS /G /L ${data.length} ID `), data, latin1(' EI (after) Tj')]);
    assert.deepEqual(parseContentStream(source).map((operation) => operation.operator), ['BI', 'Tj']);
  });

  it('throws ContentSyntaxError on what it cannot read', () => {
    for (const bad of ['(unterminated Tj', '<12 zz> Tj', '<12', '[1 2 Tj', '<< /A 1 ] BDC', 'a ) b', '<</A>> BDC', '<<1 2>> BDC', '{ 1 } Do', 'BI /W 1 ID x']) {
      assert.throws(() => parseContentStream(latin1(bad)), ContentSyntaxError, bad);
    }
  });

  it('keeps only the operands the caller reads when told which, and the range of the others', () => {
    const operations = parseContentStream(latin1('1 0 0 1 5 5 cm /F1 9 Tf'), { operandsFor: new Set(['Tf']) });
    assert.deepEqual(operations.map((operation) => [operation.operator, operation.operands.length, operation.start]), [['cm', 0, 0], ['Tf', 2, 15]]);
  });
});

// A ToUnicode CMap for the fonts written by hand: 0001 is the space (Chromium's blank glyph), 0003
// the "fi" ligature, 0004 the hyphen, 0010 to 0019 "a" to "j".
const TO_UNICODE = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0001> <0020> <0003> <00660069> <0004> <002D> endbfchar
1 beginbfrange <0010> <0019> <0061> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`;

/** A one-page document whose content is `streams`, with the font F1 (Type0, Identity-H) and the form /X0 when given. */
async function handmade(streams: string[], form?: string) {
  const document = await PDFDocument.create({ updateMetadata: false });
  const context = document.context;
  const page = document.addPage([200, 200]);
  const font = context.register(
    context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'Handmade', Encoding: 'Identity-H', ToUnicode: context.register(context.stream(TO_UNICODE)) }),
  );
  page.node.setFontDictionary(PDFName.of('F1'), font);
  const refs = streams.map((content) => context.register(context.stream(content)));
  page.node.set(PDFName.of('Contents'), refs.length === 1 ? refs[0]! : context.obj(refs));
  let formRef: PDFRef | undefined;
  if (form !== undefined) {
    const resources = context.obj({ Font: context.obj({ F1: font }) });
    formRef = context.register(context.stream(form, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 200, 200], Resources: resources }));
    page.node.setXObject(PDFName.of('X0'), formRef);
  }
  const read = (ref: PDFRef) => text(decodePDFRawStream(context.lookup(ref) as PDFRawStream).decode());
  return { document, contents: () => refs.map(read), form: () => read(formRef!) };
}

describe('cleanPageContent on streams written by hand', () => {
  it('removes a soft hyphen drawn as a blank glyph, with its marks, and keeps the positioning', async () => {
    const { document, contents } = await handmade([
      'BT /F1 10 Tf 1 0 0 -1 0 20 Tm <0010> Tj\n/Span<</ActualText <feff00ad> >> BDC\n5 0 Td <0001> Tj\nEMC\n0 0 Td <0011> Tj\nET',
    ]);
    assert.deepEqual(cleanPageContent(document, { markArtifacts: false }), { removed: 1, glyphsDeleted: 1, streams: 1, unreadable: 0, artifacts: 0 });
    assert.deepEqual(contents(), ['BT /F1 10 Tf 1 0 0 -1 0 20 Tm <0010> Tj\n5 0 Td 0 0 Td <0011> Tj\nET']);
  });

  it("takes the soft hyphen out of a ligature's ActualText, keeps the rest of it, and removes the blank glyph in it", async () => {
    const { document, contents } = await handmade(['BT /F1 10 Tf <0010> Tj /Span<</ActualText <feff006600ad00660069> >> BDC 4 0 Td <0003> Tj 6 0 Td <0001> Tj EMC 0 0 Td <0012> Tj ET']);
    assert.deepEqual(cleanPageContent(document, { markArtifacts: false }), { removed: 1, glyphsDeleted: 1, streams: 1, unreadable: 0, artifacts: 0 });
    assert.deepEqual(contents(), ['BT /F1 10 Tf <0010> Tj /Span<</ActualText <feff006600660069> >> BDC 4 0 Td <0003> Tj 6 0 Td EMC 0 0 Td <0012> Tj ET']);
  });

  it('keeps a blank glyph whose advance the next glyph depends on, and empties its ActualText instead', async () => {
    const { document, contents } = await handmade(['BT /F1 10 Tf /Span<</ActualText <feff00ad>>> BDC <0001> Tj EMC <0011> Tj ET']);
    assert.deepEqual(cleanPageContent(document, { markArtifacts: false }), { removed: 1, glyphsDeleted: 0, streams: 1, unreadable: 0, artifacts: 0 });
    assert.deepEqual(contents(), ['BT /F1 10 Tf /Span<</ActualText ()>> BDC <0001> Tj EMC <0011> Tj ET']);
  });

  it('keeps marked content that carries an MCID, removing only the blank glyph', async () => {
    const { document, contents } = await handmade(['BT /F1 10 Tf /P <</MCID 3 /ActualText <feff00ad>>> BDC 2 0 Td <0001> Tj EMC 0 0 Td <0011> Tj ET']);
    cleanPageContent(document, { markArtifacts: false });
    assert.deepEqual(contents(), ['BT /F1 10 Tf /P <</MCID 3 /ActualText ()>> BDC 2 0 Td EMC 0 0 Td <0011> Tj ET']);
  });

  it('keeps a drawn hyphen inside a soft-hyphen span, reading as a hyphen-minus (a PDFDocEncoding ActualText too)', async () => {
    const { document, contents } = await handmade(['BT /F1 10 Tf <0010> Tj /Span <</ActualText (\\255)>> BDC 4 0 Td <0004> Tj EMC ET']);
    cleanPageContent(document, { markArtifacts: false });
    assert.deepEqual(contents(), ['BT /F1 10 Tf <0010> Tj /Span <</ActualText <2d>>> BDC 4 0 Td <0004> Tj EMC ET']);
  });

  it('follows a span from one content stream of the page into the next, and into form XObjects', async () => {
    const { document, contents, form } = await handmade(
      ['BT /F1 10 Tf <0010> Tj /Span<</ActualText <feff00ad>>> BDC 3 0 Td <0001> Tj', 'EMC 0 0 Td <0011> Tj ET /X0 Do'],
      'BT /F1 10 Tf /Span<</ActualText <feff00ad>>> BDC 1 0 Td <0001> Tj EMC ET',
    );
    assert.deepEqual(cleanPageContent(document, { markArtifacts: false }), { removed: 2, glyphsDeleted: 2, streams: 3, unreadable: 0, artifacts: 0 });
    assert.deepEqual(contents(), ['BT /F1 10 Tf <0010> Tj 3 0 Td ', '0 0 Td <0011> Tj ET /X0 Do']);
    assert.equal(form(), 'BT /F1 10 Tf 1 0 Td ET');
  });

  it('leaves a stream it cannot read exactly as it was', async () => {
    const broken = 'BT /F1 10 Tf /Span<</ActualText <feff00ad>>> BDC <0001> Tj EMC (unterminated Tj ET';
    const { document, contents } = await handmade([broken]);
    assert.deepEqual(cleanPageContent(document, { markArtifacts: false }), { removed: 0, glyphsDeleted: 0, streams: 0, unreadable: 1, artifacts: 0 });
    assert.deepEqual(contents(), [broken]);
  });

  it('leaves a stream with no soft hyphen untouched', async () => {
    const { document, contents } = await handmade(['BT /F1 10 Tf /Span<</ActualText <feff2019>>> BDC <0004> Tj EMC ET']);
    assert.deepEqual(cleanPageContent(document, { markArtifacts: false }), { removed: 0, glyphsDeleted: 0, streams: 0, unreadable: 0, artifacts: 0 });
    assert.deepEqual(contents(), ['BT /F1 10 Tf /Span<</ActualText <feff2019>>> BDC <0004> Tj EMC ET']);
  });

  it('marks a text object and a painted path drawn outside marked content as artifacts, once', async () => {
    const { document, contents } = await handmade(['BT /F1 8 Tf (Page 1 of 3) Tj ET 0 0 m 10 0 l S /P <</MCID 0>> BDC BT (Title) Tj ET EMC']);
    assert.equal(cleanPageContent(document).artifacts, 2);
    assert.deepEqual(contents(), ['/Artifact BMC\nBT /F1 8 Tf (Page 1 of 3) Tj ET\nEMC /Artifact BMC\n0 0 m 10 0 l S\nEMC /P <</MCID 0>> BDC BT (Title) Tj ET EMC']);
    assert.equal(cleanPageContent(document).artifacts, 0);
  });

  it('leaves alone a text object holding tagged content, a clipping path and the content of a form XObject', async () => {
    const page = 'BT /P <</MCID 0>> BDC (Title) Tj EMC ET 0 0 10 10 re W n /X0 Do';
    const { document, contents, form } = await handmade([page], 'BT (in a form) Tj ET');
    assert.equal(cleanPageContent(document).artifacts, 0);
    assert.deepEqual(contents(), [page]);
    assert.equal(form(), 'BT (in a form) Tj ET');
  });
});
