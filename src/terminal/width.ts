// The width text is laid out at. A terminal says its columns; some say 0 (`script`, `docker
// exec -t`, a serial console: a pty whose size nobody set), and laid out at 0 columns every
// word went on a line of its own. Then $COLUMNS (what the shell knows, or the user set), else
// none: the caller's default.

/** The columns of `stream` when it reports some, else $COLUMNS when it is a positive number, else undefined. */
export function layoutWidth(stream: { columns?: number }, env: NodeJS.ProcessEnv): number | undefined {
  if (stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}
