"""Operating the bot: backups and restores, the one-instance lock, log setup, the study calendar.

Nothing here imports discord; the Discord adapter and the terminal both call into these modules.
"""
