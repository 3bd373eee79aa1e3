// The prompt says where you are: server, protocol, TLS or not, state and tags waiting.
//   imap 127.0.0.1:1143 tls · selected INBOX read-write · waiting a003 >
import type { PromptInfo } from '../client/types.js';
import type { Theme } from './theme.js';

export function renderPrompt(info: PromptInfo, where: string, encrypted: boolean, theme: Theme): string {
  const security = encrypted ? theme.ok('tls') : theme.no('plain');
  const parts = [`${theme.name(info.protocol)} ${where} ${security}`, info.state];
  if (info.waiting.length > 0) parts.push(theme.dim(`waiting ${info.waiting.join(' ')}`));
  if (info.continuation) parts.push(theme.continuation(info.continuation));
  return `${parts.join(theme.dim(' · '))} > `;
}
