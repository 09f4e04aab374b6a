"""smm: social media management as code.

Data flows one way: files -> model (project, content) -> checks or renderer ->
publisher or site. Importing the package imports nothing else: the pre-commit path
stays fast because every command imports only what it uses.
"""

# The one place the version is written: pyproject.toml reads it (dynamic version),
# `smm --version` prints it, `smm init` pins content repositories to it, and the
# release tag that the GitHub Action is used at is `v` + it.
__version__ = "0.1.0"

# The distribution's name on PyPI (`smm` there is an unrelated package) and the GitHub
# repository it is released from: the action (`uses: REPOSITORY@v<version>`) and the
# git-URL pin a scaffold installs until the distribution is published. Also in
# pyproject.toml's [project.urls]; tests/test_dist.py keeps the two the same.
DIST = "smm-as-code"
REPOSITORY = "smm-as-code/smm"


def action_ref() -> str:
    """`OWNER/REPO@vX.Y.Z`: what a content repository's workflows say after `uses:`."""
    return f"{REPOSITORY}@v{__version__}"


def git_pin() -> str:
    """The requirement that installs exactly this version from its release tag."""
    return f"{DIST} @ git+https://github.com/{REPOSITORY}@v{__version__}"
