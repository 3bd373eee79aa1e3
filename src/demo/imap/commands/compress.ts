// COMPRESS (RFC 4978): DEFLATE is the only algorithm; a second COMPRESS gets
// NO [COMPRESSIONACTIVE] (section 3). The switch happens after the tagged OK is sent.
import { atomOf, requireCount } from '../args.js';
import { bad, no, ok, type Handler } from '../context.js';

export const COMPRESS: Handler = (ctx, call) => {
  requireCount(call.args, 1, 'COMPRESS DEFLATE');
  if (atomOf(call.args[0])?.toUpperCase() !== 'DEFLATE') return bad('only COMPRESS DEFLATE is supported');
  if (ctx.compressed) return no('DEFLATE is already active', 'COMPRESSIONACTIVE');
  return { ...ok('DEFLATE active'), after: () => ctx.startCompression() };
};
