// The saddle-stitch order of a booklet's pages, sheet by sheet. tests/booklet.test.ts imposes real
// PDFs and reads the sheets back with poppler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { saddleStitchOrder } from '../../src/pdf/booklet.ts';

describe('saddleStitchOrder', () => {
  it('puts a single page on the front of one sheet, the rest blank', () => {
    assert.deepEqual(saddleStitchOrder(1), [
      [null, 1],
      [null, null],
    ]);
  });

  it('folds four pages onto one sheet', () => {
    assert.deepEqual(saddleStitchOrder(4), [
      [4, 1],
      [2, 3],
    ]);
  });

  it('pads six pages to eight, leaving pages 7 and 8 blank', () => {
    assert.deepEqual(saddleStitchOrder(6), [
      [null, 1],
      [2, null],
      [6, 3],
      [4, 5],
    ]);
  });

  it('nests two sheets for eight pages, the outer sheet first', () => {
    assert.deepEqual(saddleStitchOrder(8), [
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
    ]);
  });

  it('fills blanks into the full order of the padded count, whose facing pages sum to it plus one', () => {
    for (let count = 1; count <= 41; count++) {
      const padded = Math.ceil(count / 4) * 4;
      const full = saddleStitchOrder(padded);
      assert.equal(full.length, padded / 2, `sides for ${count} pages`);
      assert.deepEqual(
        full.flat().toSorted((a, b) => (a ?? 0) - (b ?? 0)),
        Array.from({ length: padded }, (_, index) => index + 1),
        `pages placed for ${padded} pages`,
      );
      for (const [left, right] of full) assert.equal((left ?? 0) + (right ?? 0), padded + 1, `a side of ${padded} pages`);
      const blankBeyond = (page: number | null) => (page !== null && page <= count ? page : null);
      assert.deepEqual(
        saddleStitchOrder(count),
        full.map(([left, right]) => [blankBeyond(left), blankBeyond(right)]),
        `order for ${count} pages`,
      );
    }
  });

  it('rejects counts that are not a positive whole number', () => {
    for (const count of [0, -4, 2.5, Number.NaN]) {
      assert.throws(() => saddleStitchOrder(count), RangeError);
    }
  });
});
