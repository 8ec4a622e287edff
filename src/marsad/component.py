"""What a pipeline component is: a named ``Document -> Document`` callable that declares
the layers it requires and provides. Extractors describe themselves with ``ComponentSpec``;
``marsad.pipeline`` assembles and checks them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .document import Document

if TYPE_CHECKING:
    from .settings import Settings

Process = Callable[[Document], Document]


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    make: Callable[[Settings], Process]
    description: str = ""
