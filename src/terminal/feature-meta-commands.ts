// Meta-commands of the features built on the core: bodies (:show, :save), explanations, login, TLS, recording.
import { BODY_META_COMMANDS } from './features/bodies.js';
import { EXPLAIN_META_COMMANDS } from './features/explain.js';
import { LOGIN_META_COMMANDS } from './features/login.js';
import { TRANSPORT_META_COMMANDS } from './features/transport.js';
import type { MetaCommand } from './meta-commands.js';

export const FEATURE_META_COMMANDS: MetaCommand[] = [...BODY_META_COMMANDS, ...EXPLAIN_META_COMMANDS, ...LOGIN_META_COMMANDS, ...TRANSPORT_META_COMMANDS];
