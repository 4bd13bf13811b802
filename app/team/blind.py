"""Blind coding: while on, a coder sees only their own segments; the team lead.

The setting lives in the project (so every teammate's copy agrees); views and counts
ask ``visible_coder_ids`` which coders' segments they may show. Switching blind mode
on names a lead (the coder who switched it on); only the lead may switch it off. Each
switch is a ``BlindEvent`` row written through the change pipeline, so it is in the
audit log with its time and coder.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.errors import InvalidOperation
from app.project import Project
from db.models import BlindEvent, Coder, TeamLead

BLIND_KEY = "blind_mode"
LEAD_KEY = "blind_lead"


def is_blind(project: Project) -> bool:
    return project.setting(BLIND_KEY, "off") == "on"


def visible_coder_ids(project: Project) -> list[int] | None:
    """None: every coder is visible; otherwise the ids whose segments may be shown.

    Only looks: a current coder who has no row yet sees nothing (``[]``), and reading
    never adds a coder to the project."""
    if not is_blind(project):
        return None
    me = Coder.get_or_none(Coder.name == project.coder_name.strip())
    return [me.id] if me is not None else []


def require_visible(project: Project, coder_names: list[str]) -> None:
    """In blind mode, refuse (one line) to show any coder's work but the current coder's.

    ``--coder NAME`` filters of listings and exports never change who you are (``--as``
    does), so naming someone else is refused rather than silently showing their work."""
    if not is_blind(project):
        return
    me = project.coder_name.strip()
    others = [n for n in coder_names if n.strip() != me]
    if others:
        raise InvalidOperation(f"blind mode is on: you ({me}) see only your own work, not {others[0]}'s "
                               f"(--as NAME says who you are)")


def lead(project: Project) -> str | None:
    """The coder who switched blind mode on (None when it is off)."""
    return project.setting(LEAD_KEY) if is_blind(project) else None


def _by(project: Project, by: str | None) -> str:
    name = (by or project.coder_name or "").strip()
    if not name:
        raise InvalidOperation("blind mode needs the name of the coder switching it")
    return name


def start_blind(project: Project, by: str | None = None) -> BlindEvent:
    """Switch blind mode on; ``by`` (default: the current coder) becomes the lead."""
    name = _by(project, by)
    if is_blind(project):
        raise InvalidOperation(f"blind mode is already on (lead: {project.setting(LEAD_KEY)})")
    project.coder(name)
    with project.change("Start blind coding", coder=name) as rec:
        rec.set_setting(BLIND_KEY, "on")
        rec.set_setting(LEAD_KEY, name)
        return rec.insert(BlindEvent, action="on", coder_name=name, lead=name)


def end_blind(project: Project, by: str | None = None) -> BlindEvent:
    """Switch blind mode off; refused unless ``by`` is the lead who switched it on."""
    name = _by(project, by)
    if not is_blind(project):
        raise InvalidOperation("blind mode is not on")
    lead_name = project.setting(LEAD_KEY) or ""
    if lead_name and name != lead_name:
        raise InvalidOperation(f"only the lead, {lead_name}, can end blind mode ({name} tried)")
    with project.change("End blind coding", coder=name) as rec:
        rec.set_setting(BLIND_KEY, "off")
        rec.set_setting(LEAD_KEY, None)
        return rec.insert(BlindEvent, action="off", coder_name=name, lead=lead_name or name)


@dataclass(frozen=True)
class BlindEventRow:
    action: str
    coder: str
    lead: str
    at: datetime


def blind_events() -> list[BlindEventRow]:
    """Every switch of blind mode, oldest first."""
    query = BlindEvent.select().order_by(BlindEvent.at, BlindEvent.id)
    return [BlindEventRow(e.action, e.coder_name, e.lead, e.at) for e in query]


# -- the team lead: who adjudicates -----------------------------------------------------
def project_lead() -> str | None:
    """The current lead: the newest of "named lead" (``TeamLead``) and "started blind mode"."""
    named = TeamLead.select().order_by(TeamLead.at.desc(), TeamLead.id.desc()).first()
    started = (BlindEvent.select().where(BlindEvent.action == "on")
               .order_by(BlindEvent.at.desc(), BlindEvent.id.desc()).first())
    if named is None and started is None:
        return None
    if started is None or (named is not None and named.at >= started.at):
        return named.coder_name
    return started.lead


def name_lead(project: Project, name: str, by: str | None = None) -> TeamLead:
    """Name the project's lead; once there is one, only that lead may hand the role on."""
    name = (name or "").strip()
    if not name:
        raise InvalidOperation("name the lead (a coder name)")
    who = _by(project, by)
    current = project_lead()
    if current is not None and who != current:
        raise InvalidOperation(f"only the lead, {current}, can name another lead ({who} tried)")
    if is_blind(project) and name != current:
        raise InvalidOperation("blind mode is on: the lead can be changed after blind mode ends")
    project.coder(name)
    with project.change(f"Name {name} the lead", coder=who) as rec:
        return rec.insert(TeamLead, coder_name=name, named_by=who)


def require_lead(project: Project, what: str) -> str:
    """Refuse (one line) unless the current coder is the lead; returns the lead's name."""
    current = project_lead()
    me = (project.coder_name or "").strip()
    if current is None:
        raise InvalidOperation(f"{what} is the lead's: no lead is named yet "
                               f"(chorus lead PROJECT NAME names one; starting blind mode does too)")
    if me != current:
        raise InvalidOperation(f"only the lead, {current}, can {what} ({me} tried)")
    return current


def require_not_blind(project: Project, what: str) -> None:
    """Refuse (one line) while blind mode is on: review needs everyone's coding."""
    if is_blind(project):
        raise InvalidOperation(f"blind mode is on: {what} is refused until the lead "
                               f"({project.setting(LEAD_KEY)}) ends it (chorus blind PROJECT off)")
