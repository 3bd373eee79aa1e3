// `:raw on|off`, `:json on|off`, `:guard on|off`: the one reading of a switch's argument.
import type { SessionContext } from './context.js';

/**
 * The switch a `:NAME on|off` asks for: none given toggles `current`. Anything else is refused
 * with one line, and undefined returned (it used to turn the switch off).
 */
export function onOff(ctx: SessionContext, name: string, arg: string | undefined, current: boolean): boolean | undefined {
  if (arg === undefined) return !current;
  if (/^(on|yes|1|true)$/i.test(arg)) return true;
  if (/^(off|no|0|false)$/i.test(arg)) return false;
  ctx.problem('error', `:${name} takes on or off, not "${arg}"`);
  return undefined;
}
