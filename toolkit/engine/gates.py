"""CI gates: turn a Result into the reasons a pipeline should fail, or none.

Teams that keep their assessment in a repository run `crbd score` in CI; a
gate is a rule they choose (a minimum score, no gap at or above a severity).
This module only says which rules failed and why; the CLI maps a failure to
exit code 1.
"""

from __future__ import annotations

from toolkit.engine.choices import FailOn as FailOn
from toolkit.model.pack import Severity
from toolkit.model.result import Result

_AT_OR_ABOVE: dict[FailOn, tuple[Severity, ...]] = {
    FailOn.CRITICAL: (Severity.CRITICAL,),
    FailOn.HIGH: (Severity.CRITICAL, Severity.HIGH),
}


def gate_failures(
    result: Result, fail_under: float | None = None, fail_on: FailOn | None = None
) -> list[str]:
    """One sentence per failed gate, naming the score or the gaps; empty when all pass."""
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
        gaps = [gap for gap in result.gaps if gap.severity in severities]
        if gaps:
            listed = ", ".join(
                f"{gap.control_id} ({gap.severity.value}, "
                f"{gap.answer.value if gap.answer else 'unanswered'})"
                for gap in gaps
            )
            failures.append(f"{len(gaps)} gaps of severity {fail_on.value} or above: {listed}")
    return failures
