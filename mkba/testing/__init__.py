"""Helpers for testing code built on mkba: hypothesis strategies for valid scenarios."""
