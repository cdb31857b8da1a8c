"""The consultation app's pages, one module per concern (as in `actions`): `consultations`,
`capture` (with the public form and moderation), `listing`, `importing`, `grouping`, `curation`,
`restitution`; `common` holds what they share."""
