// Loaded with --import into Imprint's process by the benchmark: records the process's peak
// resident memory (KB) when it exits. Child processes such as Chromium are not counted.
import { writeFileSync } from 'node:fs';

const file = process.env.IMPRINT_BENCH_RSS_FILE;
if (file) {
  // Only the first Node process (Imprint itself) writes; processes it starts inherit the variable.
  delete process.env.IMPRINT_BENCH_RSS_FILE;
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
