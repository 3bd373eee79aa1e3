// Runs one (bench module, case, implementation) in its own process, so peak RSS is per case.
// Prints one JSON line: { bytes, ms, responses, maxRssBytes } or { error }. maxRssBytes is this
// process's peak RSS, unless the case measured another process's (end-to-end.js) and says so.

const [modulePath, caseName, impl] = process.argv.slice(2);
try {
  const mod = await import(new URL(modulePath, import.meta.url).href);
  const result = await mod.run(caseName, impl);
  const maxRssBytes = result.maxRssBytes ?? process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssBytes })}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ error: String(e?.message ?? e) })}\n`);
}
