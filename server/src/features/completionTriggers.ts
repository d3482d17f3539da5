// The characters that make a client ask for completion: announced at initialize by the server
// entry, which answers before the analysis core (features/completion.ts) is loaded.
export const COMPLETION_TRIGGERS = ['-', ',', '=', ' '];
