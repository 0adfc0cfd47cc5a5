"""Pydantic models: the shape of the data at each edge of the pipeline."""
