"""Territory statistics as INSEE publishes them: plain Python, no Django import."""
