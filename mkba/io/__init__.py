"""I/O at the edges: reading scenarios (with locations) and writing deterministic results."""
