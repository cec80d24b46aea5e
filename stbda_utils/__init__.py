"""Helpers shared by the STBDA Book notebooks.

Importing this package has no side effects and does not import TensorFlow.
Call :func:`stbda_utils.setup` once at the top of a notebook, then import the
modules you need::

    from stbda_utils import setup
    setup(lang="en")
    from stbda_utils import data, training, figures
"""

from stbda_utils.runtime import setup

__all__ = ["setup"]
__version__ = "0.1.0"
