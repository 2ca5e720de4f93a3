"""Storage for the intelligence layer: entities, hashtags, quotes, summaries."""
