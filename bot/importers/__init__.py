"""Importers that turn third-party incident feeds into pending knowledge-base records."""
