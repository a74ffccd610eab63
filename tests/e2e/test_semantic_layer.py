"""End to end: the real bot says at start which grading layers are on; with the semantic layer asked for
but no model it refuses in one line; with a model (one the tests make) an /explain answer in other words
earns its ✓, shown beside the member's own clause."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import RECALL_COMMAND, BotProcess, recall_env
from tests.e2e.test_bot_startup import run_to_exit
from tests.semantic.tiny_model import SAMPLE_DECK, build_tiny_model


async def test_the_start_log_says_the_semantic_layer_is_off(fake_discord: FakeDiscord, recall_bot: BotProcess) -> None:
    lines = [line for line in recall_bot.logs().splitlines() if "grading layers:" in line]
    assert len(lines) == 1 and "semantic off" in lines[0], recall_bot.logs()[-2000:]


async def test_on_without_a_model_is_one_line_and_exit_2(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = recall_env(fake_discord, tmp_path)
    env["RECALL_SEMANTIC"] = "on"
    env["RECALL_SEMANTIC_MODEL"] = str(tmp_path / "no-model-here")
    code, stdout, stderr = await run_to_exit(env, tmp_path)
    assert code == 2, stderr
    lines = [line for line in stderr.splitlines() if line.strip() and "grading layers" not in line]
    assert lines[-1].startswith("recall: RECALL_SEMANTIC_MODEL=") and "model.onnx" in lines[-1], stderr
    assert "Traceback" not in stderr + stdout
    assert not fake_discord.gateway.sessions  # refused before connecting


async def test_a_paraphrase_earns_its_tick_in_other_words(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "semantic-sample.yaml").write_text(SAMPLE_DECK, encoding="utf-8")
    model = build_tiny_model(tmp_path / "model")
    env = recall_env(fake_discord, tmp_path)
    env.update(RECALL_CONTENT_DIR=str(content), RECALL_SEMANTIC="on", RECALL_SEMANTIC_MODEL=str(model))
    bot = BotProcess(RECALL_COMMAND, env, tmp_path, name="semantic")
    await bot.start(fake_discord)
    try:
        assert "semantic on (tiny test model" in bot.logs()
        alice = fake_discord.users["alice"]
        question = await fake_discord.slash("explain", {"deck": "semantic-sample", "level": "intermediate"}, user=alice)
        (answer_button,) = [cid for cid in question.custom_ids() if cid.startswith("recall:explain:answer:")]
        form = await fake_discord.click(question, answer_button, user=alice)
        assert form.modal is not None
        (text_input,) = [c for row in form.modal["components"] for c in row.get("components", [])]
        graded = await fake_discord.submit_modal(
            form, {text_input["custom_id"]: "The leaves soak up sunshine all day. They do not drink any rain."})
        lines = graded.text().splitlines()
        assert "✓ Light energy is captured — in other words: “The leaves soak up sunshine all day”" in lines, lines
        assert "✗ Water is split" in lines, lines  # said not to hold: no credit in other words either
    finally:
        assert await bot.stop() == 0
