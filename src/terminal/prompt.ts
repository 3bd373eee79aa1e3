// The prompt says where you are: server, protocol, TLS or not, state and tags waiting.
//   imap 127.0.0.1:1143 tls · selected INBOX read-write · waiting a003 >
// On a narrow terminal the server's address goes first (the greeting named it), so that a
// long prompt (`· waiting a003 · IDLE: type done`) leaves room to type on its row.
import type { PromptInfo } from '../client/types.js';
import type { Theme } from './theme.js';

/** Columns a prompt leaves for typing before it drops the server's address. */
const ROOM_TO_TYPE = 20;

const ANSI = /\x1b\[[0-9;]*m/g;

export function renderPrompt(info: PromptInfo, where: string, encrypted: boolean, theme: Theme, columns?: number): string {
  const full = promptText(info, where, encrypted, theme);
  if (columns === undefined || visibleWidth(full) <= columns - ROOM_TO_TYPE) return full;
  return promptText(info, undefined, encrypted, theme);
}

function promptText(info: PromptInfo, where: string | undefined, encrypted: boolean, theme: Theme): string {
  const security = encrypted ? theme.ok('tls') : theme.no('plain');
  const parts = [[theme.name(info.protocol), where, security].filter(Boolean).join(' '), info.state];
  if (info.waiting.length > 0) parts.push(theme.dim(`waiting ${info.waiting.join(' ')}`));
  if (info.continuation) parts.push(theme.continuation(info.continuation));
  return `${parts.join(theme.dim(' · '))} > `;
}

/** Columns of the prompt's text: one per character (`·` is one), colours taking none. */
function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
