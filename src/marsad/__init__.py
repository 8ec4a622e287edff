"""Marsad (مرصد): structured, verifiable records from Arabic news.

>>> import marsad
>>> doc = marsad.extract("قال وزير الخارجية التركي ...", published="2016-12-13")
>>> doc.to_dict()["quotes"]
"""

from .document import Document
from .errors import MarsadError
from .pipeline import Pipeline, __version__, extract, load
from .settings import Settings

__all__ = ["Document", "MarsadError", "Pipeline", "Settings", "__version__", "extract", "load"]
