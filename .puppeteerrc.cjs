// Imprint depends on puppeteer-core only and finds its browser itself (src/browser/locate.ts).
// The full `puppeteer` package comes in with a test tool (DAISY Ace); its install step must not
// download Chrome: on a closed network that download fails and takes `npm ci` down with it.
module.exports = { skipDownload: true };
