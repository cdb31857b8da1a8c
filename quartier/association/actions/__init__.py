"""Business rules of the association, one module per concern: views, commands, the demo and
tests call these functions, never the models' write methods directly."""
