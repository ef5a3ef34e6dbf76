"""Exporters that publish curated knowledge-base records in third-party formats."""
