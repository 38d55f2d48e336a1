"""Compare two assessments of the same product: what changed, per control and per domain.

Auditors ask "what got better, what got worse, and what is new since last
time?". Each control gets exactly one status from its scope and credit in the
old and the new assessment, and a note when the pack itself changed under it
(added, removed, reworded). The old file may name controls the current pack
no longer has: it is read leniently, and those answers are reported as
removed, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import Field

from toolkit.engine.risk import assess_risk
from toolkit.engine.scoring import score
from toolkit.i18n import _
from toolkit.model.assessment import Assessment
from toolkit.model.base import Strict
from toolkit.model.pack import Control, Pack, Severity
from toolkit.model.result import ControlOutcome, Rating, Result, RiskRegister, Scorecard


class Status(StrEnum):
    """What happened to one control between the two assessments: changes first, the
    better news before the worse, then what only moved in or out of scope, then what
    stayed as it was."""

    FIXED = "fixed"
    IMPROVED = "improved"
    ANSWER_CHANGED = "answer changed"
    WORSENED = "worsened"
    NEW_GAP = "new gap"
    REGRESSED = "regressed"
    NEWLY_IN_SCOPE = "newly in scope"
    OUT_OF_SCOPE_NOW = "out of scope now"
    REMOVED = "removed from pack"
    STILL_OPEN = "still open"
    STILL_MET = "still met"
    NOT_IN_SCOPE = "not in scope"


STATUS_MEANING: dict[Status, str] = {
    Status.FIXED: "a gap before, fully met now",
    Status.IMPROVED: "a gap in both, with more credit now (e.g. no → partial)",
    Status.ANSWER_CHANGED: "a gap in both with the same credit, a different answer "
    "(e.g. unknown → no)",
    Status.WORSENED: "a gap in both, with less credit now (e.g. partial → no)",
    Status.NEW_GAP: "not scored before (out of scope, not applicable or new); a gap now",
    Status.REGRESSED: "fully met before, a gap now",
    Status.NEWLY_IN_SCOPE: "not scored before (out of scope, not applicable or new); met now",
    Status.OUT_OF_SCOPE_NOW: "scored before; out of scope or not applicable now",
    Status.REMOVED: "answered before, but the current pack no longer has this control",
    Status.STILL_OPEN: "a gap in both, with the same answer",
    Status.STILL_MET: "fully met in both",
    Status.NOT_IN_SCOPE: "scored in neither",
}
UNCHANGED = (Status.STILL_OPEN, Status.STILL_MET, Status.NOT_IN_SCOPE)
"""Statuses that are counted, not listed control by control (unless asked for all)."""
"""One line per status, printed with every comparison so the categories are never guessed."""


class ControlChange(Strict):
    """One control in the old and the new assessment."""

    id: str
    domain: str
    title: str
    severity: Severity | None = Field(description="None for a control the pack no longer has")
    status: Status
    pack_change: str = Field(description="added, removed or reworded between pack versions; or ''")
    old_answer: str = Field(description="the answer, 'unanswered', or why it was not scored")
    new_answer: str
    old_credit: float | None
    new_credit: float | None


class ScoreDelta(Strict):
    """A domain's (or the overall) score and rating, before and after."""

    prefix: str
    title: str
    old_score: float | None
    new_score: float | None
    delta: float | None = Field(description="new minus old, when both are scored")
    old_rating: Rating | None
    new_rating: Rating | None

    def shown(self) -> tuple[str, str, str]:
        """Before, after and change as printed: whole numbers when they add up, one
        decimal when rounding would hide the change (60.3 → 63.7 is +3.4, not 60 → 64 +3)."""
        if self.old_score is None or self.new_score is None or self.delta is None:
            return _score(self.old_score, 0), _score(self.new_score, 0), "—"
        whole = round(self.new_score) - round(self.old_score) == round(self.delta)
        digits = 0 if whole else 1
        change = f"{self.delta:+.{digits}f}" if self.delta else "0"
        return _score(self.old_score, digits), _score(self.new_score, digits), change


