"""Storage for cached summaries and answers with their citations."""
