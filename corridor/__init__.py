"""Corridor: tracing, humanitarian corridors and exchange lists across a front line."""
