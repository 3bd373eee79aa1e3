// `:raw [on|off]`, `:json [on|off]`, `:guard [on|off]`: the one reading of a switch's argument.
import type { SessionContext } from './context.js';

/**
 * The switch a `:NAME on|off` asks for. None given asks where the switch stands: `shows` tells
 * it, nothing changes, and undefined is returned (it used to toggle, so `:guard` alone turned
 * the guard-rails off). Anything else is refused with one line, and undefined returned.
 */
export function onOff(ctx: SessionContext, name: string, arg: string | undefined, current: boolean, shows: (on: boolean) => void): boolean | undefined {
  if (arg === undefined) {
    shows(current);
    return undefined;
  }
  if (/^(on|yes|1|true)$/i.test(arg)) return true;
  if (/^(off|no|0|false)$/i.test(arg)) return false;
  ctx.problem('error', `:${name} takes on or off, not "${arg}"`);
  return undefined;
}

/**
 * Where a switch stands, said the one way every switch says it: an information note
 * (`· raw mode on`), a JSON object in JSON mode (a script piping into jq reads only JSON).
 */
export function saySwitch(ctx: SessionContext, what: string, on: boolean, aside = ''): void {
  ctx.display.listener.note('info', `${what} ${on ? 'on' : 'off'}${aside}`);
}
