"""Prefect tasks: each does one step of the pipeline."""
