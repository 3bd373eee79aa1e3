// Meta-commands of the features built on the core: explanations, login, TLS, recording.
import type { MetaCommand } from './meta-commands.js';

export const FEATURE_META_COMMANDS: MetaCommand[] = [];
