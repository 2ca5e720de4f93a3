"""Storage for the story engine: canonical URLs, duplicates, stories, related articles."""
