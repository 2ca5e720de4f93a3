"""Storage for full-text search: SQLite FTS5 or PostgreSQL full-text, behind one interface."""
