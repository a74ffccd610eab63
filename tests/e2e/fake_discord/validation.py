"""Discord's documented size limits on what a bot sends, so a body real Discord would refuse with
400 / 50035 "Invalid Form Body" is refused here too (and recorded), instead of passing silently."""

from __future__ import annotations

from typing import Any

COMPONENTS_V2 = 1 << 15
EMBED_LIMITS = {"title": 256, "description": 4096}
TEXT_INPUT, STRING_SELECT, BUTTON, ACTION_ROW, LABEL = 4, 3, 2, 1, 18
SELECTS = (3, 5, 6, 7, 8)

Problems = list[tuple[str, str]]  # (dotted path, message)


def _too_long(problems: Problems, path: str, value: Any, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        problems.append((path, f"Must be {limit} or fewer in length."))


def _embeds(problems: Problems, embeds: list[dict[str, Any]]) -> None:
    if len(embeds) > 10:
        problems.append(("embeds", "Must be 10 or fewer in length."))
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in EMBED_LIMITS.items():
            _too_long(problems, f"embeds.{i}.{key}", embed.get(key), limit)
            total += len(embed.get(key) or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append((f"embeds.{i}.fields", "Must be 25 or fewer in length."))
        for j, field in enumerate(fields):
            _too_long(problems, f"embeds.{i}.fields.{j}.name", field.get("name"), 256)
            _too_long(problems, f"embeds.{i}.fields.{j}.value", field.get("value"), 1024)
            if not field.get("name") or not field.get("value"):
                problems.append((f"embeds.{i}.fields.{j}", "Field name and value are required."))
            total += len(field.get("name") or "") + len(field.get("value") or "")
        footer = (embed.get("footer") or {}).get("text")
        _too_long(problems, f"embeds.{i}.footer.text", footer, 2048)
        author = (embed.get("author") or {}).get("name")
        _too_long(problems, f"embeds.{i}.author.name", author, 256)
        total += len(footer or "") + len(author or "")
    if total > 6000:
        problems.append(("embeds", "Embed size exceeds maximum size of 6000"))


def _component(problems: Problems, path: str, component: dict[str, Any], seen: set[str]) -> None:
    custom_id = component.get("custom_id")
    if custom_id is not None:
        if not 1 <= len(custom_id) <= 100:
            problems.append((f"{path}.custom_id", "Must be between 1 and 100 in length."))
        if custom_id in seen:
            problems.append((f"{path}.custom_id", "Component custom id cannot be duplicated"))
        seen.add(custom_id)
    kind = component.get("type")
    if kind == BUTTON:
        _too_long(problems, f"{path}.label", component.get("label"), 80)
        if component.get("style") != 5 and component.get("style") != 6 and custom_id is None:
            problems.append((f"{path}.custom_id", "A custom id is required"))
    elif kind in SELECTS:
        options = component.get("options") or []
        if kind == STRING_SELECT and not 1 <= len(options) <= 25:
            problems.append((f"{path}.options", "Must be between 1 and 25 in length."))
        for k, option in enumerate(options):
            for key in ("label", "value", "description"):
                _too_long(problems, f"{path}.options.{k}.{key}", option.get(key), 100)
        _too_long(problems, f"{path}.placeholder", component.get("placeholder"), 150)
    elif kind == TEXT_INPUT:
        _too_long(problems, f"{path}.label", component.get("label"), 45)
        _too_long(problems, f"{path}.placeholder", component.get("placeholder"), 100)
        _too_long(problems, f"{path}.value", component.get("value"), 4000)
        for key in ("min_length", "max_length"):
            value = component.get(key)
            if value is not None and not 0 <= int(value) <= 4000:
                problems.append((f"{path}.{key}", "Must be between 0 and 4000."))
    children = component.get("components") or []
    if kind == ACTION_ROW and not 1 <= len(children) <= 5:
        problems.append((f"{path}.components", "Must be between 1 and 5 in length."))
    for k, child in enumerate(children):
        _component(problems, f"{path}.components.{k}", child, seen)
    for key in ("accessory", "component"):
        if isinstance(component.get(key), dict):
            _component(problems, f"{path}.{key}", component[key], seen)


def _components(problems: Problems, components: list[dict[str, Any]], flags: int) -> None:
    if not flags & COMPONENTS_V2 and len(components) > 5:
        problems.append(("components", "Must be 5 or fewer in length."))
    seen: set[str] = set()
    for i, component in enumerate(components):
        _component(problems, f"components.{i}", component, seen)


def _poll(problems: Problems, poll: dict[str, Any]) -> None:
    _too_long(problems, "poll.question.text", (poll.get("question") or {}).get("text"), 300)
    answers = poll.get("answers") or []
    if not 1 <= len(answers) <= 10:
        problems.append(("poll.answers", "Must be between 1 and 10 in length."))
    for i, answer in enumerate(answers):
        _too_long(
            problems, f"poll.answers.{i}.poll_media.text", (answer.get("poll_media") or {}).get("text"), 55
        )
    duration = poll.get("duration", 24)
    if not 1 <= int(duration) <= 768:
        problems.append(("poll.duration", "Must be between 1 and 768."))


def message_problems(body: dict[str, Any]) -> Problems:
    """Limits on a message create/edit body (channel message, interaction response, follow-up)."""
    problems: Problems = []
    _too_long(problems, "content", body.get("content"), 2000)
    flags = int(body.get("flags") or 0)
    if flags & COMPONENTS_V2 and body.get("content"):
        problems.append(("content", "Cannot send content with components v2"))
    _embeds(problems, body.get("embeds") or [])
    _components(problems, body.get("components") or [], flags)
    if body.get("poll"):
        _poll(problems, body["poll"])
    return problems


def modal_problems(data: dict[str, Any]) -> Problems:
    problems: Problems = []
    _too_long(problems, "data.title", data.get("title"), 45)
    if not 1 <= len(data.get("custom_id") or "") <= 100:
        problems.append(("data.custom_id", "Must be between 1 and 100 in length."))
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        problems.append(("data.components", "Must be between 1 and 5 in length."))
    seen: set[str] = set()
    for i, component in enumerate(components):
        _component(problems, f"data.components.{i}", component, seen)
    return problems


def choices_problems(data: dict[str, Any]) -> Problems:
    problems: Problems = []
    choices = data.get("choices") or []
    if len(choices) > 25:
        problems.append(("data.choices", "Must be 25 or fewer in length."))
    for i, choice in enumerate(choices):
        if not 1 <= len(str(choice.get("name") or "")) <= 100:
            problems.append((f"data.choices.{i}.name", "Must be between 1 and 100 in length."))
        _too_long(problems, f"data.choices.{i}.value", choice.get("value"), 100)
    return problems


def form_error_body(problems: Problems) -> dict[str, Any]:
    """Discord's nested `errors` object, which discord.py flattens into its exception text."""
    errors: dict[str, Any] = {}
    for path, message in problems:
        node = errors
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
