"""Record a reviewer's decision on an assessment, keeping every earlier decision.

An auditor needs to see who approved what and when, including decisions that
were later superseded, so a sign-off is only ever appended. The latest
reviewer becomes the assessment's reviewer (the one the report's cover names).
"""

from __future__ import annotations

from datetime import date

from toolkit.errors import UsageProblem
from toolkit.model.assessment import Assessment, Decision, RiskApproval, SignOff
from toolkit.model.hashing import signed_sha256


def signed(
    assessment: Assessment, reviewer: str, decision: Decision, comment: str, on: date
) -> Assessment:
    """A copy of the assessment with this sign-off appended, bound to what it approves."""
    name = reviewer.strip()
    if not name:
        raise UsageProblem("The reviewer's name is empty; give it with --reviewer NAME.")
    entry = SignOff.model_validate(
        {
            "reviewer": name,
            "decision": decision,
            "comment": comment.strip(),
            "on": on,
            "assessment_sha256": signed_sha256(assessment),
        }
    )
    metadata = assessment.metadata.model_copy(update={"reviewer": name})
    return assessment.model_copy(
        update={"signoffs": [*assessment.signoffs, entry], "metadata": metadata}
    )


def risk_approved(
    assessment: Assessment, approver: str, decision: Decision, comment: str, on: date
) -> Assessment:
    """A copy with this decision on the children's risk assessment appended, bound to what
    it approves; the approver becomes the accountable person when none is named."""
    name = approver.strip()
    if not name:
        raise UsageProblem("The approver's name is empty; give it with --reviewer NAME.")
    record = assessment.risk_record
    named = assessment.model_copy(
        update={
            "risk_record": record.model_copy(update={"accountable": record.accountable or name})
        }
    )
    entry = RiskApproval.model_validate(
        {
            "approved_by": name,
            "decision": decision,
            "comment": comment.strip(),
            "on": on,
            "assessment_sha256": signed_sha256(named),
        }
    )
    record = named.risk_record
    return named.model_copy(
        update={"risk_record": record.model_copy(update={"approvals": [*record.approvals, entry]})}
    )
