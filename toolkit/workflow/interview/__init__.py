"""The interview: a session any front end can drive, and the walk-through over an `Asker`.

The core is a pure step machine, `Interview` (in `steps`): given the pack, the
assessment and a `Position`, `step` says what to ask next (the question with
its screen, guidance, why, allowed choices and default), and `submit` takes
one reply or one `Action` (back, skip, quit: never text), validates it with
the answers files' messages, records and saves what it confirms, and returns
a `Submitted` with the next position. A front end loops over those two calls:

    interview = Interview(pack, assessment, session)
    position = interview.begin()
    while (step := interview.step(position)) is not None:
        reply = ...  # show step.screen, step.note, step.prompt; read text or an Action
        done = interview.submit(position, reply, save)
        if done.refused: ...  # show it; ask again at the same position
        if done.stopped: break
        interview = Interview(pack, done.assessment, session)
        position = done.position

A stateless front end (the browser) keeps only `position.token()` between
requests and calls `reply_to_file(path, session, token, reply)`: it takes the
file's lock, reads the file as it is now, applies the one reply and saves
atomically (`answer_in_file` does the same for a caller holding the lock).
The `Session` (who answers, today, domains, review) is not in the token: the
front end gives the same one with each request. The first phase (`Phase.METADATA`)
asks the product's name, version and organisation for a file that names none, and
who is answering when the session confirms it (`Session.confirm_name`); the name
given comes back as `Submitted.answered_by`, for the front end's `Session` from then
on. The scope summary, the running score
(`Submitted.said`) and the closing summary are for the front end to lay out. `run_interview` and
`run_risk_step` are the terminal's walk over an `Asker` around that machine.
"""

from toolkit.workflow.interview.flow import (
    run_interview,
    run_risk_step,
    show_summary,
)
from toolkit.workflow.interview.followups import closed
from toolkit.workflow.interview.metadata import last_assessor
from toolkit.workflow.interview.risk import harms_to_ask
from toolkit.workflow.interview.session import (
    ACTION_KEYS,
    Action,
    Asker,
    Choice,
    Field,
    Outcome,
    Phase,
    Position,
    Save,
    Session,
    Step,
    Submitted,
)
from toolkit.workflow.interview.steps import (
    Answered,
    Interview,
    answer_in_file,
    questions,
    questions_left,
    reply_to_file,
)

__all__ = [
    "ACTION_KEYS",
    "Action",
    "Answered",
    "Asker",
    "Choice",
    "Field",
    "Interview",
    "Outcome",
    "Phase",
    "Position",
    "Save",
    "Session",
    "Step",
    "Submitted",
    "answer_in_file",
    "closed",
    "harms_to_ask",
    "last_assessor",
    "questions",
    "questions_left",
    "reply_to_file",
    "run_interview",
    "run_risk_step",
    "show_summary",
]
