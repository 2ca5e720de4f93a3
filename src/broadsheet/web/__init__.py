"""The reader's web pages (Django app): newest articles, article page, feeds and their health."""
