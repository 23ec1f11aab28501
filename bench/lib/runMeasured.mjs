// Runs one contender as a child process and measures its wall time and peak RSS: with
// /usr/bin/time -v when present, else with a preloaded module that reports
// process.resourceUsage().maxRSS when the child exits.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchDir } from './project.mjs';

const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const preload = path.join(benchDir, 'lib', 'reportMaxRss.cjs');

/**
 * runMeasured spawns `node <args>` and resolves with { wallSeconds, cpuSeconds, peakRssMb, status,
 * stdout, stderr, result } where result is the JSON the child printed after "BENCH_RESULT " (if any).
 * `env` is the child's environment (default: this process's).
 */
export function runMeasured({ args, cwd, timeoutMs = 300_000, nodeOptions = [], env = process.env }) {
  return new Promise((resolve, reject) => {
    const command = gnuTime ? gnuTime : process.execPath;
    const argv = gnuTime ? ['-v', process.execPath, ...nodeOptions, ...args] : [...nodeOptions, '--require', preload, ...args];
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stdout = Buffer.concat(out).toString('utf8');
      let stderr = Buffer.concat(err).toString('utf8');
      let peakRssMb;
      const gnu = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      // CPU time (user + system) of the whole process: robust to a busy machine, unlike wall time.
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      if (gnu) {
        peakRssMb = Number(gnu[1]) / 1024;
        stderr = stderr.slice(0, stderr.lastIndexOf('\tCommand being timed'));
      }
      const reported = /BENCH_MAXRSS (\d+) (\d+)/.exec(stderr);
      if (!gnu && reported) peakRssMb = Number(reported[1]) / 1024;
      const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : reported ? Number(reported[2]) / 1e6 : undefined;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
      const result = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) : undefined;
      if (signal === 'SIGKILL') stderr += `\n(killed after ${timeoutMs} ms)`;
      resolve({ wallSeconds, cpuSeconds, peakRssMb, status, stdout, stderr, result });
    });
  });
}

/** median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** percentile (nearest rank) of a list of numbers, p in 0..100. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
