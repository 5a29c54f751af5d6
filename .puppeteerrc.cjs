// Imprint finds its browser itself (see src/browser.ts) and `npm run setup` installs one
// when none is found, so `npm ci` never downloads Chrome: on a closed network that
// download fails and takes the whole install down with it.
module.exports = { skipDownload: true };
