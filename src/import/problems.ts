/** Why a capture cannot be imported, in words for its user: the capture is left out and nothing of it is written. */
export class ImportProblem extends Error {
  override name = 'ImportProblem';
}
