"""Forms of the association, one module per concern."""
