// Preloaded (node --require) into a measured child when /usr/bin/time is missing: reports the
// process's peak resident set size (KB) and CPU time (µs, user + system) on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`BENCH_MAXRSS ${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
