"""The bundled example assessments: fictional products for demos, workshops and tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.engine.risk import assess_risk
from toolkit.engine.scoring import WEIGHT, score
from toolkit.engine.workshop import worksheet_domains
from toolkit.errors import FileProblem, UnknownItem, UsageProblem
from toolkit.i18n import _, current_language
from toolkit.model.assessment import Assessment, Metadata
from toolkit.model.files import load_assessment, to_yaml
from toolkit.model.overlays import translated
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.workflow.opening import Opened, open_assessment


@dataclass(frozen=True)
class Example:
    """One example: its name (the file's stem), where it is, and what it is."""

    name: str
    path: Path
    description: str


@dataclass(frozen=True)
class Audience:
    """Who an example is for, in its pack's words: what a trainer picks an example by."""

    example: Example
    audience: str
    """How the profile answers "who is the product for?"."""
    ages: list[str]
    features: list[str]
    harms: list[str]
    """The titles of the harms its profile puts in scope."""
    harms_total: int
    not_raised: list[str]
    """The titles of the pack's harms its profile leaves out of scope."""


def audiences(pack_dirs: Sequence[Path] = (), language: str | None = None) -> list[Audience]:
    """Every bundled example with its audience, ages, features and the harms in scope; with
    `language`, in the pack's words in that language where its overlay has them."""
    found = []
    for example in examples():
        opened = open_assessment(example.path, pack_dirs)
        pack, assessment = opened.pack, opened.assessment
        if language is not None:
            pack = translated(pack, language)
        register = assess_risk(pack, assessment, score(pack, assessment))
        titles = {harm.id: harm.title for harm in pack.harms}
        found.append(
            Audience(
                example=example,
                audience=", ".join(_labels(pack, assessment.profile, "audience")),
                ages=_labels(pack, assessment.profile, "age_bands"),
                features=_labels(pack, assessment.profile, "features"),
                harms=[line.title for line in register.lines],
                harms_total=len(pack.harms),
                not_raised=[titles[out.harm_id] for out in register.out_of_scope],
            )
        )
    return found


def _labels(pack: Pack, profile: Mapping[str, str | list[str]], question_id: str) -> list[str]:
    """The labels of a profile answer's options, in the pack's order."""
    question = next((q for q in pack.profile if q.id == question_id), None)
    given = profile.get(question_id)
    chosen = [given] if isinstance(given, str) else list(given or [])
    if question is None:
        return chosen
    return [option.label for option in question.options if option.value in chosen]


def examples() -> list[Example]:
    """Every bundled example, by name, described from its own metadata."""
    return [_describe(path) for path in sorted(bundled("examples").glob("*.yaml"))]


def _describe(path: Path) -> Example:
    """What the product is, from the file's opening comment (`# Name: what it is.`),
    else who makes it and when it was assessed."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    if first.startswith("#") and ":" in first:
        return Example(path.stem, path, first.lstrip("# ").split(":", 1)[1].strip())
    metadata = load_assessment(path).metadata
    product = " ".join(filter(None, [metadata.product, metadata.product_version]))
    by = f" by {metadata.organisation}" if metadata.organisation else ""
    on = f", assessed {metadata.updated_on.isoformat()}" if metadata.updated_on else ""
    return Example(path.stem, path, f"{product or path.stem}{by}{on}")


def copy_example(
    name: str, destination: Path | None = None, *, blank: bool = False, team: str = ""
) -> Path:
    """Copy an example; never overwrite a file.

    A full copy is byte for byte (comments included). A `blank` copy keeps only
    the product's profile and its description (product, version, organisation):
    no answers, risk ratings, history, sign-offs or assessors, so a workshop
    team starts from the product and records its own answers under `team`
    (empty: the file's name stands for the team).

    `destination` may be a folder (the example keeps its file name) or a file;
    by default it is the example's file name in the current folder.
    """
    found = {example.name: example for example in examples()}
    if name not in found:
        raise UnknownItem(
            _("No example called {name}; use one of {names}.").format(
                name=repr(name), names=", ".join(sorted(found))
            )
        )
    if team and not blank:
        raise UsageProblem(
            _("--as names the team of a blank copy; add --blank, or leave out --as.")
        )
    source = found[name].path
    target = destination or Path(source.name)
    if target.is_dir():
        target = target / source.name
    content = blank_copy_text(source, target.name, team) if blank else source.read_bytes()
    try:
        with target.open("xb") as stream:  # "x": fails if the file exists, atomically
            stream.write(content)
    except FileExistsError:
        raise FileProblem(
            _(
                "{target} already exists; crbd will not overwrite it. Choose another destination."
            ).format(target=target)
        ) from None
    except OSError as error:
        raise FileProblem(
            _("{target}: cannot write the example ({reason}).").format(
                target=target, reason=error.strerror
            )
        ) from None
    return target


def blank_assessment(example: Assessment, team: str = "") -> Assessment:
    """The example's product and profile with nothing answered, rated or signed."""
    described = example.metadata
    return Assessment(
        pack=example.pack.model_copy(update={"content_hash": "", "fingerprints": {}}),
        metadata=Metadata(
            product=described.product,
            product_version=described.product_version,
            organisation=described.organisation,
            assessors=[team] if team else [],
        ),
        profile=dict(example.profile),
    )


def blank_copy_text(source: Path, file_name: str, team: str = "") -> bytes:
    """A blank copy of the example file `source`, to be saved as `file_name`, headed by a
    comment saying what it is."""
    blank = blank_assessment(load_assessment(source), team)
    product = blank.metadata.product or source.stem
    head = "# " + " ".join(
        _(
            "{product} (fictional), blank copy for a workshop: the product profile only. "
            "Answer it with: crbd assess {file}"
        )
        .format(product=product, file=file_name)
        .split()
    )
    return f"{head}\n{to_yaml(blank)}".encode()


GUIDE = "facilitator-guide.md"
"""The facilitator's guide, a Markdown file beside the examples; in another language it is
`facilitator-guide.<lang>.md` beside it, and English where there is none."""

QUESTIONS_PER_DOMAIN = 3
"""How many controls, the most severe first, open each domain's discussion."""


def facilitator_guide(pack_dirs: Sequence[Path] = ()) -> str:
    """The facilitator's guide as Markdown, its tables and questions filled in from the
    examples and their pack: each domain's size per example, and the most severe controls
    of each domain with why they matter."""
    text = guide_file().read_text(encoding="utf-8")
    opened = [(example, open_assessment(example.path, pack_dirs)) for example in examples()]
    if not opened:
        return text
    pack = translated(opened[0][1].pack, current_language())
    return text.replace("<!-- crbd: domain sizes -->", _domain_sizes(pack, opened)).replace(
        "<!-- crbd: discussion questions -->", _questions(pack)
    )


def guide_file() -> Path:
    """The guide in the language in force, or in English when it has none in that language."""
    folder = bundled("examples")
    own = folder / GUIDE.replace(".md", f".{current_language()}.md")
    return own if own.is_file() else folder / GUIDE


def _domain_sizes(pack: Pack, opened: Sequence[tuple[Example, Opened]]) -> str:
    names = [o.assessment.metadata.product or example.name for example, o in opened]
    counts = [
        {
            domain.prefix: len(controls)
            for domain, controls in worksheet_domains(o.pack, o.assessment)
        }
        for _, o in opened
    ]
    rows = [
        f"| {domain.prefix} {domain.title} | "
        + " | ".join(str(count.get(domain.prefix, 0)) for count in counts)
        + " |"
        for domain in pack.domains
    ]
    totals = " | ".join(str(sum(count.values())) for count in counts)
    head = "| " + _("Domain") + " | " + " | ".join(names) + " |"
    rule = "|---" + "|---:" * len(names) + "|"
    return "\n".join([head, rule, *rows, f"| **{_('All domains')}** | {totals} |"])


def _questions(pack: Pack) -> str:
    parts = []
    for domain in pack.domains:
        ranked = sorted(domain.controls, key=lambda control: -WEIGHT[control.severity])
        lines = [f"### {domain.prefix} {domain.title}", ""]
        for control in ranked[:QUESTIONS_PER_DOMAIN]:
            question = " ".join(control.question.split())
            why = " ".join(control.why.split())
            lines.append(
                f"- **{control.id} {control.title}** ({_(control.severity.value)}). {question} "
                + _("*Why it matters:* {why}").format(why=why)
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
