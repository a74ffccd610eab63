from bot.cogs.timezone.cog import suggest


def test_suggestions() -> None:
    assert "Europe/Berlin" in suggest("berl")
    assert suggest("new_y")[0] == "America/New_York"
    assert suggest("new y")[0] == "America/New_York"
    assert len(suggest("a")) == 25
    assert suggest("") and suggest("zzzz-nothing") == []
    assert suggest("<@123> **x**") == []
