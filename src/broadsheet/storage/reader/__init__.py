"""Storage for readers: API tokens, read/saved/muted state, comments, alerts."""
