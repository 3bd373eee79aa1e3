// The width text is laid out at. A terminal says its columns; some say 0 (`script`, `docker
// exec -t`, a serial console: a pty whose size nobody set), and laid out at 0 columns every
// word went on a line of its own. Then $COLUMNS (what the shell knows, or the user set), else
// none: the caller's default.

/** $COLUMNS when it is a positive number: read once by the caller (process.env is slow to read, and widths are asked per response). */
export function columnsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** The columns of `stream` when it reports some, else `fallback` (columnsFromEnv). */
export function layoutWidth(stream: { columns?: number }, fallback: number | undefined): number | undefined {
  return stream.columns !== undefined && stream.columns > 0 ? stream.columns : fallback;
}
