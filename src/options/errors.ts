/** Errors that are the machine's fault rather than the manuscript's, shared by every stage. */

/** A failure of the environment (no browser, an unwritable folder), with the fix in its message. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Raised for options that make no sense, before anything is read or launched. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}
