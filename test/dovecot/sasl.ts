// Minimal SASL client steps for checking that Dovecot's passdb accepts each mechanism.
// Independent of src/protocol/sasl on purpose: these tests check the server, not our code.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

/** RFC 4616: authzid NUL authcid NUL passwd. */
export function plainResponse(user: string, password: string): string {
  return b64(`\0${user}\0${password}`);
}

/** RFC 2195: "user hex(HMAC-MD5(password, challenge))". */
export function cramMd5Response(user: string, password: string, challengeB64: string): string {
  const digest = createHmac('md5', password).update(Buffer.from(challengeB64, 'base64')).digest('hex');
  return b64(`${user} ${digest}`);
}

/** RFC 5802/7677 client for a user name and password needing no SASLprep or escaping. */
export class ScramSha256Client {
  private readonly nonce = randomBytes(18).toString('base64');
  private readonly clientFirstBare: string;
  private expectedServerSignature = '';

  constructor(user: string, private readonly password: string) {
    this.clientFirstBare = `n=${user},r=${this.nonce}`;
  }

  first(): string {
    return b64(`n,,${this.clientFirstBare}`);
  }

  final(serverFirstB64: string): string {
    const serverFirst = Buffer.from(serverFirstB64, 'base64').toString();
    const attrs = new Map(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)] as const));
    const combinedNonce = attrs.get('r') ?? '';
    if (!combinedNonce.startsWith(this.nonce)) throw new Error('server nonce does not extend ours');
    const salted = pbkdf2Sync(this.password, Buffer.from(attrs.get('s') ?? '', 'base64'), Number(attrs.get('i')), 32, 'sha256');
    const clientKey = hmac(salted, 'Client Key');
    const withoutProof = `c=${b64('n,,')},r=${combinedNonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = hmac(createHash('sha256').update(clientKey).digest(), authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
    this.expectedServerSignature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
    return b64(`${withoutProof},p=${proof.toString('base64')}`);
  }

  /** True when the server proved it knows the password too (the "v=" attribute). */
  verifies(serverFinalB64: string): boolean {
    return Buffer.from(serverFinalB64, 'base64').toString() === `v=${this.expectedServerSignature}`;
  }
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}
