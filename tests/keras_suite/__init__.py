"""Keras's own summary and plot_model tests, ported with their imports swapped (see compat.py)."""
