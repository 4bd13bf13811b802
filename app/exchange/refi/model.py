"""What a REFI-QDA file says, as plain data (read by ``parse``, written by ``importer``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PUser:
    key: str | None
    name: str


@dataclass
class PCode:
    key: str | None
    name: str
    colour: str | None
    description: str
    note_refs: list[str] = field(default_factory=list)
    children: list["PCode"] = field(default_factory=list)


@dataclass
class PCoding:
    code_ref: str | None
    user_ref: str | None
    created: datetime | None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class PSelection:
    key: str | None
    start: int | None
    end: int | None
    user_ref: str | None
    created: datetime | None
    modified: datetime | None
    description: str
    codings: list[PCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    name: str | None = None  # often the quoted text (tells which way positions were counted)


@dataclass
class PValue:
    variable_ref: str | None
    element: str  # TextValue, IntegerValue, ...
    value: str


@dataclass
class PSource:
    key: str | None
    kind: str  # TextSource, PDFSource, PictureSource, AudioSource, VideoSource
    name: str
    plain_path: str | None
    rich_path: str | None
    content: str | None  # PlainTextContent
    description: str
    created: datetime | None
    selections: list[PSelection] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    values: list[PValue] = field(default_factory=list)
    other_selections: int = 0  # selections of kinds we do not read


@dataclass
class PNote:
    key: str | None
    name: str
    content: str | None
    plain_path: str | None
    user_ref: str | None
    created: datetime | None


@dataclass
class PVariable:
    key: str | None
    name: str
    kind: str  # typeOfVariable


@dataclass
class PCase:
    key: str | None
    name: str
    values: list[PValue] = field(default_factory=list)
    source_refs: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    root: str  # 'Project' | 'CodeBook'
    origin: str
    name: str
    users: list[PUser] = field(default_factory=list)
    codes: list[PCode] = field(default_factory=list)
    sources: list[PSource] = field(default_factory=list)
    notes: list[PNote] = field(default_factory=list)
    variables: list[PVariable] = field(default_factory=list)
    cases: list[PCase] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)  # project-level
    warnings: list[str] = field(default_factory=list)

    @property
    def from_chorus(self) -> bool:
        return self.origin.startswith("Chorus")
