// The two protocols mailscope speaks, named once for every layer.
export type Protocol = 'imap' | 'pop3';
