"""Evaluation: newsgraph measured against gold data that lives outside the package."""
