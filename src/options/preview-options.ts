/** The preview's own option, checked like the build's. */
import * as v from 'valibot';

/** A TCP port on the loopback interface; 0 lets the system pick a free one. */
export const PortSchema = v.pipe(
  v.number('--port must be a number from 0 to 65535'),
  v.check((port) => Number.isInteger(port) && port >= 0 && port <= 65535, (issue) => `--port must be a number from 0 to 65535, not ${String(issue.input)}`),
);
