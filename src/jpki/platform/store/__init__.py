"""The platform's own database: tenants, keys, challenges, evidence."""
