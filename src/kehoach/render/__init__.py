"""Report rendering: one context, rendered as Markdown (Jinja2) and DOCX (docxtpl)."""
