"""Helpers every stage uses: located errors, Vietnamese text, dates and reporting periods, files."""
