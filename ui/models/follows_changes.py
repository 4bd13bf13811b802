"""Item models that keep their rows in step with the session's change sets.

A model with ``apply_changeset(changeset)`` updates the rows a change touched (insert,
remove, change rows; never a reset). ``track(session)`` connects it; a change made
without a change set (blind mode, the coder, settings: ``invalidated``) marks it stale,
and its next ``reload`` reads everything again. While it is fresh, a ``reload`` with the
same filters is free (issue 11, Speed)."""
from __future__ import annotations


class FollowsChangeSets:
    _fresh = False  # the rows follow every change set since they were read
    _tracking = False

    def track(self, session) -> None:
        session.changeset.connect(self.apply_changeset)
        session.invalidated.connect(self.invalidate)
        self._tracking = True

    def invalidate(self) -> None:
        self._fresh = False

    def following(self) -> bool:
        """True while the rows are current without reading them again."""
        return self._tracking and self._fresh
