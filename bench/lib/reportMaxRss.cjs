// Preloaded (node --require) into a measured child when /usr/bin/time is missing: reports the
// process's peak resident set size on exit.
process.on('exit', () => {
  process.stderr.write(`BENCH_MAXRSS ${process.resourceUsage().maxRSS}\n`);
});
