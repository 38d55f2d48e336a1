"""CI gates: turn a Result into the reasons a pipeline should fail, or none.

Teams that keep their assessment in a repository run `crbd score` in CI; a
gate is a rule they choose (a minimum score, no gap at or above a severity).
This module only says which rules failed and why; the CLI maps a failure to
exit code 1.
"""

from __future__ import annotations

from toolkit.engine.choices import FailOn as FailOn
from toolkit.engine.risk import current_acceptance
from toolkit.errors import UnknownItem
from toolkit.model.pack import Severity
from toolkit.model.result import Result, RiskLine, RiskRegister

_AT_OR_ABOVE: dict[FailOn, tuple[Severity, ...]] = {
    FailOn.CRITICAL: (Severity.CRITICAL,),
    FailOn.HIGH: (Severity.CRITICAL, Severity.HIGH),
}


def gate_failures(
    result: Result, fail_under: float | None = None, fail_on: FailOn | None = None
) -> list[str]:
    """One sentence per failed gate, naming the score or the gaps; empty when all pass.

    A gap whose risk acceptance is in force does not fail `fail_on`; an expired
    acceptance counts as none.
    """
    failures = []
    if fail_under is not None:
        overall = result.overall.score
        if overall is None:
            failures.append(
                f"no control could be scored, so the score is not {fail_under:g} or more"
            )
        elif overall < fail_under:
            failures.append(f"the overall score {overall:g} is below {fail_under:g}")
    if fail_on is not None:
        severities = _AT_OR_ABOVE[fail_on]
        accepted = set(result.accepted)
        gaps = [
            gap
            for gap in result.gaps
            if gap.severity in severities and gap.control_id not in accepted
        ]
        if gaps:
            listed = ", ".join(
                f"{gap.control_id} ({gap.severity.value}, "
                f"{gap.answer.value if gap.answer else 'unanswered'})"
                for gap in gaps
            )
            failures.append(f"{len(gaps)} gaps of severity {fail_on.value} or above: {listed}")
    return failures


def risk_gate_failures(register: RiskRegister, fail_on_risk: str) -> list[str]:
    """The harms whose remaining risk (recorded, else suggested) is at or above `fail_on_risk`
    without a current acceptance; one sentence, or none."""
    if fail_on_risk not in register.levels:
        known = ", ".join(register.levels) or "none: the pack has no harm catalogue"
        raise UnknownItem(f"{fail_on_risk!r} is not a risk level of the pack; use {known}.")
    threshold = register.rank(fail_on_risk)
    failing = [
        line
        for line in register.by_residual()
        if register.rank(line.standing) >= threshold and not current_acceptance(line)
    ]
    if not failing:
        return []
    listed = ", ".join(
        f"{line.harm_id} ({line.standing}, "
        f"{'acceptance expired' if line.acceptance_expired else _how(line)})"
        for line in failing
    )
    return [
        f"{len(failing)} residual risks at {fail_on_risk} or above without a current "
        f"acceptance: {listed}"
    ]


def _how(line: RiskLine) -> str:
    return line.decision.value if line.decision else "not assessed, suggested"
