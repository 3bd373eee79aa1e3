// Public API of the SASL layer (pure: bytes in, bytes out).
export type {
  SaslClient, SaslClientOptions, SaslCredentials, SaslServer, SaslServerOptions, SaslServerStep, SaslUserLookup,
} from './types.js';
export { createSaslClient } from './client.js';
export { createSaslServer, SERVER_MECHANISMS } from './server.js';
export { bestMechanism, type SaslSecrets } from './best.js';
export { redactSaslChallenge, redactSaslResponse } from './redact.js';
export { apopDigest, greetingTimestamp } from './apop.js';
export { DEMO_OAUTH_TOKEN, decodeOauthError, describeOauthChallenge, type OauthError } from './oauth.js';
export { MECHANISMS, findMechanism } from './mechanisms.js';
export { cramMd5Digest } from './cram-md5.js';
