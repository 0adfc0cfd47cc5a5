"""Benchmarks of legation: a seeded corpus generator, the pipeline end to end, and the extractor alone.

Run ``python -m benchmarks --help``; BENCHMARKS.md holds the figures and the commands that produced them.
"""
