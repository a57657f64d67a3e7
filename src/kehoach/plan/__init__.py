"""Stage 1, the plan: YAML with positions → pydantic model → semantic rules; lookups by what an officer types."""
