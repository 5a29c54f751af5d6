/** `imprint browser [install]`: which browser a build would use, or a Chrome for Testing downloaded for it. */
import { installChrome, locateBrowser } from '../index.ts';
import { INIT_COMMAND, parseCommandArgs } from './args.ts';
import { EXIT, UsageError } from './usage.ts';

/** Runs the command; returns the exit code. */
export async function browserCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('browser', args, INIT_COMMAND);
  const [action, ...rest] = positionals;
  if (rest.length > 0 || (action !== undefined && action !== 'install')) throw new UsageError('browser takes no argument, or `install`');
  if (action === 'install') {
    process.stderr.write('imprint: downloading Chrome for Testing (stable) into Puppeteer\'s cache…\n');
    process.stdout.write(`${await installChrome()}\n`);
    return EXIT.ok;
  }
  const found = await locateBrowser();
  if (!found) {
    process.stderr.write('imprint: no Chromium or Chrome found: install one (`apt-get install chromium`), run `imprint browser install`, or set PUPPETEER_EXECUTABLE_PATH\n');
    return EXIT.buildError;
  }
  process.stdout.write(`${found.executablePath}\n`);
  process.stderr.write(`imprint: found via ${found.via}\n`);
  return EXIT.ok;
}
