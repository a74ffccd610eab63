from bot.app.fallback import modal_values


def test_modal_values_from_rows_and_labels() -> None:
    data = {
        "custom_id": "recall:x",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "answer:1", "value": "text"}]},
            {"type": 18, "component": {"type": 4, "custom_id": "other", "value": None}},
            {"type": 10, "content": "no input here"},
        ],
    }
    assert modal_values(data) == {"answer:1": "text", "other": ""}
    assert modal_values({}) == {}
    assert modal_values(None) == {}
