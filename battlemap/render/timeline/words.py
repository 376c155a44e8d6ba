"""`battlemap history --format text`: the movements by month, in the account's language.

Every line goes through `printable`: names, flag sentences and commit subjects come from the
repository, which anyone with push rights may write.
"""

from __future__ import annotations

from battlemap.diagnostics import printable
from battlemap.language import Words, counted
from battlemap.money import money
from battlemap.movements import Movement, movements
from battlemap.playbook.labels import Labels
from battlemap.timeline import Point, Timeline

_SENTENCES = {
    "deal-added": Words("new deal {subject} ({after})", "新商机 {subject}（{after}）"),
    "deal-removed": Words("deal {subject} removed", "商机 {subject} 已移除"),
    "stage-forward": Words(
        "{subject}: advanced {before} → {after}", "{subject}：推进 {before} → {after}"
    ),
    "stage-back": Words(
        "{subject}: slipped back {before} → {after}", "{subject}：回退 {before} → {after}"
    ),
    "result": Words("{subject}: {after}", "{subject}：{after}"),
    "coverage": Words(
        "{subject}: coverage {before} → {after}", "{subject}：覆盖 {before} → {after}"
    ),
    "value": Words("{subject}: value {before} → {after}", "{subject}：金额 {before} → {after}"),
    "close-date": Words(
        "{subject}: close date {before} → {after}", "{subject}：预计成交 {before} → {after}"
    ),
    "joined": Words("{subject} joined", "{subject} 加入"),
    "left": Words("{subject} left", "{subject} 离开"),
    "stance": Words("{subject}: stance {before} → {after}", "{subject}：立场 {before} → {after}"),
    "influence": Words(
        "{subject}: influence {before} → {after}", "{subject}：影响力 {before} → {after}"
    ),
    "trust": Words(
        "{subject}: {detail} {before} → {after}", "{subject}：{detail} {before} → {after}"
    ),
    "flag-opened": Words("new risk: {subject}", "新风险：{subject}"),
    "flag-closed": Words("risk cleared: {subject}", "风险解除：{subject}"),
}
_LABEL_GROUPS = {
    "result": "results",
    "coverage": "coverage",
    "stance": "stances",
    "influence": "influence",
}
_BROKEN = Words("the file had {errors.en}: not assessed", "文件有 {errors.zh}，未评估")
_REMOVED = Words("the file was deleted", "文件被删除")
_HEADER = Words("{name}: {points.en}, {first} → {last}", "{name}：{points.zh}，{first} → {last}")
_NOTHING = Words("no movement", "没有变化")


def sentence(move: Movement, labels: Labels, currency: str) -> str:
    """One movement in words."""
    key = move.kind
    before, after = move.before, move.after
    if key in ("stage", "deal-added"):
        if key == "stage":
            order = labels.stage_order
            forward = (
                order.index(after) > order.index(before) if {before, after} <= set(order) else True
            )
            key = "stage-forward" if forward else "stage-back"
        before, after = labels.stage(before) if before else "", labels.stage(after)
    elif key in _LABEL_GROUPS:
        before, after = (labels.of(_LABEL_GROUPS[key], v) for v in (before, after))
    elif key == "value":
        before, after = (
            money(v, currency, labels.lang) if v is not None else "–" for v in (before, after)
        )
    elif key in ("trust", "close-date"):
        before, after = ("–" if v is None else str(v) for v in (before, after))
    detail = labels.pillar(move.detail) if move.detail else ""
    return (
        _SENTENCES[key]
        .format(subject=move.subject, before=before, after=after, detail=detail)
        .in_(labels.lang)
    )


def point_sentences(found: Timeline, lang: str) -> list[tuple[Point, list[str]]]:
    """Each point with what it changed against the last assessed point before it, in words
    (a broken or deleting revision says so)."""
    labels = Labels(found.playbook, lang)
    latest = next((p.account for p in reversed(found.points) if p.account is not None), None)
    currency = latest.currency if latest else "CNY"
    said: list[tuple[Point, list[str]]] = []
    previous: Point | None = None
    for point in found.points:
        if point.removed:
            lines = [_REMOVED.in_(lang)]
        elif point.account is None:
            errors = counted(point.errors, "error", "errors", "个错误")
            lines = [_BROKEN.format(errors=errors).in_(lang)]
        elif previous is None:
            lines = []
        else:
            lines = [sentence(move, labels, currency) for move in movements(previous, point)]
        if point.account is not None:
            previous = point
        said.append((point, lines))
    return said


def account_name(found: Timeline) -> str:
    latest = next((p.account for p in reversed(found.points) if p.account is not None), None)
    return latest.name if latest else found.file


def format_history(found: Timeline, lang: str) -> str:
    """The movements by month (``YYYY-MM`` headings), each under its commit."""
    points = found.points
    header = _HEADER.format(
        name=account_name(found),
        points=counted(len(points), "commit", "commits", "个提交"),
        first=points[0].revision.date[:10],
        last=points[-1].revision.date[:10],
    )
    lines = [header.in_(lang)]
    month = ""
    for point, said in point_sentences(found, lang):
        if not said:
            continue
        if point.revision.date[:7] != month:
            month = point.revision.date[:7]
            lines.append(month)
        revision = point.revision
        lines.append(f"  {revision.date[5:10]} {revision.commit[:7]} {revision.subject}")
        lines += [f"    {line}" for line in said]
    if len(lines) == 1:
        lines.append("  " + _NOTHING.in_(lang))
    return "\n".join(printable(line) for line in lines) + "\n"
