"""The IdP's own tables (clients, keys, codes, tokens, logins, consents, signing requests)."""
