"""The languages of an event: what is spoken on the floor and what it is interpreted into."""

from attrs import field, frozen

from . import _checks as check
from .exceptions import ValidationError

__all__ = ["LanguagePlan"]


@frozen(kw_only=True)
class LanguagePlan:
    """The floor language and the languages offered beside it, all as BCP 47 tags.

    ``interpretation`` lists the targets of simultaneous interpretation, ``captions`` the
    languages of live captions, ``sign_languages`` the sign languages (``ase``, ``bfi``...).
    """

    floor: str = field(converter=check.language_tag, validator=check.language)
    """The BCP 47 tag of the language spoken on the floor (``en``)."""
    interpretation: tuple[str, ...] = field(
        default=(), converter=check.language_tags, validator=check.tuple_of(check.language, unique=True)
    )
    """BCP 47 tags of the languages interpreted into, without repeats and without the floor language."""
    captions: tuple[str, ...] = field(
        default=(), converter=check.language_tags, validator=check.tuple_of(check.language, unique=True)
    )
    """BCP 47 tags of the languages of live captions, without repeats."""
    sign_languages: tuple[str, ...] = field(
        default=(), converter=check.language_tags, validator=check.tuple_of(check.language, unique=True)
    )
    """BCP 47 tags of the sign languages interpreted into (``ase``, ``bfi``), without repeats."""

    def __attrs_post_init__(self) -> None:
        if self.floor in self.interpretation:
            index = self.interpretation.index(self.floor)
            raise ValidationError(f"interpretation[{index}]", "repeats the floor language")

    @property
    def spoken(self) -> tuple[str, ...]:
        """The floor language followed by the interpretation targets."""
        return (self.floor, *self.interpretation)
