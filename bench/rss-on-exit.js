// Loaded with `node --import` into a benchmarked mailscope process: at exit, writes that
// process's own peak RSS and CPU time to the file BENCH_RSS_OUT names, as JSON.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const usage = { maxRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
  if (process.env.BENCH_RSS_OUT) writeFileSync(process.env.BENCH_RSS_OUT, JSON.stringify(usage));
});
