"""The government authentication platform and SSO (seed 001): two ministries' e-application
sites and a private site that accept the same card login through the IdP, signing on once."""
