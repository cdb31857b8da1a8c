"""Thin views of the association, one module per concern: each fetches its object with
`quartier.core.permissions.access`, calls the rules in `actions/`, and renders."""
