"""Evaluate and explain `applies_when` conditions against a product profile.

Evaluation is three-valued: while a profile question is unanswered, a
condition that depends on it is `None` (unknown), and callers keep such
controls in scope, so a half-filled profile never hides a control. The
explanations exist so the report can say *which answer* put a control out of
scope, in words a reviewer can check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from toolkit.model.pack import (
    FEATURES,
    JURISDICTIONS,
    AllCondition,
    AnyCondition,
    Condition,
    ConditionDefinition,
    FeatureCondition,
    NamedCondition,
    NotCondition,
    ProfileCondition,
    ProfileQuestion,
    within,
)

ProfileAnswers = Mapping[str, str | Sequence[str]]


class Context:
    """What conditions are evaluated against: the pack's questions and named conditions."""

    def __init__(
        self,
        questions: Sequence[ProfileQuestion],
        named: Mapping[str, ConditionDefinition],
        answers: ProfileAnswers,
    ) -> None:
        self.questions = {question.id: question for question in questions}
        self.named = named
        self.answers = answers

    def label(self, question_id: str, value: str) -> str:
        question = self.questions.get(question_id)
        option = question.option(value) if question else None
        return option.label if option else value


def evaluate(condition: Condition, context: Context) -> bool | None:
    """True, False, or None when an unanswered profile question decides it."""
    match condition:
        case FeatureCondition(feature=feature):
            features = context.answers.get(FEATURES)
            if features is None:
                return None
            question = context.questions.get(FEATURES)
            chosen = _as_list(features)
            return feature in (question.expanded(chosen) if question else set(chosen))
        case ProfileCondition(profile=question, values=values):
            answer = context.answers.get(question)
            if answer is None:
                return None
            chosen = _as_list(answer)
            # A product offered in Texas is offered in the United States.
            given = within(chosen) if question == JURISDICTIONS else set(chosen)
            return bool(given & set(values))
        case NamedCondition(condition=name):
            return evaluate(context.named[name].when, context)
        case AnyCondition(any=parts):
            results = [evaluate(part, context) for part in parts]
            return True if True in results else (None if None in results else False)
        case AllCondition(all=parts):
            results = [evaluate(part, context) for part in parts]
            return False if False in results else (None if None in results else True)
        case NotCondition(not_=part):
            result = evaluate(part, context)
            return None if result is None else not result
    raise AssertionError(f"unhandled condition {condition!r}")


def describe(condition: Condition, context: Context) -> str:
    """The condition in words: `the product has Livestreaming and ...`."""
    match condition:
        case FeatureCondition(feature=feature):
            return f"the product has {in_sentence(context.label(FEATURES, feature))}"
        case ProfileCondition(profile=question, values=values):
            return _profile_phrase(question, values, context)
        case NamedCondition(condition=name):
            return context.named[name].description
        case AnyCondition(any=parts):
            return " or ".join(_nested(part, context) for part in parts)
        case AllCondition(all=parts):
            return " and ".join(_nested(part, context) for part in parts)
        case NotCondition(not_=part):
            return f"not ({describe(part, context)})"
    raise AssertionError(f"unhandled condition {condition!r}")


def reasons(condition: Condition, context: Context, outcome: bool) -> list[str]:
    """The profile facts that make `condition` evaluate to `outcome`."""
    match condition:
        case FeatureCondition(feature=feature):
            label = in_sentence(context.label(FEATURES, feature))
            return [f"the product has {label}" if outcome else f"the product has no {label}"]
        case ProfileCondition(profile=question):
            answer = context.answers.get(question)
            given = ", ".join(context.label(question, v) for v in _as_list(answer or []))
            text = context.questions[question].text if question in context.questions else question
            return [f"{text} {given or 'none'}"]
        case NamedCondition(condition=name):
            return reasons(context.named[name].when, context, outcome)
        case AnyCondition(any=parts) | AllCondition(all=parts):
            deciding = [part for part in parts if evaluate(part, context) is outcome]
            return _unique(fact for part in deciding for fact in reasons(part, context, outcome))
        case NotCondition(not_=part):
            return reasons(part, context, not outcome)
    raise AssertionError(f"unhandled condition {condition!r}")


def in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: `Livestreaming` → `livestreaming`, but `AI chat`
    and other labels that open with an acronym keep their capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _profile_phrase(question: str, values: Sequence[str], context: Context) -> str:
    labels = " or ".join(context.label(question, value) for value in values)
    text = context.questions[question].text if question in context.questions else question
    return f"{text} {labels}"


def _nested(condition: Condition, context: Context) -> str:
    text = describe(condition, context)
    return f"({text})" if isinstance(condition, AnyCondition | AllCondition) else text


def _as_list(answer: str | Sequence[str]) -> list[str]:
    return [answer] if isinstance(answer, str) else list(answer)


def _unique(facts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(facts))
