"""What every service provider of the use cases shares: the platform's REST API as an outside
company calls it, the wallet's protocol on the service's side, the services' database and
bilingual pages."""
