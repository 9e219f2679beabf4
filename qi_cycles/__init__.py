"""Improvement projects: PDSA cycles, measures, run charts and SPC, shared case studies."""
