"""Persistence for jobs (SQLite)."""
