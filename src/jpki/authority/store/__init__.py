"""The authority's own database: tables, engine, migrations."""
