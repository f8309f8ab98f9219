'use strict';
// Preloaded into a CLI run by the bench (`node --require bench/report-rss.js …`): prints the peak RSS
// of the process on exit, on stderr, for the bench to read.
process.on('exit', () => {
  process.stderr.write(`\nPEAK_RSS_BYTES ${process.resourceUsage().maxRSS * 1024}\n`);
});
