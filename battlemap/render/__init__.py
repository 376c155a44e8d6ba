"""Rendering: the org chart (Graphviz), the view-model and the HTML/PDF battle maps."""
