"""The attribute authority's tables and database."""
