"""Helpers shared by the STBDA Book notebooks.

Importing this package has no side effects and does not import TensorFlow.
Call :func:`stbda_utils.setup` once at the top of a notebook, then import the
modules you need::

    from stbda_utils import setup
    setup(lang="en")
    from stbda_utils import data, training, figures

Every function a notebook calls passes its arguments through the converters of
:mod:`stbda_utils.checks`, which refuse a wrong kind, shape or non-finite value
with a message naming the argument; the code behind them trusts what they return.
Every word the helpers show is in ``words.toml``, in Korean and English.
"""

from stbda_utils.runtime import setup

__all__ = ["setup"]
__version__ = "0.1.0"
