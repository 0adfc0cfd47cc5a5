"""Prefect flows that compose the tasks, and the command line."""
