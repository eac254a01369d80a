"""The report as sentences: the headline, each problem, where it is, the cost line, the whole report for the CLI."""

from __future__ import annotations

from core.dataset.validate.report import MIN_TRAINING_EXAMPLES, Problem, Report, UnreadableFile
from core.dataset.validate.together import PROVIDER_TOGETHER
from core.i18n import t


def problem_text(problem: Problem, lang: str, limit: int, minimum: int = MIN_TRAINING_EXAMPLES, model: str = "") -> str:
    """One plain sentence for a problem: what is wrong and how to fix it (``minimum``: the provider's)."""
    return t(f"validate.{problem.code}", lang, minimum=minimum, limit=limit, model=model)


def where_text(problem: Problem, lang: str, shown: int = 10) -> str:
    """'lines 3, 7, 9 …' (file) or 'examples #12, #40' (store), empty for dataset-level problems."""
    if not problem.refs:
        return ""
    by_line = problem.refs[0].line is not None
    marks = [
        str(r.line) if by_line else (f"#{r.example_id}" if r.example_id is not None else str(r.index + 1))
        for r in problem.refs[:shown]
    ]
    where = ", ".join(marks) + (" …" if problem.count > shown and len(problem.refs) > shown else "")
    return t("validate.where_lines" if by_line else "validate.where_examples", lang, where=where)


def headline(report: Report, lang: str) -> str:
    """ "Ready to upload …" or "Not ready: N blocking errors …"."""
    if report.ready:
        return t("validate.ready", lang, n=report.n_examples, warnings=report.n_warnings)
    return t("validate.not_ready", lang, n=report.n_examples, errors=report.n_errors, warnings=report.n_warnings)


def cost_text(report: Report, lang: str) -> str:
    """Epochs × billed tokens → dollars, with the price and its date."""
    cost = report.cost
    return t(
        "validate.cost_line",
        lang,
        epochs=cost.n_epochs,
        billed=f"{cost.billed_tokens:,}",
        cost=f"{cost.cost_usd:,.2f}",
        price=f"{cost.price_per_1m:g}",
        model=cost.model,
        date=cost.price_date,
    )


def render_text(report: Report, lang: str = "en") -> str:
    """The report as the CLI prints it (the page shows the same facts)."""
    lines = [headline(report, lang)]
    sections = (("validate.errors_heading", report.errors), ("validate.warnings_heading", report.warnings))
    for heading, problems in sections:
        if problems:
            lines += ["", t(heading, lang)]
            for problem in problems:
                where = where_text(problem, lang)
                text = problem_text(problem, lang, report.example_token_limit, report.minimum, report.model)
                lines.append(
                    f"- [{problem.code}] {t('validate.count', lang, count=problem.count)} "
                    f"{text}" + (f" ({where})" if where else "")
                )
    tokens = sorted(report.tokens_per_example)
    if tokens:
        lines += [
            "",
            t(
                "validate.tokens_line",
                lang,
                encoding=report.encoding,
                total=sum(tokens),
                min=tokens[0],
                median=tokens[len(tokens) // 2],
                max=tokens[-1],
                assistant=sum(report.assistant_tokens_per_example),
            ),
        ]
    if not report.exact:
        lines.append(t("validate.estimate_flag", lang))
    if report.provider == PROVIDER_TOGETHER:
        lines.append(t("validate.together_cost_elsewhere", lang))  # OpenAI's prices would mislead
    else:
        lines.append(cost_text(report, lang))
    return "\n".join(lines)


def unreadable_text(error: UnreadableFile, lang: str = "en") -> str:
    """The message for a file that can't be read at all."""
    return t(f"validate.unreadable.{error.code}", lang, **error.details)
