from bot.cogs.explain.embeds import ANSWER_MAX, AnswerForm


async def test_answer_form_is_not_kept_by_discord_py() -> None:
    # A stopped modal is sent but not stored (nor timed) by discord.py: the router answers its submit.
    form = AnswerForm("recall:explain:submit:d:c", "answer:123", "P" * 300)
    assert form.is_finished()
    data = form.to_dict()
    assert data["custom_id"] == "recall:explain:submit:d:c" and len(data["title"]) <= 45
    (text_input,) = [c for row in data["components"] for c in row["components"]]
    assert text_input["custom_id"] == "answer:123" and text_input["max_length"] == ANSWER_MAX
    assert len(text_input["label"]) <= 45
