"""The seeds' service providers, each using the platform and the IdP only over HTTP/OIDC."""
