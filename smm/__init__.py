"""smm: social media management as code.

Data flows one way: files -> model (project, content) -> checks or renderer ->
publisher or site. Importing the package imports nothing else: the pre-commit path
stays fast because every command imports only what it uses.
"""

__version__ = "0.1.0"
