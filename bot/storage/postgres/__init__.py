"""The PostgreSQL backend (issue 14): its schema and migration runner so far; see migrate.py."""
