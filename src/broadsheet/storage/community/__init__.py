"""Storage for comments, moderation decisions and alert rules."""
