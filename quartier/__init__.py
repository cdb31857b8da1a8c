"""quartier: a tool for local social development (développement social local)."""