def _score(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class Run(Strict):
    """One of the two assessments, named as people know it."""

    file: str
    product: str
    version: str
    assessed_on: date | None
    pack: str

    @property
    def name(self) -> str:
        """`Kite 2.1, 2026-05-01` (the file name when the product has no name)."""
        product = " ".join(part for part in (self.product, self.version) if part) or self.file
        return f"{product}, {self.assessed_on or 'undated'}"


class RiskChange(Strict):
    """One harm's levels before and after: inherent, residual as it stands (recorded,
    else suggested) and crbd's suggested residual; a level is '' where the harm was out of
    scope or not in the pack."""

    harm_id: str
    title: str
    old_inherent: str
    new_inherent: str
    old_residual: str
    new_residual: str
    old_suggested: str = ""
    new_suggested: str = ""
    revisit: list[str] = Field(
        default_factory=list,
        description="in the new assessment, what changed since the harm was rated",
    )
    change: str = Field(
        description="residual higher, lower or same; inherent (only the inherent level "
        "changed); suggested higher or lower (only crbd's suggestion changed); to revisit "
        "(the factors or mitigating answers the rating saw changed); new or gone (in scope "
        "on one side only)"
    )


class Comparison(Strict):
    """Everything a progress report needs about two assessments of one product."""

    product: str
    old_file: str
    new_file: str
    old_date: date | None
    new_date: date | None
    old_pack: str
    new_pack: str
    overall: ScoreDelta
    domains: list[ScoreDelta]
    controls: list[ControlChange]
    counts: dict[Status, int]
    notes: list[str] = Field(description="what the reader must know to read the comparison")
    warnings: list[str]
    risks: list[RiskChange] = Field(
        default_factory=list, description="per harm, the risk levels before and after"
    )

    @property
    def risk_changes(self) -> list[RiskChange]:
        return [risk for risk in self.risks if risk.change != "same"]

    old_run: Run
    new_run: Run

    @property
    def pack_changed(self) -> bool:
        """Whether a listed control's pack change is known (only with the old pack given;
        a removed control says so by its status)."""
        return any(c.pack_change and c.status is not Status.REMOVED for c in self.controls)


@dataclass(frozen=True)
class Side:
    """One assessment read leniently against a pack: ids the pack lacks are kept apart."""

    path: Path
    assessment: Assessment
    unknown_ids: list[str]
    warnings: list[str]


def compare(old: Side, new: Side, pack: Pack, old_pack: Pack | None = None) -> Comparison:
    """The comparison of two sides; without `old_pack`, the current pack scores both."""
    before = old_pack or pack
    old_result, new_result = score(before, old.assessment), score(pack, new.assessment)
    old_outcomes = {o.id: o for o in old_result.controls}
    new_outcomes = {o.id: o for o in new_result.controls}
    changes = [
        _change(control, old_outcomes.get(control.id), new_outcomes[control.id], before)
        for control in pack.controls()
    ]
    gone = [c for c in before.controls() if pack.control(c.id) is None] if old_pack else []
    changes += [_removed(control.id, control, old_outcomes[control.id]) for control in gone]
    gone_ids = {control.id for control in gone}
    unknown = [i for i in old.unknown_ids if i not in gone_ids]
    changes += [_removed(control_id, None, None, old.assessment) for control_id in unknown]
    rank = {status: index for index, status in enumerate(Status)}
    changes.sort(key=lambda change: rank[change.status])
    return Comparison(
        product=new.assessment.metadata.product or old.assessment.metadata.product,
        old_file=str(old.path),
        new_file=str(new.path),
        old_date=old_result.assessed_on,
        new_date=new_result.assessed_on,
        old_pack=f"{before.id} {old.assessment.pack.version}",
        new_pack=f"{pack.id} {pack.version}",
        overall=_delta("", "Overall", old_result.overall, new_result.overall),
        domains=_domain_deltas(old_result, new_result),
        controls=changes,
        counts={status: sum(c.status == status for c in changes) for status in Status},
        notes=_notes(old, new, pack, old_pack),
        warnings=[*old.warnings, *new.warnings],
        risks=_risk_changes(
            assess_risk(before, old.assessment, old_result),
            assess_risk(pack, new.assessment, new_result),
        ),
        old_run=_run(old, old_result, f"{before.id} {old.assessment.pack.version}"),
        new_run=_run(new, new_result, f"{pack.id} {pack.version}"),
    )


def _run(side: Side, result: Result, pack: str) -> Run:
    metadata = side.assessment.metadata
    return Run(
        file=side.path.name,
        product=metadata.product,
        version=metadata.product_version,
        assessed_on=result.assessed_on,
        pack=pack,
    )


def _risk_changes(old: RiskRegister, new: RiskRegister) -> list[RiskChange]:
    before = {line.harm_id: line for line in old.lines}
    now = {line.harm_id: line for line in new.lines}
    changes = []
    for harm_id in [*now, *(h for h in before if h not in now)]:
        was, is_ = before.get(harm_id), now.get(harm_id)
        if was is None or is_ is None:
            change = "new" if was is None else "gone"
        elif new.rank(is_.standing) != old.rank(was.standing):
            change = "higher" if new.rank(is_.standing) > old.rank(was.standing) else "lower"
        elif is_.inherent != was.inherent:
            change = "inherent"
        elif is_.suggested_residual != was.suggested_residual:
            higher = new.rank(is_.suggested_residual) > old.rank(was.suggested_residual)
            change = "suggested higher" if higher else "suggested lower"
        else:
            change = "to revisit" if is_.to_revisit else "same"
        if change not in ("same", "to revisit", "gone") and is_ is not None and is_.to_revisit:
            change += ", to revisit"
        changes.append(
            RiskChange(
                harm_id=harm_id,
                title=next(line.title for line in (is_, was) if line is not None),
                old_inherent=was.inherent if was else "",
                new_inherent=is_.inherent if is_ else "",
                old_residual=was.standing if was else "",
                new_residual=is_.standing if is_ else "",
                old_suggested=was.suggested_residual if was else "",
                new_suggested=is_.suggested_residual if is_ else "",
                revisit=list(is_.revisit) if is_ else [],
                change=change,
            )
        )
    return changes


def _change(
    control: Control, old: ControlOutcome | None, new: ControlOutcome, old_pack: Pack
) -> ControlChange:
    was_scored = old is not None and old.scope == "in_scope"
    is_scored = new.scope == "in_scope"
    old_credit = old.credit if old is not None and was_scored else None
    new_credit = new.credit if is_scored else None
    if was_scored and is_scored:
        same = old is not None and old.answer == new.answer
        status = _scored_in_both(old_credit or 0.0, new_credit or 0.0, same)
    elif is_scored:
        status = Status.NEWLY_IN_SCOPE if new_credit == 1.0 else Status.NEW_GAP
    else:
        status = Status.OUT_OF_SCOPE_NOW if was_scored else Status.NOT_IN_SCOPE
    return ControlChange(
        id=control.id,
        domain=control.prefix,
        title=control.title,
        severity=control.severity,
        status=status,
        pack_change=_pack_change(old_pack.control(control.id), control, old_pack),
        old_answer=old.shown if old is not None else "not in the pack then",
        new_answer=new.shown,
        old_credit=old_credit,
        new_credit=new_credit,
    )


def _scored_in_both(old_credit: float, new_credit: float, same_answer: bool) -> Status:
    if old_credit == 1.0:
        return Status.STILL_MET if new_credit == 1.0 else Status.REGRESSED
    if new_credit == 1.0:
        return Status.FIXED
    if new_credit > old_credit:
        return Status.IMPROVED
    if new_credit < old_credit:
        return Status.WORSENED
    return Status.STILL_OPEN if same_answer else Status.ANSWER_CHANGED


def _pack_change(before: Control | None, now: Control, old_pack: Pack) -> str:
    """Only knowable when the old pack is given (otherwise both sides use the same one)."""
    if before is None:
        return "added"
    if before is now:
        return ""
    changed = [
        name
        for name in ("title", "question", "partial", "guidance")
        if getattr(before, name) != getattr(now, name)
    ]
    if before.severity != now.severity:
        changed.append(f"severity {before.severity.value} → {now.severity.value}")
    if before.applies_when != now.applies_when:
        changed.append("scope condition")
    return f"reworded ({', '.join(changed)})" if changed else ""


def _removed(
    control_id: str,
    control: Control | None,
    outcome: ControlOutcome | None,
    assessment: Assessment | None = None,
) -> ControlChange:
    """A control the current pack lacks; its old answer is shown as given."""
    given = assessment.answers[control_id] if assessment is not None else None
    old_answer = outcome.shown if outcome else (given.answer.value if given else "unanswered")
    return ControlChange(
        id=control_id,
        domain=control.prefix if control else control_id.rsplit("-", 1)[0],
        title=control.title if control else "",
        severity=control.severity if control else None,
        status=Status.REMOVED,
        pack_change="removed",
        old_answer=old_answer,
        new_answer="not in the pack",
        old_credit=outcome.credit if outcome else None,
        new_credit=None,
    )


def _delta(prefix: str, title: str, old: Scorecard | None, new: Scorecard | None) -> ScoreDelta:
    old_score = old.score if old else None
    new_score = new.score if new else None
    both = old_score is not None and new_score is not None
    return ScoreDelta(
        prefix=prefix,
        title=title,
        old_score=old_score,
        new_score=new_score,
        delta=round((new_score or 0.0) - (old_score or 0.0), 1) if both else None,
        old_rating=old.rating if old else None,
        new_rating=new.rating if new else None,
    )


def _domain_deltas(old: Result, new: Result) -> list[ScoreDelta]:
    before = {d.prefix: d for d in old.domains}
    now = {d.prefix: d for d in new.domains}
    titles = {d.prefix: d.title for d in [*old.domains, *new.domains]}
    order = [*now, *(prefix for prefix in before if prefix not in now)]
    return [_delta(p, titles[p], before.get(p), now.get(p)) for p in order]


def _notes(old: Side, new: Side, pack: Pack, old_pack: Pack | None) -> list[str]:
    """What the reader must know, in the language in force (the JSON and CSV of a
    comparison are made in English: `toolkit.workflow.opening.compare_files`)."""
    notes = []
    products = (old.assessment.metadata.product, new.assessment.metadata.product)
    if all(products) and products[0] != products[1]:
        notes.append(
            _(
                "The files assess different products ({old} and {new}); a comparison is "
                "meant for two assessments of the same product."
            ).format(old=products[0], new=products[1])
        )
    if old.unknown_ids:
        notes.append(
            _(
                "{path} answers controls that {pack} {version} no longer has ({ids}); they "
                "are listed as removed."
            ).format(
                path=old.path, pack=pack.id, version=pack.version, ids=", ".join(old.unknown_ids)
            )
        )
    if new.unknown_ids:
        notes.append(
            _(
                "{path} answers controls that {pack} {version} does not have ({ids}); they "
                "are not scored."
            ).format(
                path=new.path, pack=pack.id, version=pack.version, ids=", ".join(new.unknown_ids)
            )
        )
    if old_pack is None and old.assessment.pack.version != pack.version:
        notes.append(
            _(
                "{path} was answered against {pack} {answered}; both sides are scored with "
                "{version}. Give the old pack folder (--old-pack) to score it as answered and "
                "to see which controls were added or reworded."
            ).format(
                path=old.path,
                pack=pack.id,
                answered=old.assessment.pack.version,
                version=pack.version,
            )
        )
    return notes
