"""The stakeholder site: generated Markdown pages and assets, built by MkDocs.

generate.py writes the pages; build.py runs MkDocs on them (build and serve).
"""
